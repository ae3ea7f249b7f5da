import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The `[api]` settings of supabase/config.toml that shape PostgREST's answers. */
export interface ApiSettings {
  /** db-max-rows: no read returns more rows than this, at any level (Supabase's default 1000). */
  maxRows: number | undefined;
  /** Schemas searched after the exposed one, so functions find extensions unqualified. */
  extraSearchPath: string[];
}

export const DEFAULT_API_SETTINGS: ApiSettings = {
  maxRows: 1000,
  extraSearchPath: ['public', 'extensions'],
};

/** The text of the `[api]` table, up to the next table header. */
function apiSection(toml: string): string | undefined {
  const start = /^\s*\[api\]\s*(#.*)?$/m.exec(toml);
  if (!start) return undefined;
  const rest = toml.slice(start.index + start[0].length);
  const next = /^\s*\[[^\]]+\]\s*(#.*)?$/m.exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** Reads `max_rows` and `extra_search_path` as the Supabase CLI does; missing ones keep its defaults. */
export async function readApiSettings(projectDir: string): Promise<ApiSettings> {
  let toml: string;
  try {
    toml = await readFile(path.join(projectDir, 'supabase', 'config.toml'), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_API_SETTINGS;
    throw error;
  }
  const section = apiSection(toml);
  if (section === undefined) return DEFAULT_API_SETTINGS;
  const maxRows = /^\s*max_rows\s*=\s*(\d+)/m.exec(section)?.[1];
  const searchPath = /^\s*extra_search_path\s*=\s*\[([^\]]*)\]/m.exec(section)?.[1];
  return {
    maxRows: maxRows === undefined ? DEFAULT_API_SETTINGS.maxRows : Number(maxRows),
    extraSearchPath:
      searchPath === undefined
        ? DEFAULT_API_SETTINGS.extraSearchPath
        : [...searchPath.matchAll(/"([^"]*)"|'([^']*)'/g)].map(
            (match) => match[1] ?? match[2] ?? '',
          ),
  };
}
