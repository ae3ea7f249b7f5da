// Server rows as sync_pull / sync_bootstrap send them (snake_case, ISO instants), and throwaway data dirs, for the cache's tests and benchmarks.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_DISPOSITIONS } from '../../src/domain/dispositions.js';
import type { CachePort, ServerRow } from '../../src/workstation/cache/cache-port.js';

/** Monday 2026-11-23 12:00 in India: inside the default calling window there. */
export const NOW = Date.UTC(2026, 10, 23, 6, 30);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const iso = (ms: number) => new Date(ms).toISOString();

export function tempDataDir(prefix = 'talentg-cache-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

let phoneCounter = 0;

/** A unique valid Indian mobile number in E.164. */
export function nextPhone(): string {
  phoneCounter += 1;
  return `+9198${String(phoneCounter).padStart(8, '0')}`;
}

type Overrides = Readonly<Record<string, unknown>>;

export function serverLead(assignedTo: string, overrides: Overrides = {}): ServerRow {
  const phone = nextPhone();
  return {
    id: randomUUID(),
    name: 'Asha Verma',
    email: null,
    phone: phone.slice(3).replace(/^(\d{5})/, '$1 '),
    phone_e164: phone,
    company: null,
    status: 'new',
    source: 'import',
    assigned_to: assignedTo,
    time_zone: 'Asia/Kolkata',
    country: 'IN',
    priority: 0,
    attempts: 0,
    last_contact_at: null,
    recycle_at: null,
    callback_due_at: null,
    do_not_call: false,
    consent: 'unknown',
    consent_at: null,
    created_by: null,
    created_at: iso(NOW - 2 * HOUR),
    updated_at: iso(NOW - 2 * HOUR),
    version: 1,
    ...overrides,
  } as ServerRow;
}

export function serverInteraction(leadId: string, overrides: Overrides = {}): ServerRow {
  return {
    id: randomUUID(),
    lead_id: leadId,
    type: 'call',
    content: 'server call',
    disposition: 'NA',
    duration_seconds: 30,
    occurred_at: iso(NOW - HOUR),
    created_at: iso(NOW - HOUR),
    created_by: null,
    updated_at: iso(NOW - HOUR),
    ...overrides,
  } as ServerRow;
}

export function serverCallback(leadId: string, overrides: Overrides = {}): ServerRow {
  return {
    id: randomUUID(),
    lead_id: leadId,
    owner_id: null,
    scope: 'personal',
    due_at: iso(NOW + HOUR),
    state: 'pending',
    note: '',
    created_by: null,
    closed_at: null,
    created_at: iso(NOW - HOUR),
    updated_at: iso(NOW - HOUR),
    ...overrides,
  } as ServerRow;
}

/** The seed's catalogue as public.dispositions rows. */
export function serverDispositions(): ServerRow[] {
  return DEFAULT_DISPOSITIONS.map((d, index) => ({
    id: d.code,
    code: d.code,
    label: d.label,
    description: '',
    human_contact: d.human_contact,
    sale: d.sale,
    dnc: d.dnc,
    callback: d.callback,
    final: d.final,
    qualifies: d.qualifies ?? false,
    recycle_after_minutes: d.recycle_after_minutes ?? null,
    hotkey: null,
    sort_order: index * 10,
    is_active: true,
    created_at: iso(NOW - 48 * HOUR),
    updated_at: iso(NOW - 48 * HOUR),
  }));
}

/** A first sync: dispositions and `leads` bootstrapped, cursor 'c0'. */
export function seedCache(cache: CachePort, leads: readonly ServerRow[]): void {
  cache.beginResync();
  cache.applyBootstrapRows('disposition', serverDispositions());
  cache.applyBootstrapRows('lead', leads);
  cache.finishResync('c0', iso(NOW));
}

const SNAPSHOT_TABLES = [
  'leads',
  'lead_server',
  'interactions',
  'callbacks',
  'callback_server',
  'outbox',
  'dead_letters',
  'dispositions',
  'meta',
] as const;
export type CacheTable = (typeof SNAPSHOT_TABLES)[number];

/** Every row of the cache's tables, read through a separate connection (what is committed). */
export function snapshot(
  file: string,
  tables: readonly CacheTable[] = SNAPSHOT_TABLES,
): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const table of tables) {
      out[table] = db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all();
    }
    return out;
  } finally {
    db.close();
  }
}
