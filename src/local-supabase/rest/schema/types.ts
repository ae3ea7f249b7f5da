/** What the REST service knows about the exposed schema; every identifier in a request is checked against it. */

export interface Column {
  name: string;
  /** format_type() of the column, e.g. `integer`, `character varying(20)`, `text[]`. */
  type: string;
  nullable: boolean;
  /** The default expression as PostgreSQL prints it, used for `Prefer: missing=default`. */
  default: string | null;
}

export interface Table {
  name: string;
  isView: boolean;
  columns: Map<string, Column>;
  /** Computed fields: scalar functions taking this table's row, readable like columns (`select=full_name`). */
  computed: Map<string, Column>;
  primaryKey: string[];
  /** Column sets of the primary key and unique constraints, to tell one-to-one from many-to-one. */
  uniqueKeys: string[][];
}

export type Cardinality = 'm2o' | 'o2m' | 'o2o' | 'm2m';

export interface Junction {
  table: string;
  /** The junction's foreign key to the origin and to the target. */
  constraint1: string;
  constraint2: string;
  /** [junction column, origin column] and [junction column, target column]. */
  sourceColumns: [string, string][];
  targetColumns: [string, string][];
}

/** A way to embed `foreignTable` under a row of `table`. */
export interface Relationship {
  table: string;
  foreignTable: string;
  cardinality: Cardinality;
  /** The foreign key's name; for m2m the junction says which keys. */
  constraint: string;
  /** [column of table, column of foreignTable] pairs that join them (empty for m2m). */
  columns: [string, string][];
  junction?: Junction;
  isSelf: boolean;
  foreignTableIsView: boolean;
}

export interface RoutineParam {
  name: string;
  type: string;
  hasDefault: boolean;
  variadic: boolean;
}

export interface Routine {
  name: string;
  params: RoutineParam[];
  volatility: 'immutable' | 'stable' | 'volatile';
  returnsSet: boolean;
  /** scalar: a single value per row; composite: rows with columns; void: nothing. */
  returnKind: 'scalar' | 'composite' | 'void';
  returnType: string;
  /** Columns of a composite result (a table type, OUT/TABLE parameters); empty when unknown. */
  returnColumns: Column[];
  /** The exposed table whose row type the function returns, so its relationships can be embedded. */
  returnTable?: string;
}

export interface SchemaCache {
  schema: string;
  tables: Map<string, Table>;
  /** Relationships keyed by the origin table. */
  relationships: Map<string, Relationship[]>;
  routines: Map<string, Routine[]>;
}

/** What a read may select, filter and order by: the columns, then the computed fields. */
export function readableColumns(table: Table | undefined): Map<string, Column> {
  if (!table) return new Map();
  if (table.computed.size === 0) return table.columns;
  return new Map([...table.computed, ...table.columns]);
}

export function isToOne(relationship: Relationship): boolean {
  return relationship.cardinality === 'm2o' || relationship.cardinality === 'o2o';
}
