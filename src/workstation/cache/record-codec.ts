// A record's mappings, compiled once from its column list (columns.ts). Each mapping is generated source
// run through `new Function`: an object literal with every key in one fixed order is as fast as the
// hand-written mapping it replaces, where a loop of keyed stores is some 40 times slower per row, and the
// queue read maps every lead it looks at. Only names from our own column lists reach the source, each
// checked against IDENTIFIER; values are never part of it.
import { z } from 'zod';
import type { Columns, DerivedFields, RecordOf, Storage, WireOf } from './columns.js';

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" cannot name a record column.`);
  return name;
}

type Row = Readonly<Record<string, unknown>>;

export interface RecordCodec<C extends Columns, D extends DerivedFields> {
  readonly columns: C;
  /** The SQLite columns in list order: what tuple reads select and positional writes bind. */
  readonly names: readonly (keyof C & string)[];
  /** A row selected as `names` in raw mode. */
  fromTuple(tuple: readonly unknown[]): RecordOf<C, D>;
  /** A row selected as an object (SELECT *; columns beyond the list are ignored). */
  fromRow(row: Row): RecordOf<C, D>;
  /** Named statement parameters (@name) for every column. */
  toParams(record: RecordOf<C, D>): Record<string, unknown>;
  /** Positional statement values in `names` order. */
  toValues(record: RecordOf<C, D>): unknown[];
  /** The server's JSON row (snake_case, ISO instants) as the cached record; the zod issues when it is not one. */
  fromServer(
    row: unknown,
  ):
    | { readonly ok: true; readonly record: RecordOf<C, D> }
    | { readonly ok: false; readonly issues: readonly z.core.$ZodIssue[] };
  /** The contract's shape with `extras` (e.g. pending_writes) added after the columns. */
  wire<E extends Record<string, unknown>>(
    extras: readonly (keyof E & string)[],
  ): (record: RecordOf<C, D>, extras: E) => WireOf<C> & E;
}

/** The cached record a codec maps. */
export type CodecRecord<R> = R extends RecordCodec<infer C, infer D> ? RecordOf<C, D> : never;

function readStored(storage: Storage, value: string): string {
  switch (storage) {
    case 'as_is':
      return value;
    case 'flag':
      return `${value} === 1`;
    case 'empty_as_null':
      return `${value} ?? ''`;
    case 'undefined_as_null':
      return `${value} ?? undefined`;
  }
}

function writeStored(storage: Storage, value: string): string {
  switch (storage) {
    case 'as_is':
      return value;
    case 'flag':
      return `${value} ? 1 : 0`;
    case 'empty_as_null':
      return `${value} === '' ? null : ${value}`;
    case 'undefined_as_null':
      return `${value} ?? null`;
  }
}

/** `new Function` with named closure values: `bindings` are what the generated body may call. */
function generate<F>(params: string, body: string, bindings: Record<string, unknown> = {}): F {
  const names = Object.keys(bindings).map(identifier);
  const factory = new Function(...names, `return (${params}) => {\n${body}\n};`) as (
    ...values: unknown[]
  ) => F;
  return factory(...names.map((name) => bindings[name]));
}

/**
 * Compiles the mappings of one record: `columns` in their SQLite order, `derivedFields` computed from
 * one column each and placed right after it.
 */
export function defineRecord<C extends Columns, D extends DerivedFields = Record<never, never>>(
  columns: C,
  derivedFields: D = {} as D,
): RecordCodec<C, D> {
  const entries = Object.entries(columns).map(([name, col]) => [identifier(name), col] as const);
  const names = entries.map(([name]) => name) as (keyof C & string)[];
  const derivedBindings: Record<string, unknown> = {};
  const derivedAfter = new Map<string, string[]>();
  for (const [name, field] of Object.entries(derivedFields)) {
    if (!(field.from in columns))
      throw new Error(`${name} derives from unknown column ${field.from}.`);
    derivedBindings[`derive_${identifier(name)}`] = field.map;
    derivedAfter.set(field.from, [...(derivedAfter.get(field.from) ?? []), name]);
  }

  /** `const v_i = ...` for each column, then the record literal with derived fields in place. */
  const recordBody = (valueOf: (name: string, index: number) => string): string => {
    const locals = entries.map(([name], i) => `const v${i} = ${valueOf(name, i)};`).join('\n');
    const fields = entries.flatMap(([name], i) => [
      `${name}: v${i}`,
      ...(derivedAfter.get(name) ?? []).map((d) => `${d}: derive_${d}(v${i})`),
    ]);
    return `${locals}\nreturn { ${fields.join(', ')} };`;
  };

  const fromTuple = generate<RecordCodec<C, D>['fromTuple']>(
    't',
    recordBody((name, i) => readStored(columns[name]!.storage, `t[${i}]`)),
    derivedBindings,
  );
  const fromRow = generate<RecordCodec<C, D>['fromRow']>(
    'r',
    recordBody((name) => readStored(columns[name]!.storage, `r.${name}`)),
    derivedBindings,
  );
  const toParams = generate<RecordCodec<C, D>['toParams']>(
    'r',
    `return { ${entries.map(([name, col]) => `${name}: ${writeStored(col.storage, `r.${name}`)}`).join(', ')} };`,
  );
  const toValues = generate<RecordCodec<C, D>['toValues']>(
    'r',
    `return [${entries.map(([name, col]) => writeStored(col.storage, `r.${name}`)).join(', ')}];`,
  );

  const serverShape: Record<string, z.ZodType> = {};
  const localValues: Record<string, unknown> = {};
  for (const [name, col] of entries) {
    if (col.server === null) localValues[`local_${name}`] = col.localValue ?? null;
    else serverShape[identifier(col.serverName ?? name)] = col.server;
  }
  const serverSchema = z.object(serverShape);
  const fromParsed = generate<(parsed: Row) => RecordOf<C, D>>(
    'p',
    recordBody((name) => {
      const col = columns[name]!;
      return col.server === null ? `local_${name}` : `p.${col.serverName ?? name}`;
    }),
    { ...derivedBindings, ...localValues },
  );

  return {
    columns,
    names,
    fromTuple,
    fromRow,
    toParams,
    toValues,
    fromServer: (row) => {
      const parsed = serverSchema.safeParse(row);
      return parsed.success
        ? { ok: true, record: fromParsed(parsed.data) }
        : { ok: false, issues: parsed.error.issues };
    },
    wire: <E extends Record<string, unknown>>(extras: readonly (keyof E & string)[]) => {
      const fields = entries.flatMap(([name, col]) => {
        const key = identifier(col.wireName ?? name);
        const value = `r.${name}`;
        switch (col.wire) {
          case 'omitted':
            return [];
          case 'as_is':
            return [`${key}: ${value}`];
          case 'empty_as_null':
            return [`${key}: ${value} === '' ? null : ${value}`];
          case 'instant':
            return [
              col.nullable
                ? `${key}: ${value} === null ? null : iso(${value})`
                : `${key}: iso(${value})`,
            ];
        }
      });
      const extraFields = extras.map((name) => `${identifier(name)}: e.${name}`);
      return generate<(record: RecordOf<C, D>, extras: E) => WireOf<C> & E>(
        'r, e',
        `return { ${[...fields, ...extraFields].join(', ')} };`,
        { iso: (at: number) => new Date(at).toISOString() },
      );
    },
  };
}
