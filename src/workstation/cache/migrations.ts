// The cache schema as an ordered list of steps, versioned in PRAGMA user_version (as Signal Desktop does).
import type Database from 'better-sqlite3';
import { CacheError } from './cache-error.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const QUEUE_ELIGIBLE = `do_not_call = 0 AND consent <> 'withdrawn'`;

/** Step 1: the server's rows, the outbox, dead letters and meta. */
const CORE_TABLES = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;

CREATE TABLE dispositions (
  code TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  human_contact INTEGER NOT NULL,
  sale INTEGER NOT NULL,
  dnc INTEGER NOT NULL,
  callback INTEGER NOT NULL,
  final INTEGER NOT NULL,
  qualifies INTEGER NOT NULL,
  recycle_after_minutes INTEGER,
  hotkey TEXT,
  sort_order INTEGER NOT NULL DEFAULT 0,
  is_active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER,
  updated_at INTEGER,
  seen_epoch INTEGER NOT NULL
) WITHOUT ROWID;

-- What the screens read: the server's row with pending intents replayed on top. rid keys the search index.
CREATE TABLE leads (
  rid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  phone_e164 TEXT NOT NULL,
  company TEXT,
  status TEXT NOT NULL,
  source TEXT,
  assigned_to TEXT,
  time_zone TEXT,
  country TEXT,
  priority INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  last_contact_at INTEGER,
  recycle_at INTEGER,
  callback_due_at INTEGER,
  do_not_call INTEGER NOT NULL,
  consent TEXT NOT NULL,
  consent_at INTEGER,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL
);
-- One index per queue group, in that group's calling order (src/domain/queue.ts), holding only callable leads.
CREATE INDEX leads_queue_callback ON leads (assigned_to, callback_due_at, id)
  WHERE callback_due_at IS NOT NULL AND status IN ('new', 'contacted', 'qualified') AND ${QUEUE_ELIGIBLE};
CREATE INDEX leads_queue_new ON leads (assigned_to, priority DESC, created_at DESC, id)
  WHERE callback_due_at IS NULL AND status = 'new' AND attempts = 0 AND ${QUEUE_ELIGIBLE};
CREATE INDEX leads_queue_recycled ON leads (assigned_to, last_contact_at, id, recycle_at)
  WHERE callback_due_at IS NULL AND NOT (status = 'new' AND attempts = 0)
    AND status IN ('new', 'contacted', 'qualified') AND ${QUEUE_ELIGIBLE};

-- The server's own version of each lead (its JSON as received), so pending intents can be replayed over it.
CREATE TABLE lead_server (
  id TEXT PRIMARY KEY,
  row TEXT NOT NULL,
  seen_epoch INTEGER NOT NULL
) WITHOUT ROWID;

-- Insert-only history: a server row, or a local one (local_seq set) until the server's row with its id arrives.
CREATE TABLE interactions (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL,
  type TEXT NOT NULL,
  content TEXT NOT NULL,
  disposition TEXT,
  duration_seconds INTEGER,
  occurred_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  created_by TEXT,
  updated_at INTEGER NOT NULL,
  local_seq INTEGER,
  seen_epoch INTEGER
) WITHOUT ROWID;
CREATE INDEX interactions_lead ON interactions (lead_id, occurred_at DESC);

CREATE TABLE callbacks (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL,
  owner_id TEXT,
  scope TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  state TEXT NOT NULL,
  note TEXT NOT NULL,
  created_by TEXT,
  closed_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  local_seq INTEGER
) WITHOUT ROWID;
CREATE INDEX callbacks_lead ON callbacks (lead_id);
CREATE INDEX callbacks_pending_due ON callbacks (due_at) WHERE state = 'pending';

CREATE TABLE callback_server (
  id TEXT PRIMARY KEY,
  lead_id TEXT NOT NULL,
  row TEXT NOT NULL,
  seen_epoch INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX callback_server_lead ON callback_server (lead_id);

-- seq is the per-client sequence: never reused, because the next one also counts meta.acked_seq.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  op TEXT NOT NULL,
  args TEXT NOT NULL,
  user_id TEXT NOT NULL,
  lead_id TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE dead_letters (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  op TEXT NOT NULL,
  args TEXT NOT NULL,
  user_id TEXT NOT NULL,
  lead_id TEXT,
  created_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  server_row TEXT,
  failed_at INTEGER NOT NULL
);
`;

// Every suffix of the E.164 digits, so a prefix search finds a number by any run of its digits.
const PHONE_SUFFIXES = Array.from({ length: 13 }, (_, i) => `substr(phone_e164, ${i + 2})`).join(
  " || ' ' || ",
);

/** Step 2: lead search (FTS5), contentless so the phone column can hold digit suffixes. */
const LEAD_SEARCH = `
CREATE VIRTUAL TABLE leads_search USING fts5(
  name, phone, phone_e164, email, company,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE VIEW leads_search_source AS
  SELECT rid, name, phone, ${PHONE_SUFFIXES} AS phone_e164, email, company FROM leads;
CREATE TRIGGER leads_search_insert AFTER INSERT ON leads BEGIN
  INSERT INTO leads_search (rowid, name, phone, phone_e164, email, company)
    SELECT rid, name, phone, phone_e164, email, company FROM leads_search_source WHERE rid = new.rid;
END;
CREATE TRIGGER leads_search_delete AFTER DELETE ON leads BEGIN
  DELETE FROM leads_search WHERE rowid = old.rid;
END;
CREATE TRIGGER leads_search_update AFTER UPDATE OF name, phone, phone_e164, email, company ON leads
  WHEN old.name IS NOT new.name OR old.phone IS NOT new.phone OR old.phone_e164 IS NOT new.phone_e164
    OR old.email IS NOT new.email OR old.company IS NOT new.company
BEGIN
  DELETE FROM leads_search WHERE rowid = old.rid;
  INSERT INTO leads_search (rowid, name, phone, phone_e164, email, company)
    SELECT rid, name, phone, phone_e164, email, company FROM leads_search_source WHERE rid = new.rid;
END;
INSERT INTO leads_search (rowid, name, phone, phone_e164, email, company)
  SELECT rid, name, phone, phone_e164, email, company FROM leads_search_source;
`;

/**
 * Step 3: a dead letter can be settled by the person: dismissed (seen, nothing more to do) or retried
 * (its intent queued again under a new seq, named by retried_as). Settled ones stay for the lead's history.
 */
const DEAD_LETTER_SETTLING = `
ALTER TABLE dead_letters ADD COLUMN resolution TEXT CHECK (resolution IN ('dismissed', 'retried'));
ALTER TABLE dead_letters ADD COLUMN resolved_at INTEGER;
ALTER TABLE dead_letters ADD COLUMN retried_as INTEGER;
CREATE INDEX dead_letters_open ON dead_letters (seq) WHERE resolution IS NULL;
`;

// While meta holds search_deferred (a first download is filling an empty cache), the search index is
// left to one bulk insert at its end (search.ts): row by row it was half of writing 50k leads.
const SEARCH_NOT_DEFERRED = `NOT EXISTS (SELECT 1 FROM meta WHERE key = 'search_deferred')`;

/** Step 4: the search triggers stand aside while a first download defers the index. */
const SEARCH_DEFERRAL = `
DROP TRIGGER leads_search_insert;
CREATE TRIGGER leads_search_insert AFTER INSERT ON leads WHEN ${SEARCH_NOT_DEFERRED} BEGIN
  INSERT INTO leads_search (rowid, name, phone, phone_e164, email, company)
    SELECT rid, name, phone, phone_e164, email, company FROM leads_search_source WHERE rid = new.rid;
END;
DROP TRIGGER leads_search_update;
CREATE TRIGGER leads_search_update AFTER UPDATE OF name, phone, phone_e164, email, company ON leads
  WHEN (old.name IS NOT new.name OR old.phone IS NOT new.phone OR old.phone_e164 IS NOT new.phone_e164
    OR old.email IS NOT new.email OR old.company IS NOT new.company) AND ${SEARCH_NOT_DEFERRED}
BEGIN
  DELETE FROM leads_search WHERE rowid = old.rid;
  INSERT INTO leads_search (rowid, name, phone, phone_e164, email, company)
    SELECT rid, name, phone, phone_e164, email, company FROM leads_search_source WHERE rid = new.rid;
END;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'core tables', sql: CORE_TABLES },
  { version: 2, name: 'lead search', sql: LEAD_SEARCH },
  { version: 3, name: 'dead letter settling', sql: DEAD_LETTER_SETTLING },
  { version: 4, name: 'search deferral', sql: SEARCH_DEFERRAL },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

interface OutboxFingerprint {
  readonly rows: number;
  readonly seqs: number | null;
  readonly bytes: number | null;
}

function outboxFingerprint(db: Database.Database): OutboxFingerprint | null {
  const exists = db
    .prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'outbox'`)
    .get();
  if (exists === undefined) return null;
  return db
    .prepare(
      'SELECT count(*) AS rows, sum(seq) AS seqs, sum(length(args) + length(id)) AS bytes FROM outbox',
    )
    .get() as OutboxFingerprint;
}

/**
 * Brings the file to the newest version in one transaction; a file from newer code is refused.
 * The outbox is checked before and after: a step that changed its rows rolls everything back.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  const target =
    migrations.length === 0 ? 0 : (migrations[migrations.length - 1] as Migration).version;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > target) {
    throw new CacheError(
      'CACHE_TOO_NEW',
      `This cache file was written by a newer version of the workstation (schema ${current}, this one knows ${target}); update the app.`,
      { fileVersion: current, codeVersion: target },
    );
  }
  const pending = migrations.filter((step) => step.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    const before = outboxFingerprint(db);
    for (const step of pending) db.exec(step.sql);
    const after = outboxFingerprint(db);
    if (before !== null && JSON.stringify(before) !== JSON.stringify(after)) {
      throw new Error(
        `A cache migration changed the outbox (${JSON.stringify({ before, after })}).`,
      );
    }
    // Inside the transaction: the version moves only with the steps it names.
    db.pragma(`user_version = ${target}`);
  }).immediate();
  return target;
}
