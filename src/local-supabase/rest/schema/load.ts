import { z } from 'zod';
import type { SqlClient } from '../../db/index.js';
import { INTROSPECT_SCHEMA } from './introspection-sql.js';
import { deriveRelationships } from './relationships.js';
import type { Column, Routine, RoutineParam, SchemaCache, Table } from './types.js';

const columnSchema = z.object({
  name: z.string(),
  type: z.string(),
  nullable: z.boolean(),
  default: z.string().nullable(),
});

const introspectionSchema = z.object({
  tables: z.array(
    z.object({
      name: z.string(),
      isView: z.boolean(),
      columns: z.array(columnSchema),
      primaryKey: z.array(z.string()),
      uniqueKeys: z.array(z.array(z.string())),
    }),
  ),
  foreignKeys: z.array(
    z.object({
      name: z.string(),
      table: z.string(),
      foreignTable: z.string(),
      columns: z.array(z.string()),
      foreignColumns: z.array(z.string()),
    }),
  ),
  viewColumns: z.array(z.object({ view: z.string(), table: z.string(), column: z.string() })),
  routines: z.array(
    z.object({
      name: z.string(),
      volatility: z.enum(['i', 's', 'v']),
      returnsSet: z.boolean(),
      returnType: z.string(),
      returnTypeKind: z.string(),
      returnRelation: z.string().nullable(),
      returnAttributes: z.array(columnSchema).nullable(),
      defaults: z.number(),
      args: z.array(
        z.object({ name: z.string(), type: z.string(), mode: z.enum(['i', 'o', 'b', 'v', 't']) }),
      ),
    }),
  ),
});

type RawRoutine = z.infer<typeof introspectionSchema>['routines'][number];

// An argument of these types takes any length, as PostgreSQL ignores their length anyway.
const LENGTH_FREE_TYPES: Record<string, string> = {
  bit: 'bit varying',
  'bit[]': 'bit varying[]',
  character: 'character varying',
  'character[]': 'character varying[]',
};

const SINGLE_UNNAMED_TYPES = new Set(['bytea', 'json', 'jsonb', 'text', 'xml']);

/** PostgREST exposes a function only when its arguments can be named, or it takes one unnamed body. */
function isCallable(raw: RawRoutine): boolean {
  if (raw.returnType === 'trigger') return false;
  const unnamed = raw.args.filter((arg) => arg.mode !== 'o' && arg.mode !== 't' && arg.name === '');
  if (unnamed.length === 0) return true;
  return unnamed.length === 1 && SINGLE_UNNAMED_TYPES.has(unnamed[0]?.type ?? '');
}

const VOLATILITY = { i: 'immutable', s: 'stable', v: 'volatile' } as const;

function toRoutine(raw: RawRoutine): Routine {
  const inputs = raw.args.filter((arg) => arg.mode === 'i' || arg.mode === 'b' || arg.mode === 'v');
  const outputs = raw.args.filter(
    (arg) => arg.mode === 'o' || arg.mode === 'b' || arg.mode === 't',
  );
  const firstDefault = inputs.length - raw.defaults;
  const params: RoutineParam[] = inputs.map((arg, index) => ({
    name: arg.name,
    type: LENGTH_FREE_TYPES[arg.type] ?? arg.type,
    hasDefault: index >= firstDefault,
    variadic: arg.mode === 'v',
  }));
  const outColumns: Column[] = outputs.map((arg) => ({
    name: arg.name,
    type: arg.type,
    nullable: true,
    default: null,
  }));
  // As PostgREST decides: a row type or any OUT/INOUT/TABLE parameter makes a composite result.
  const composite = raw.returnTypeKind === 'c' || outputs.length > 0;
  const returnKind = raw.returnType === 'void' ? 'void' : composite ? 'composite' : 'scalar';
  return {
    name: raw.name,
    params,
    volatility: VOLATILITY[raw.volatility],
    returnsSet: raw.returnsSet,
    returnKind,
    returnType: raw.returnType,
    returnColumns: raw.returnTypeKind === 'c' ? (raw.returnAttributes ?? []) : outColumns,
    ...(raw.returnRelation ? { returnTable: raw.returnRelation } : {}),
  };
}

/** Reads the exposed schema into a SchemaCache; runs as the connection's own role, not a request's. */
export async function loadSchemaCache(db: SqlClient, schema = 'public'): Promise<SchemaCache> {
  const result = await db.query<{ cache: string }>(INTROSPECT_SCHEMA, [schema]);
  const raw = introspectionSchema.parse(JSON.parse(result.rows[0]?.cache ?? '{}'));
  const tables = new Map<string, Table>(
    raw.tables.map((table) => [
      table.name,
      {
        name: table.name,
        isView: table.isView,
        columns: new Map(table.columns.map((column) => [column.name, column])),
        computed: new Map(),
        primaryKey: table.primaryKey,
        uniqueKeys: table.uniqueKeys,
      },
    ]),
  );
  const routines = new Map<string, Routine[]>();
  for (const routine of raw.routines.filter(isCallable).map(toRoutine)) {
    routines.set(routine.name, [...(routines.get(routine.name) ?? []), routine]);
  }
  // PostgreSQL reads `row.fn` as fn(row): a scalar function of one table's row is a computed field.
  for (const routine of raw.routines.map(toRoutine)) {
    const [param] = routine.params;
    const table = param ? tables.get(param.type) : undefined;
    if (
      table &&
      routine.params.length === 1 &&
      !routine.returnsSet &&
      routine.returnKind === 'scalar'
    ) {
      table.computed.set(routine.name, {
        name: routine.name,
        type: routine.returnType,
        nullable: true,
        default: null,
      });
    }
  }
  return {
    schema,
    tables,
    relationships: deriveRelationships(tables, raw.foreignKeys, raw.viewColumns),
    routines,
  };
}
