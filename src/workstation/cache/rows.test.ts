import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HOUR,
  NOW,
  serverCallback,
  serverDispositions,
  serverInteraction,
  serverLead,
} from '../../../tests/support/cache-rows.js';
import { text, type Columns } from './columns.js';
import { migrate } from './migrations.js';
import { defineRecord } from './record-codec.js';
import { CALLBACK, DISPOSITION, INTERACTION, LEAD } from './rows.js';
import {
  callbackFromServer,
  dispositionFromServer,
  interactionFromServer,
  leadFromServer,
} from './server-json.js';

const USER = 'd00d0000-0000-4000-8000-000000000009';
const iso = (ms: number) => new Date(ms).toISOString();

let db: Database.Database;
beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
});
afterEach(() => db.close());

interface TableColumn {
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
}

const lead = leadFromServer(
  serverLead(USER, {
    time_zone: null,
    do_not_call: true,
    consent: 'withdrawn',
    last_contact_at: iso(NOW - HOUR),
    version: 7,
  }),
);
const RECORDS = [
  { table: 'leads', codec: LEAD, record: lead },
  {
    table: 'interactions',
    codec: INTERACTION,
    record: interactionFromServer(serverInteraction(lead.id)),
  },
  {
    table: 'callbacks',
    codec: CALLBACK,
    record: callbackFromServer(serverCallback(lead.id, { closed_at: null })),
  },
  {
    table: 'dispositions',
    codec: DISPOSITION,
    record: dispositionFromServer(serverDispositions().find((d) => d.code === 'NA')),
  },
] as const;

describe('the column lists', () => {
  it.each(RECORDS)(
    'name the $table columns with their SQLite types and NULLs',
    ({ table, codec }) => {
      const columns = new Map(
        (db.prepare(`PRAGMA table_info(${table})`).all() as TableColumn[]).map((c) => [c.name, c]),
      );
      for (const name of codec.names) {
        const spec = (codec.columns as Columns)[name]!;
        expect({
          name,
          type: columns.get(name)?.type,
          notnull: columns.get(name)?.notnull,
        }).toEqual({
          name,
          type: spec.sqlType,
          notnull: spec.nullable ? 0 : 1,
        });
      }
    },
  );

  it.each(RECORDS)(
    'read a $table record back from SQLite as it was written',
    ({ table, codec, record }) => {
      const names = codec.names.join(', ');
      const marks = codec.names.map(() => '?').join(', ');
      const extra = table === 'dispositions' ? ', seen_epoch' : '';
      db.prepare(
        `INSERT INTO ${table} (${names}${extra}) VALUES (${marks}${extra ? ', 0' : ''})`,
      ).run(codec.toValues(record as never));
      const select = `SELECT ${names} FROM ${table}`;
      expect(codec.fromTuple(db.prepare(select).raw(true).get() as unknown[])).toEqual(record);
      expect(
        codec.fromRow(db.prepare(`SELECT * FROM ${table}`).get() as Record<string, unknown>),
      ).toEqual(record);
      db.prepare(`DELETE FROM ${table}`).run();
      const named = `INSERT INTO ${table} (${names}${extra}) VALUES (${codec.names.map((n) => `@${n}`).join(', ')}${extra ? ', 0' : ''})`;
      db.prepare(named).run(codec.toParams(record as never));
      expect(codec.fromTuple(db.prepare(select).raw(true).get() as unknown[])).toEqual(record);
    },
  );

  it('keep an unknown time zone as "" in the cache, NULL in SQLite, and derive consent_withdrawn', () => {
    expect(lead).toMatchObject({ time_zone: '', consent: 'withdrawn', consent_withdrawn: true });
    expect(LEAD.toParams(lead)).toMatchObject({ time_zone: null, do_not_call: 1 });
  });

  it('fill the server defaults and leave an absent recycle delay out', () => {
    const parsed = dispositionFromServer({
      code: 'DEC',
      label: 'Declined',
      human_contact: true,
      sale: false,
      dnc: false,
      callback: false,
      final: true,
      recycle_after_minutes: null,
      hotkey: null,
    });
    expect(parsed).toMatchObject({
      description: '',
      qualifies: false,
      sort_order: 0,
      is_active: true,
    });
    expect(parsed.recycle_after_minutes).toBeUndefined();
  });

  it('refuse a column name that is no identifier', () => {
    expect(() => defineRecord({ 'id); drop': text() })).toThrow(/cannot name a record column/);
  });
});
