// Every SQL statement the cache runs, by name, prepared once when the cache opens; values are always bound.
import type Database from 'better-sqlite3';
import {
  CALLBACK_COLUMNS,
  DEAD_LETTER_COLUMNS,
  DISPOSITION_COLUMNS,
  INTERACTION_COLUMNS,
  LEAD_COLUMNS,
  OUTBOX_COLUMNS,
} from './rows.js';

// Lead reads select LEAD_COLUMNS in raw mode (see RAW below).
const LEAD_SELECT = LEAD_COLUMNS.join(', ');
const LEAD_SELECT_L = LEAD_COLUMNS.map((c) => `l.${c}`).join(', ');

/** Positional: the write paths bind arrays, which better-sqlite3 binds faster than named objects. */
function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}

function namedInsertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;
}

function upsertSql(table: string, columns: readonly string[], key: string): string {
  const set = columns
    .filter((c) => c !== key)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  return `${namedInsertSql(table, columns)} ON CONFLICT (${key}) DO UPDATE SET ${set}`;
}

// Each queue group's WHERE repeats its partial index's terms, so SQLite may (and INDEXED BY must) use it.
export const QUEUE_ELIGIBLE = `assigned_to = @user AND do_not_call = 0 AND consent <> 'withdrawn'`;

export const SQL = {
  metaGet: 'SELECT value FROM meta WHERE key = ?',
  metaSet:
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',

  dispositionsAll: 'SELECT * FROM dispositions ORDER BY sort_order, code',
  dispositionUpsert: upsertSql('dispositions', [...DISPOSITION_COLUMNS, 'seen_epoch'], 'code'),
  dispositionsDropUnseen: 'DELETE FROM dispositions WHERE seen_epoch < ?',

  leadById: `SELECT ${LEAD_SELECT} FROM leads WHERE id = ?`,
  leadCount: 'SELECT count(*) AS leads FROM leads',
  leadUpsert: upsertSql('leads', LEAD_COLUMNS, 'id'),
  // The hot path touches only what a call changes, so the search triggers (UPDATE OF name, ...) stay quiet.
  leadUpdateAfterCall: `UPDATE leads SET status = ?, attempts = ?, last_contact_at = ?, recycle_at = ?,
    callback_due_at = ?, do_not_call = ? WHERE id = ?`,
  leadDelete: 'DELETE FROM leads WHERE id = ?',
  leadServerGet: 'SELECT row FROM lead_server WHERE id = ?',
  leadServerUpsert:
    'INSERT INTO lead_server (id, row, seen_epoch) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET row = excluded.row, seen_epoch = excluded.seen_epoch',
  leadServerDelete: 'DELETE FROM lead_server WHERE id = ?',
  leadServerUnseen: 'SELECT id FROM lead_server WHERE seen_epoch < ?',

  interactionById: 'SELECT * FROM interactions WHERE id = ?',
  interactionsOfLead:
    'SELECT * FROM interactions WHERE lead_id = ? ORDER BY occurred_at DESC, id DESC',
  // The server's row wins over a local one with the same id, which it confirms.
  interactionUpsertServer: upsertSql('interactions', [...INTERACTION_COLUMNS, 'seen_epoch'], 'id'),
  interactionInsert: insertSql('interactions', INTERACTION_COLUMNS),
  interactionInsertLocal: `${insertSql('interactions', INTERACTION_COLUMNS)} ON CONFLICT (id) DO NOTHING`,
  interactionDelete: 'DELETE FROM interactions WHERE id = ?',
  interactionsDeleteOfLead: 'DELETE FROM interactions WHERE lead_id = ?',
  interactionsDropUnseen: 'DELETE FROM interactions WHERE local_seq IS NULL AND seen_epoch < ?',

  callbackById: 'SELECT * FROM callbacks WHERE id = ?',
  callbacksOfLead: 'SELECT * FROM callbacks WHERE lead_id = ? ORDER BY due_at, id',
  callbackInsert: insertSql('callbacks', CALLBACK_COLUMNS),
  callbackDelete: 'DELETE FROM callbacks WHERE id = ?',
  callbacksDeleteOfLead: 'DELETE FROM callbacks WHERE lead_id = ?',
  callbackServerGet: 'SELECT lead_id, row FROM callback_server WHERE id = ?',
  callbackServerOfLead: 'SELECT row FROM callback_server WHERE lead_id = ?',
  callbackServerUpsert:
    'INSERT INTO callback_server (id, lead_id, row, seen_epoch) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET lead_id = excluded.lead_id, row = excluded.row, seen_epoch = excluded.seen_epoch',
  callbackServerDelete: 'DELETE FROM callback_server WHERE id = ?',
  callbackServerDeleteOfLead: 'DELETE FROM callback_server WHERE lead_id = ?',
  callbackServerUnseen: 'SELECT id, lead_id FROM callback_server WHERE seen_epoch < ?',

  // Past every seq still queued and every seq ever acknowledged, so a seq is never handed out twice.
  outboxNextSeq: `SELECT max(coalesce((SELECT max(seq) FROM outbox), 0),
    coalesce((SELECT value FROM meta WHERE key = 'acked_seq'), 0)) + 1 AS seq`,
  outboxAppend: insertSql('outbox', OUTBOX_COLUMNS),
  outboxBatch: 'SELECT * FROM outbox WHERE user_id = ? ORDER BY seq LIMIT ?',
  outboxAll: 'SELECT * FROM outbox WHERE user_id = ? ORDER BY seq',
  outboxOfLead: 'SELECT * FROM outbox WHERE lead_id = ? ORDER BY seq',
  outboxBySeq: 'SELECT * FROM outbox WHERE seq = ?',
  outboxDelete: 'DELETE FROM outbox WHERE seq = ?',
  outboxStats:
    'SELECT count(*) AS pending, min(created_at) AS oldest FROM outbox WHERE user_id = ?',
  outboxCountsByLead:
    'SELECT lead_id, count(*) AS pending FROM outbox WHERE user_id = ? GROUP BY lead_id',

  deadLetterInsert: namedInsertSql('dead_letters', DEAD_LETTER_COLUMNS),
  /** The open ones: not yet dismissed or retried. */
  deadLettersOpen: 'SELECT * FROM dead_letters WHERE resolution IS NULL ORDER BY seq',
  deadLettersOfLead: 'SELECT * FROM dead_letters WHERE lead_id = ? ORDER BY seq',
  deadLetterBySeq: 'SELECT * FROM dead_letters WHERE seq = ?',
  deadLetterCount: 'SELECT count(*) AS count FROM dead_letters WHERE resolution IS NULL',
  deadLetterSettle:
    'UPDATE dead_letters SET resolution = @resolution, resolved_at = @resolved_at, retried_as = @retried_as WHERE seq = @seq AND resolution IS NULL',
  // A retried intent's local rows now wait on its new seq.
  interactionsReseq: 'UPDATE interactions SET local_seq = @to WHERE local_seq = @from',

  queueCallbacks: `SELECT ${LEAD_SELECT} FROM leads INDEXED BY leads_queue_callback
    WHERE callback_due_at IS NOT NULL AND status IN ('new', 'contacted', 'qualified') AND ${QUEUE_ELIGIBLE}
      AND callback_due_at <= @due_by
    ORDER BY callback_due_at, id`,
  queueNew: `SELECT ${LEAD_SELECT} FROM leads INDEXED BY leads_queue_new
    WHERE callback_due_at IS NULL AND status = 'new' AND attempts = 0 AND ${QUEUE_ELIGIBLE}
    ORDER BY priority DESC, created_at DESC, id`,
  queueRecycled: `SELECT ${LEAD_SELECT} FROM leads INDEXED BY leads_queue_recycled
    WHERE callback_due_at IS NULL AND NOT (status = 'new' AND attempts = 0)
      AND status IN ('new', 'contacted', 'qualified') AND ${QUEUE_ELIGIBLE}
      AND (recycle_at IS NULL OR recycle_at <= @now)
    ORDER BY last_contact_at, id`,

  searchLeads: `SELECT ${LEAD_SELECT_L} FROM leads_search s JOIN leads l ON l.rid = s.rowid
    WHERE leads_search MATCH ? ORDER BY s.rank LIMIT ?`,
} as const;

export type StatementName = keyof typeof SQL;
export type Statements = { readonly [K in StatementName]: Database.Statement };

/** Statements answering LEAD_COLUMNS tuples (leadFromTuple reads them). */
const RAW: ReadonlySet<StatementName> = new Set([
  'leadById',
  'queueCallbacks',
  'queueNew',
  'queueRecycled',
  'searchLeads',
]);

export function prepareStatements(db: Database.Database): Statements {
  const prepared = {} as Record<StatementName, Database.Statement>;
  for (const name of Object.keys(SQL) as StatementName[]) {
    const statement = db.prepare(SQL[name]);
    prepared[name] = RAW.has(name) ? statement.raw(true) : statement;
  }
  return prepared;
}
