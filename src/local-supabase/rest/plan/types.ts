import type { AggregateFunction, JsonStep, Operation, RowRange } from '../grammar/types.js';
import type { Column, Relationship } from '../schema/types.js';

/** A column reference checked against the schema cache, with its type for JSON and full-text handling. */
export interface ResolvedField {
  column: string;
  /** The column's type when known; '' for the columns of a function's scalar result. */
  type: string;
  jsonPath: JsonStep[];
}

export type OutputField =
  | { kind: 'star' }
  | {
      kind: 'column';
      /** Undefined for `count()`, which counts rows. */
      field?: ResolvedField;
      name: string;
      cast?: string;
      aggregate?: AggregateFunction;
      aggregateCast?: string;
    };

export type Condition =
  | { kind: 'filter'; field: ResolvedField; negate: boolean; operation: Operation }
  /** `embed=is.null` / `embed=not.is.null`: whether the embedded resource is empty. */
  | { kind: 'embedNull'; negate: boolean; embedAlias: string }
  | { kind: 'expr'; negate: boolean; operator: 'and' | 'or'; children: Condition[] };

export interface OrderItem {
  /** The lateral alias of a to-one embed for `order=embed(column)`. */
  embedAlias?: string;
  field: ResolvedField;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

export interface ReadNode {
  /** The exposed schema the request chose (Accept-Profile / Content-Profile), holding relation and junctions. */
  schema: string;
  /** The table, view or function result being read, for messages and relationships. */
  relation: string;
  /** Where rows come from: the table itself, or the `pgrst_source` CTE of a mutation or function call. */
  source: 'table' | 'cte';
  /** The SQL alias of this level, as PostgREST names it (the table, then `<table>_<depth>`). */
  alias: string;
  columns: Map<string, Column>;
  select: OutputField[];
  embeds: Embed[];
  where: Condition[];
  order: OrderItem[];
  range: RowRange;
  depth: number;
}

export interface Embed {
  /** The relation name as written in `select`, and the alias if any: filters and orders find it by alias ?? name. */
  name: string;
  alias?: string;
  /** The key in the response JSON. */
  outputName: string;
  /** The alias of the lateral join that produces it. */
  joinAlias: string;
  relationship: Relationship;
  inner: boolean;
  spread: boolean;
  /** `rel()` selects nothing: the join still filters (with !inner) but adds no key. */
  hidden: boolean;
  node: ReadNode;
}
