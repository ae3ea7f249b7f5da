// One column list per cached record (rows.ts declares them). Everything that maps a record is derived from
// it: the SQLite column names, tuple and row reads, statement parameters, the server's JSON, the contract's shape.
import { z } from 'zod';

/** How the cached value sits in SQLite: as is, a boolean as 0/1, '' as NULL, or an absent value as NULL. */
export type Storage = 'as_is' | 'flag' | 'empty_as_null' | 'undefined_as_null';
/** How the contract carries the cached value: as is, epoch ms as an ISO instant, '' as null, or not at all. */
export type WireForm = 'as_is' | 'instant' | 'empty_as_null' | 'omitted';

export interface Column<
  V,
  W extends WireForm = WireForm,
  N extends string | undefined = undefined,
> {
  readonly sqlType: 'TEXT' | 'INTEGER';
  /** NULL allowed in SQLite. */
  readonly nullable: boolean;
  readonly storage: Storage;
  readonly wire: W;
  /** The contract's name for it, when not the column's. */
  readonly wireName: N;
  /** Reads the server's JSON value into the cached value; null for a column only the cache has. */
  readonly server: z.ZodType<V> | null;
  /** The server's name for it, when not the column's. */
  readonly serverName?: string;
  /** What a server row gives a column only the cache has. */
  readonly localValue?: V;
}

// Any column: the value type is only read back through ValueOf.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyColumn = Column<any, WireForm, string | undefined>;
export type Columns = Readonly<Record<string, AnyColumn>>;

/** A field computed from one column's cached value (e.g. consent_withdrawn from consent), never stored. */
export interface DerivedField<V, D> {
  readonly from: string;
  readonly map: (value: V) => D;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DerivedFields = Readonly<Record<string, DerivedField<any, unknown>>>;

type ValueOf<C> = C extends Column<infer V, WireForm, string | undefined> ? V : never;
type WireFormOf<C> = C extends Column<unknown, infer W, string | undefined> ? W : never;
type WireNameOf<C, K> =
  C extends Column<unknown, WireForm, infer N> ? (N extends string ? N : K) : K;
type WireValue<V, W> = W extends 'instant'
  ? V extends number
    ? string
    : V
  : W extends 'empty_as_null'
    ? string | null
    : V;

/** The cached record a column list (and its derived fields) describes. */
export type RecordOf<C extends Columns, D extends DerivedFields = Record<never, never>> = {
  readonly [K in keyof C]: ValueOf<C[K]>;
} & { readonly [K in keyof D]: ReturnType<D[K]['map']> };

/** The record as the contract carries it. */
export type WireOf<C extends Columns> = {
  [K in keyof C as WireFormOf<C[K]> extends 'omitted' ? never : WireNameOf<C[K], K>]: WireValue<
    ValueOf<C[K]>,
    WireFormOf<C[K]>
  >;
};

// ---- column kinds ----

interface ColumnOptions<V, W extends WireForm, N extends string | undefined> {
  /** Overrides the kind's server parser (a stricter check, a default for an absent value). */
  readonly server?: z.ZodType<V>;
  readonly serverName?: string;
  readonly wire?: W;
  readonly wireName?: N;
}

// NoInfer: a kind's wire form and name come from its options or defaults, never from where it is used.
function column<V, W extends WireForm, N extends string | undefined>(
  base: Pick<Column<V>, 'sqlType' | 'nullable' | 'storage' | 'server'> & {
    readonly wire: WireForm;
  },
  options: ColumnOptions<V, W, N>,
): Column<V, NoInfer<W>, NoInfer<N>> {
  return {
    ...base,
    server: options.server ?? base.server,
    wire: (options.wire ?? base.wire) as W,
    wireName: options.wireName as N,
    ...(options.serverName === undefined ? {} : { serverName: options.serverName }),
  };
}

const isoInstant = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not an ISO instant')
  .transform((value) => Date.parse(value));
const orNull = <T>(schema: z.ZodType<T>) => schema.nullish().transform((value) => value ?? null);

export const text = <W extends WireForm = 'as_is', N extends string | undefined = undefined>(
  options: ColumnOptions<string, W, N> = {},
) =>
  column<string, W, N>(
    { sqlType: 'TEXT', nullable: false, storage: 'as_is', server: z.string(), wire: 'as_is' },
    options,
  );

export const optionalText = <
  W extends WireForm = 'as_is',
  N extends string | undefined = undefined,
>(
  options: ColumnOptions<string | null, W, N> = {},
) =>
  column<string | null, W, N>(
    {
      sqlType: 'TEXT',
      nullable: true,
      storage: 'as_is',
      server: orNull(z.string()),
      wire: 'as_is',
    },
    options,
  );

/** Text that is '' in the cache when unknown, NULL in SQLite and null on the server and the wire. */
export const textEmptyWhenUnknown = <N extends string | undefined = undefined>(
  options: ColumnOptions<string, 'empty_as_null', N> = {},
) =>
  column<string, 'empty_as_null', N>(
    {
      sqlType: 'TEXT',
      nullable: true,
      storage: 'empty_as_null',
      server: z
        .string()
        .nullish()
        .transform((value) => value ?? ''),
      wire: 'empty_as_null',
    },
    options,
  );

export const oneOf = <
  const T extends readonly [string, ...string[]],
  W extends WireForm = 'as_is',
  N extends string | undefined = undefined,
>(
  values: T,
  options: ColumnOptions<T[number], W, N> = {},
) =>
  column<T[number], W, N>(
    {
      sqlType: 'TEXT',
      nullable: false,
      storage: 'as_is',
      server: z.enum(values) as unknown as z.ZodType<T[number]>,
      wire: 'as_is',
    },
    options,
  );

export const int = <W extends WireForm = 'as_is', N extends string | undefined = undefined>(
  options: ColumnOptions<number, W, N> = {},
) =>
  column<number, W, N>(
    {
      sqlType: 'INTEGER',
      nullable: false,
      storage: 'as_is',
      server: z.number().int(),
      wire: 'as_is',
    },
    options,
  );

export const optionalInt = <W extends WireForm = 'as_is', N extends string | undefined = undefined>(
  options: ColumnOptions<number | null, W, N> = {},
) =>
  column<number | null, W, N>(
    {
      sqlType: 'INTEGER',
      nullable: true,
      storage: 'as_is',
      server: orNull(z.number().int()),
      wire: 'as_is',
    },
    options,
  );

/** A number absent from the cached record (undefined) when NULL in SQLite or on the server. */
export const absentInt = <W extends WireForm = 'as_is', N extends string | undefined = undefined>(
  options: ColumnOptions<number | undefined, W, N> = {},
) =>
  column<number | undefined, W, N>(
    {
      sqlType: 'INTEGER',
      nullable: true,
      storage: 'undefined_as_null',
      server: z
        .number()
        .int()
        .nullish()
        .transform((value) => value ?? undefined),
      wire: 'as_is',
    },
    options,
  );

/** A boolean: 0/1 in SQLite. */
export const flag = <W extends WireForm = 'as_is', N extends string | undefined = undefined>(
  options: ColumnOptions<boolean, W, N> = {},
) =>
  column<boolean, W, N>(
    { sqlType: 'INTEGER', nullable: false, storage: 'flag', server: z.boolean(), wire: 'as_is' },
    options,
  );

/** Epoch ms in the cache and SQLite, an ISO instant on the server and the wire. */
export const instant = <W extends WireForm = 'instant', N extends string | undefined = undefined>(
  options: ColumnOptions<number, W, N> = {},
) =>
  column<number, W, N>(
    { sqlType: 'INTEGER', nullable: false, storage: 'as_is', server: isoInstant, wire: 'instant' },
    options,
  );

export const optionalInstant = <
  W extends WireForm = 'instant',
  N extends string | undefined = undefined,
>(
  options: ColumnOptions<number | null, W, N> = {},
) =>
  column<number | null, W, N>(
    {
      sqlType: 'INTEGER',
      nullable: true,
      storage: 'as_is',
      server: orNull(isoInstant),
      wire: 'instant',
    },
    options,
  );

/** A column only the cache has (the server's rows never carry it); a server row gives it `value`. */
export const localInt = (value: number | null): Column<number | null, 'omitted'> => ({
  sqlType: 'INTEGER',
  nullable: true,
  storage: 'as_is',
  wire: 'omitted',
  wireName: undefined,
  server: null,
  localValue: value,
});

export function derived<V, D>(from: string, map: (value: V) => D): DerivedField<V, D> {
  return { from, map };
}
