/** The parsed query string, shaped like PostgREST's ApiRequest/Types.hs so its semantics carry over. */

export interface JsonStep {
  arrow: '->' | '->>';
  /** A key, or an array index such as "+1" / "-1" when `index` is true. */
  key: string;
  index: boolean;
}

export interface Field {
  name: string;
  jsonPath: JsonStep[];
}

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'max' | 'min';

export interface SelectField {
  kind: 'field';
  field: Field;
  alias?: string;
  cast?: string;
  aggregate?: AggregateFunction;
  aggregateCast?: string;
}

export interface SelectRelation {
  kind: 'relation' | 'spread';
  name: string;
  alias?: string;
  hint?: string;
  joinType?: 'inner' | 'left';
  children: SelectItem[];
}

export type SelectItem = SelectField | SelectRelation;

export type SimpleOperator = 'neq' | 'cs' | 'cd' | 'ov' | 'sl' | 'sr' | 'nxr' | 'nxl' | 'adj';
export type QuantOperator =
  'eq' | 'gte' | 'gt' | 'lte' | 'lt' | 'like' | 'ilike' | 'match' | 'imatch';
export type FtsOperator = 'fts' | 'plfts' | 'phfts' | 'wfts';
export type IsValue = 'null' | 'not_null' | 'true' | 'false' | 'unknown';

export type Operation =
  | { kind: 'simple'; operator: SimpleOperator; value: string }
  | { kind: 'quant'; operator: QuantOperator; quantifier?: 'any' | 'all'; value: string }
  | { kind: 'in'; values: string[] }
  | { kind: 'is'; value: IsValue }
  | { kind: 'isdistinct'; value: string }
  | { kind: 'fts'; operator: FtsOperator; language?: string; value: string };

export interface Filter {
  field: Field;
  negate: boolean;
  operation: Operation;
}

export type LogicTree =
  | { kind: 'expr'; negate: boolean; operator: 'and' | 'or'; children: LogicTree[] }
  | { kind: 'filter'; filter: Filter };

export interface OrderTerm {
  /** Set for `order=relation(column)`, an order by a to-one embedded resource. */
  relation?: string;
  field: Field;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

/** Where a parameter applies: [] is the top level, ['author'] an embedded resource, and so on. */
export type EmbedPath = string[];

export interface RowRange {
  offset: number;
  /** Undefined means no limit. */
  limit?: number;
}

export interface QueryParams {
  select: SelectItem[];
  filters: { path: EmbedPath; filter: Filter }[];
  logic: { path: EmbedPath; tree: LogicTree }[];
  order: { path: EmbedPath; terms: OrderTerm[] }[];
  /** Keyed by the embed path joined with '.', '' for the top level. */
  ranges: Map<string, RowRange>;
  columns?: string[];
  onConflict?: string[];
  /** Arguments of a GET /rpc call: the parameters whose value is not a filter. */
  rpcArgs: [string, string][];
}
