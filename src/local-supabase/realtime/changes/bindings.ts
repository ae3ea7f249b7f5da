import type { JwtClaims } from '../../jwt.js';
import type { Vsn } from '../frames.js';
import { parseFilter, type ChangeFilter } from './filters.js';
import type { PublishedTables } from './tables.js';

/** What the change feed needs from a joined channel. */
export interface ChangeSubscriber {
  readonly topic: string;
  readonly vsn: Vsn;
  /** The channel's current token claims; an access_token push replaces them. */
  readonly claims: JwtClaims;
  /** Stable text of the claims, so subscribers with equal claims share one RLS check. */
  readonly claimsKey: string;
  send(message: string): void;
}

export type ChangeEvent = 'INSERT' | 'UPDATE' | 'DELETE';

export interface BindingSpec {
  event: '*' | ChangeEvent;
  schema: string;
  table: string;
  filters: ChangeFilter[];
  /** Only these columns (plus the primary key) in records; null for all. */
  select: string[] | null;
}

export interface Binding extends BindingSpec {
  /** Echoed in the join reply and listed in each change's `ids`, as realtime-js matches them. */
  id: number;
  subscriber: ChangeSubscriber;
}

/** A stable id per binding params, so equal bindings on different sockets share encoded frames. */
export function bindingId(params: unknown): number {
  const text = JSON.stringify(params, (_key, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 2 ** 27;
}

function eventOf(value: unknown): BindingSpec['event'] {
  const upper = typeof value === 'string' ? value.toUpperCase() : '*';
  return upper === 'INSERT' || upper === 'UPDATE' || upper === 'DELETE' ? upper : '*';
}

function describe(params: Record<string, unknown>): string {
  return JSON.stringify(params);
}

/** Supabase's reading of one postgres_changes entry of a phx_join config. */
export function parseBindingSpec(
  params: unknown,
): { ok: true; spec: BindingSpec } | { ok: false; message: string } {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return {
      ok: false,
      message:
        'No subscription params provided. Please provide at least a `schema` or `table` to subscribe to',
    };
  }
  const p = params as Record<string, unknown>;
  let select: string[] | null = null;
  if (typeof p.select === 'string') {
    return {
      ok: false,
      message:
        'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]',
    };
  }
  if (Array.isArray(p.select)) {
    const names = p.select.filter((name): name is string => typeof name === 'string');
    select = names.length > 0 ? names : null;
  }
  const has = (key: string) => key in p;
  let schema: string;
  let table: string;
  let filter: string | undefined;
  if (typeof p.schema === 'string' && typeof p.table === 'string' && typeof p.filter === 'string') {
    [schema, table, filter] = [p.schema, p.table, p.filter];
  } else if (typeof p.schema === 'string' && typeof p.table === 'string' && !has('filter')) {
    [schema, table] = [p.schema, p.table];
  } else if (typeof p.schema === 'string' && !has('table') && !has('filter')) {
    [schema, table] = [p.schema, '*'];
  } else if (typeof p.table === 'string' && !has('schema') && !has('filter')) {
    [schema, table] = ['public', p.table];
  } else {
    return {
      ok: false,
      message: `No subscription params provided. Please provide at least a \`schema\` or \`table\` to subscribe to: ${describe(p)}`,
    };
  }
  if (select && (schema === '*' || table === '*')) {
    return {
      ok: false,
      message:
        'Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.',
    };
  }
  const filters = parseFilter(filter);
  if (!filters.ok) return { ok: false, message: filters.message };
  return {
    ok: true,
    spec: { event: eventOf(p.event), schema, table, filters: filters.filters, select },
  };
}

/** Active bindings by table, for the fan-out to find a change's candidates without a scan. */
export class BindingIndex {
  private bySubscriber = new Map<ChangeSubscriber, Binding[]>();
  private byRelid = new Map<number, Binding[]>();

  get subscriberCount(): number {
    return this.bySubscriber.size;
  }

  add(subscriber: ChangeSubscriber, bindings: Binding[], tables: PublishedTables): void {
    this.remove(subscriber);
    this.bySubscriber.set(subscriber, bindings);
    this.place(bindings, tables, this.byRelid);
  }

  remove(subscriber: ChangeSubscriber): void {
    if (this.bySubscriber.delete(subscriber)) {
      for (const [relid, bindings] of this.byRelid) {
        const kept = bindings.filter((b) => b.subscriber !== subscriber);
        if (kept.length > 0) this.byRelid.set(relid, kept);
        else this.byRelid.delete(relid);
      }
    }
  }

  forRelid(relid: number): readonly Binding[] {
    return this.byRelid.get(relid) ?? [];
  }

  hasRelid(relid: number): boolean {
    return this.byRelid.has(relid);
  }

  /** Resolves every binding's schema/table (wildcards too) against the current publication. */
  reindex(tables: PublishedTables): void {
    const byRelid = new Map<number, Binding[]>();
    for (const bindings of this.bySubscriber.values()) this.place(bindings, tables, byRelid);
    this.byRelid = byRelid;
  }

  private place(
    bindings: Binding[],
    tables: PublishedTables,
    byRelid: Map<number, Binding[]>,
  ): void {
    for (const binding of bindings) {
      for (const table of tables.find(binding.schema, binding.table)) {
        const list = byRelid.get(table.relid);
        if (list) list.push(binding);
        else byRelid.set(table.relid, [binding]);
      }
    }
  }
}
