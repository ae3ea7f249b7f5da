-- Installers run 100-250 MB, so the releases bucket takes files up to 1 GiB. Storage caps every bucket
-- at the project's global limit (config.toml `[storage] file_size_limit`, the dashboard's "Global file
-- size limit" on a hosted project), which is therefore 1 GiB too; a bucket of ours other than releases
-- sets its own, smaller limit rather than inherit that one (pgTAP 43 checks every bucket).
update storage.buckets set file_size_limit = 1073741824 where id = 'releases';
