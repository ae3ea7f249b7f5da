// `talentg workstation ... import-leads | distribute`: a manager's lead tools, through the core's
// contract like every other workstation command (docs/manager-cli.md).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './command.js';
import { integerOption, printJson, type Output, type Values } from './workstation-command.js';
import type { CoreAnswer, CoreClient } from '../contract/core-client.js';
import type { DISTRIBUTION_MODES } from '../contract/operations/manager.js';
import { failure, type Failure } from '../domain/failure.js';
import { fileTooLarge, MAX_IMPORT_BYTES } from '../domain/lead-import.js';
import { runLeadImport, type LeadImportPort } from '../domain/lead-import-run.js';
import { DEFAULT_PHONE_COUNTRY } from '../domain/phone.js';

/** A contract answer as the value runLeadImport expects: the data, or the refusal as a Failure. */
function valueOf<T>(answer: CoreAnswer<T>): T | Failure {
  if (answer.success) return answer.data;
  return failure(answer.error.code, answer.error.message, answer.error.details);
}

/** The server side of an import over the core's contract (the CLI's, and the benchmark's). */
export function importPort(client: CoreClient): LeadImportPort {
  return {
    begin: async (fileName) => valueOf(await client.manager.importBegin({ file_name: fileName })),
    stage: async (importId, rows) =>
      valueOf(await client.manager.importStage({ import_id: importId, rows: [...rows] })),
    apply: async (importId, dryRun) =>
      valueOf(await client.manager.importApply({ import_id: importId, dry_run: dryRun })),
    discard: async (importId) =>
      valueOf(await client.manager.importDiscard({ import_id: importId })),
  };
}

export async function importLeads(
  client: CoreClient,
  args: string[],
  values: Values,
  out: Output,
): Promise<number> {
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0) throw new UsageError('use import-leads <file.csv>');
  const size = await stat(file).then(
    (info) => info.size,
    (error: NodeJS.ErrnoException) => {
      throw new UsageError(`cannot read ${file}: ${error.code ?? error.message}`);
    },
  );
  // A 1 GB file is refused from its size, never read into memory.
  if (size > MAX_IMPORT_BYTES) return out.refusal(fileTooLarge(size));
  const bytes = await readFile(file);
  const report = await runLeadImport(
    bytes,
    {
      country: values.country ?? DEFAULT_PHONE_COUNTRY,
      dryRun: values['dry-run'] === true,
      fileName: path.basename(file),
      ...(out.json
        ? {}
        : {
            onProgress: (staged: number) => process.stderr.write(`staged ${staged} rows\n`),
          }),
    },
    importPort(client),
  );
  if ('ok' in report) return out.refusal(report);
  if (out.json) {
    printJson(report);
    return 0;
  }
  console.log(
    `${report.dry_run ? 'Dry run (nothing written): ' : ''}inserted ${report.inserted}, merged ${report.merged}, ` +
      `unchanged ${report.unchanged}, duplicate_in_file ${report.duplicate_in_file}, dnc ${report.dnc}, ` +
      `invalid ${report.invalid} (${report.rows} rows)`,
  );
  for (const refusal of report.refused) {
    console.log(`line ${refusal.line}: ${refusal.kind}: ${refusal.reason}`);
  }
  return 0;
}

type Mode = (typeof DISTRIBUTION_MODES)[number];

function listOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length === 0 ? undefined : items;
}

/** `a@x:2,b@x` → recipients; a weight makes the default mode weighted, a cap makes it capped. */
function recipientsOf(value: string | undefined): { email: string; weight?: number }[] {
  const items = listOption(value);
  if (items === undefined) throw new UsageError('--to is required: --to a@x,b@x (or a@x:2,b@x:1)');
  return items.map((item) => {
    const [email = '', weight, ...more] = item.split(':');
    if (more.length > 0) throw new UsageError(`--to: "${item}" is not email or email:weight`);
    if (weight === undefined) return { email };
    const parsed = Number(weight);
    if (!Number.isInteger(parsed) || parsed < 1)
      throw new UsageError(`--to: the weight of ${email} must be a whole number of 1 or more`);
    return { email, weight: parsed };
  });
}

export async function distribute(client: CoreClient, values: Values, out: Output): Promise<number> {
  const to = recipientsOf(values.to);
  const cap = values.cap === undefined ? undefined : integerOption(values.cap, 'cap', 0);
  const mode = (values.mode ??
    (cap !== undefined
      ? 'capped'
      : to.some((r) => r.weight !== undefined)
        ? 'weighted'
        : 'round-robin')) as Mode;
  const olderThanDays =
    values['older-than-days'] === undefined
      ? undefined
      : integerOption(values['older-than-days'], 'older-than-days', 0);
  const statuses = listOption(values.status);
  const sources = listOption(values.source);
  const timeZones = listOption(values['time-zone']);
  const answer = await client.manager.distribute({
    to,
    // The contract judges the mode, the statuses and the numbers; the CLI only passes them on.
    mode,
    ...(cap === undefined ? {} : { cap }),
    ...(statuses === undefined ? {} : { statuses: statuses as never }),
    ...(sources === undefined ? {} : { sources }),
    ...(timeZones === undefined ? {} : { time_zones: timeZones }),
    ...(olderThanDays === undefined
      ? {}
      : { created_before: new Date(Date.now() - olderThanDays * 86_400_000).toISOString() }),
    unassigned: values.unassigned === true,
    ...(values.limit === undefined ? {} : { limit: integerOption(values.limit, 'limit', 1) }),
  });
  return out.answer(answer, (result) => {
    for (const assignment of result.assignments) {
      console.log(`${assignment.email.padEnd(32)} ${assignment.count}`);
    }
    console.log(`${'total'.padEnd(32)} ${result.total} (${mode})`);
  });
}

/** `reassign --lead <id,...> --to <email|none>`: moves the leads to one telecaller, or back to the pool. */
export async function reassign(client: CoreClient, values: Values, out: Output): Promise<number> {
  const leadIds = listOption(values.lead);
  if (leadIds === undefined) throw new UsageError('--lead is required: --lead <id>[,<id>...]');
  if (values.to === undefined || values.to.trim() === '')
    throw new UsageError("--to is required: a telecaller's email, or none for the unassigned pool");
  const to = values.to.trim() === 'none' ? null : values.to.trim();
  return out.answer(await client.manager.reassign({ lead_ids: leadIds, to }), (result) => {
    console.log(
      `Moved ${result.moved} lead(s) to ${to ?? 'the unassigned pool'}; ${result.unchanged} already there.`,
    );
    for (const id of result.missing) console.log(`no lead ${id}`);
  });
}
