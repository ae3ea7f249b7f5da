import type { Database } from '../../db/index.js';
import { encodeFrameWithPayloadJson } from '../frames.js';
import type { Binding, ChangeSubscriber } from './bindings.js';
import type { BindingIndex } from './bindings.js';
import { decideFilter } from './filter-shortcut.js';
import { changeData, identityOf, type ChangeRow } from './payload.js';
import type { PublishedTable, PublishedTables } from './tables.js';

const FILTER_RESULTS = 'select realtime.filter_results($1::jsonb)::text as results';
const VISIBLE_ROWS = 'select realtime.visible_rows($1::jsonb)::text as visible';

/** One binding that may receive one change. */
interface Candidate {
  rowIndex: number;
  row: ChangeRow;
  table: PublishedTable;
  binding: Binding;
  selectable: ReadonlySet<string>;
}

function roleOf(subscriber: ChangeSubscriber): string {
  return subscriber.claims.role;
}

/** Whether Supabase would send this change as an error (no key, or a key the role cannot read) unchecked. */
function isErrorChange(candidate: Candidate): boolean {
  const { row, table, selectable } = candidate;
  if (row.type === 'DELETE') return false;
  return table.primaryKey.length === 0 || !table.primaryKey.every((name) => selectable.has(name));
}

function rowValueText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Evaluates every candidate's filters, in process when it can and otherwise in one database call; returns those that pass. */
async function passFilters(db: Database, candidates: Candidate[]): Promise<Candidate[]> {
  const checks: { type: number; op: string; value: string; row: string | null; negate: boolean }[] =
    [];
  const checkIndex = new Map<string, number>();
  const plans: (number[] | false)[] = candidates.map((candidate) => {
    const { row, table, binding } = candidate;
    if (binding.filters.length === 0 || isErrorChange(candidate)) return [];
    // A delete is filtered on what Supabase sees of the old row: the key, or all of it with replica identity full.
    const values = row.type === 'DELETE' ? identityOf(row, table) : (row.record ?? {});
    const indexes: number[] = [];
    for (const filter of binding.filters) {
      const column = table.columns.find((c) => c.name === filter.column);
      if (!column || !(filter.column in values)) return false;
      const decided = decideFilter(filter, column.typeOid, values[filter.column]);
      if (decided === false) return false;
      if (decided === true) continue;
      const check = {
        type: column.typeOid,
        op: filter.op,
        value: filter.value,
        row: rowValueText(values[filter.column]),
        negate: filter.negate,
      };
      const key = JSON.stringify(check);
      let index = checkIndex.get(key);
      if (index === undefined) {
        index = checks.length;
        checks.push(check);
        checkIndex.set(key, index);
      }
      indexes.push(index);
    }
    return indexes;
  });
  let results: boolean[] = [];
  if (checks.length > 0) {
    const answer = await db.query<{ results: string }>(FILTER_RESULTS, [JSON.stringify(checks)]);
    results = JSON.parse(answer.rows[0]?.results ?? '[]') as boolean[];
  }
  return candidates.filter((_, i) => {
    const plan = plans[i];
    return plan !== false && plan !== undefined && plan.every((index) => results[index] === true);
  });
}

interface VisibilityGroup {
  role: string;
  claims: unknown;
  /** Each row is `{talentg_i: <check index>, ...primary key columns}`. */
  tables: { relid: number; rows: Record<string, unknown>[] }[];
}

/** Claims sets per visible_rows call when PostgreSQL can run several calls at once on its pool. */
const GROUPS_PER_PARALLEL_CALL = 50;
/** At most this many pool connections at once, so REST requests keep theirs. */
const MAX_PARALLEL_CALLS = 2;

/** Splits the work over pool connections on PostgreSQL; PGlite has one connection, so one call. */
async function visibleRowsInParallel(
  db: Database,
  groups: VisibilityGroup[],
): Promise<Set<number>> {
  const calls =
    db.kind === 'postgres'
      ? Math.min(MAX_PARALLEL_CALLS, Math.ceil(groups.length / GROUPS_PER_PARALLEL_CALL))
      : 1;
  if (calls <= 1) return visibleRows(db, groups);
  const size = Math.ceil(groups.length / calls);
  const chunks = Array.from({ length: calls }, (_, k) => groups.slice(k * size, (k + 1) * size));
  const results = await Promise.all(chunks.map((chunk) => visibleRows(db, chunk)));
  return new Set(results.flatMap((set) => [...set]));
}

/** Runs realtime.visible_rows; when a policy raises, each claims set is retried alone so one bad group hides only itself. */
async function visibleRows(db: Database, groups: VisibilityGroup[]): Promise<Set<number>> {
  const run = async (batch: VisibilityGroup[]) => {
    const answer = await db.query<{ visible: string }>(VISIBLE_ROWS, [JSON.stringify(batch)]);
    return JSON.parse(answer.rows[0]?.visible ?? '[]') as number[];
  };
  try {
    return new Set(await run(groups));
  } catch (error) {
    if (groups.length === 1) throw error;
    const visible = new Set<number>();
    for (const group of groups) {
      const found = await run([group]).catch(() => []);
      for (const i of found) visible.add(i);
    }
    return visible;
  }
}

/**
 * Keeps the candidates whose subscriber may see the row now under the table's RLS policies:
 * one lookup per distinct claims set and row, all in one database call. Deletes are not checked,
 * as Supabase cannot check them either.
 */
async function passRowSecurity(db: Database, candidates: Candidate[]): Promise<Candidate[]> {
  const needsCheck = (c: Candidate) =>
    c.table.rowLevelSecurity && c.row.type !== 'DELETE' && !isErrorChange(c);
  const groups = new Map<string, VisibilityGroup>();
  const checkOf = new Map<Candidate, number>();
  const checkByKey = new Map<string, number>();
  for (const candidate of candidates) {
    if (!needsCheck(candidate)) continue;
    const subscriber = candidate.binding.subscriber;
    const key = `${subscriber.claimsKey}\u0000${candidate.rowIndex}`;
    let i = checkByKey.get(key);
    if (i === undefined) {
      i = checkByKey.size;
      checkByKey.set(key, i);
      let group = groups.get(subscriber.claimsKey);
      if (!group) {
        group = { role: roleOf(subscriber), claims: subscriber.claims, tables: [] };
        groups.set(subscriber.claimsKey, group);
      }
      let table = group.tables.find((t) => t.relid === candidate.row.relid);
      if (!table) {
        table = { relid: candidate.row.relid, rows: [] };
        group.tables.push(table);
      }
      const record = candidate.row.record ?? {};
      table.rows.push({
        ...Object.fromEntries(candidate.table.primaryKey.map((name) => [name, record[name]])),
        talentg_i: i,
      });
    }
    checkOf.set(candidate, i);
  }
  if (groups.size === 0) return candidates;
  // Grouped by role, so the database switches role once per role rather than once per claims set.
  const sorted = [...groups.values()].sort((a, b) => a.role.localeCompare(b.role));
  const visible = await visibleRowsInParallel(db, sorted);
  return candidates.filter((candidate) => {
    const i = checkOf.get(candidate);
    return i === undefined || visible.has(i);
  });
}

/** Sends each subscriber one message per change (and `select` list), naming its matching bindings in `ids`. */
function send(candidates: Candidate[]): void {
  const dataJson = new Map<string, string>();
  const frames = new Map<string, string>();
  const messages = new Map<
    ChangeSubscriber,
    Map<string, { candidate: Candidate; ids: number[] }>
  >();
  for (const candidate of candidates) {
    const subscriber = candidate.binding.subscriber;
    const selectKey = candidate.binding.select?.join(',') ?? '';
    const key = `${String(candidate.rowIndex).padStart(10, '0')}\u0000${selectKey}`;
    let perSubscriber = messages.get(subscriber);
    if (!perSubscriber) {
      perSubscriber = new Map();
      messages.set(subscriber, perSubscriber);
    }
    const message = perSubscriber.get(key);
    if (!message) perSubscriber.set(key, { candidate, ids: [candidate.binding.id] });
    else if (!message.ids.includes(candidate.binding.id)) message.ids.push(candidate.binding.id);
  }
  for (const [subscriber, perSubscriber] of messages) {
    for (const key of [...perSubscriber.keys()].sort()) {
      const { candidate, ids } = perSubscriber.get(key) as { candidate: Candidate; ids: number[] };
      const role = roleOf(subscriber);
      const dataKey = `${key}\u0000${role}`;
      let data = dataJson.get(dataKey);
      if (data === undefined) {
        data = JSON.stringify(
          changeData(
            candidate.row,
            candidate.table,
            candidate.selectable,
            candidate.binding.select,
          ),
        );
        dataJson.set(dataKey, data);
      }
      const frameKey = `${subscriber.vsn}\u0000${subscriber.topic}\u0000${ids.join(',')}\u0000${dataKey}`;
      let frame = frames.get(frameKey);
      if (frame === undefined) {
        const payload = `{"ids":${JSON.stringify(ids)},"data":${data}}`;
        frame = encodeFrameWithPayloadJson(
          subscriber.vsn,
          { joinRef: null, ref: null, topic: subscriber.topic, event: 'postgres_changes' },
          payload,
        );
        frames.set(frameKey, frame);
      }
      subscriber.send(frame);
    }
  }
}

/** Delivers a batch of committed changes to the subscribers whose bindings, filters and RLS allow them. */
export async function fanOut(
  db: Database,
  tables: PublishedTables,
  index: BindingIndex,
  rows: ChangeRow[],
): Promise<void> {
  const pending: Omit<Candidate, 'selectable'>[] = [];
  for (const [rowIndex, row] of rows.entries()) {
    const table = tables.get(row.relid);
    if (!table || !table.actions[row.type]) continue;
    for (const binding of index.forRelid(row.relid)) {
      if (binding.event === '*' || binding.event === row.type)
        pending.push({ rowIndex, row, table, binding });
    }
  }
  if (pending.length === 0) return;
  const selectable = new Map<string, ReadonlySet<string>>();
  await Promise.all(
    [...new Set(pending.map((c) => `${roleOf(c.binding.subscriber)}\u0000${c.row.relid}`))].map(
      async (key) => {
        const [role = '', relid] = key.split('\u0000');
        const columns = await tables
          .selectableColumns(role, Number(relid))
          .catch(() => new Set<string>());
        selectable.set(key, columns);
      },
    ),
  );
  const candidates: Candidate[] = pending.map((c) => ({
    ...c,
    selectable:
      selectable.get(`${roleOf(c.binding.subscriber)}\u0000${c.row.relid}`) ?? new Set<string>(),
  }));
  const filtered = await passFilters(db, candidates);
  const visible = await passRowSecurity(db, filtered);
  send(visible);
}
