import { fail, notEmbedded, ok, relatedOrderNotToOne, restError, type Result } from '../errors.js';
import type {
  EmbedPath,
  LogicTree,
  OrderTerm,
  QueryParams,
  RowRange,
  SelectField,
  SelectItem,
} from '../grammar/types.js';
import type { Column, SchemaCache } from '../schema/types.js';
import { isToOne, readableColumns } from '../schema/types.js';
import { findRelationship } from './find-relationship.js';
import { resolveCondition, resolveField, resolveSelectField } from './resolve-fields.js';
import type { Condition, Embed, OrderItem, OutputField, ReadNode } from './types.js';

/** A level of the request before its relationship is resolved: what `select` and the other parameters ask of it. */
interface Draft {
  name: string;
  alias?: string;
  hint?: string;
  inner: boolean;
  spread: boolean;
  depth: number;
  fields: SelectField[];
  children: Draft[];
  logic: LogicTree[];
  order: OrderTerm[];
  range?: RowRange;
}

export interface ReadPlanInput {
  cache: SchemaCache;
  /** The relation whose relationships embeds follow: a table, or the table a function returns. */
  relation: string;
  columns: Map<string, Column>;
  source: 'table' | 'cte';
  params: QueryParams;
  /** Mutations apply top-level filters in the mutation itself and ignore ranges, as PostgREST does. */
  action: 'read' | 'mutate' | 'call';
  /** db-max-rows: every level of a read returns at most this many rows. */
  maxRows?: number | undefined;
}

function restrictRange(range: RowRange | undefined, maxRows: number | undefined): RowRange {
  const base = range ?? { offset: 0 };
  if (maxRows === undefined) return base;
  return { ...base, limit: Math.min(base.limit ?? maxRows, maxRows) };
}

function draftOf(items: SelectItem[], name: string, depth: number, item?: SelectItem): Draft {
  const draft: Draft = {
    name,
    ...(item?.kind !== 'field' && item?.alias !== undefined ? { alias: item.alias } : {}),
    ...(item?.kind !== 'field' && item?.hint !== undefined ? { hint: item.hint } : {}),
    inner: item?.kind !== 'field' && item?.joinType === 'inner',
    spread: item?.kind === 'spread',
    depth,
    fields: [],
    children: [],
    logic: [],
    order: [],
  };
  for (const child of items) {
    if (child.kind === 'field') draft.fields.push(child);
    else draft.children.push(draftOf(child.children, child.name, depth + 1, child));
  }
  return draft;
}

function findDraft(root: Draft, path: EmbedPath): Result<Draft> {
  let current = root;
  for (const segment of path) {
    // The alias names an aliased embed; its table name still works too (PostgREST's deprecated legacy form).
    const next =
      current.children.find((child) => (child.alias ?? child.name) === segment) ??
      current.children.find((child) => child.name === segment);
    if (!next) return fail(notEmbedded(segment));
    current = next;
  }
  return ok(current);
}

function attachParams(root: Draft, input: ReadPlanInput): Result<Draft> {
  const { params, action } = input;
  const skipRoot = (path: EmbedPath) => action === 'mutate' && path.length === 0;
  for (const { path, filter } of params.filters) {
    if (skipRoot(path)) continue;
    const draft = findDraft(root, path);
    if (!draft.ok) return draft;
    draft.value.logic.push({ kind: 'filter', filter });
  }
  for (const { path, tree } of params.logic) {
    if (skipRoot(path)) continue;
    const draft = findDraft(root, path);
    if (!draft.ok) return draft;
    draft.value.logic.push(tree);
  }
  for (const { path, terms } of params.order) {
    const draft = findDraft(root, path);
    if (!draft.ok) return draft;
    draft.value.order = terms;
  }
  if (action === 'mutate') return ok(root);
  for (const [key, range] of params.ranges) {
    const draft = findDraft(root, key === '' ? [] : key.split('.'));
    if (!draft.ok) return draft;
    draft.value.range = range;
  }
  return ok(root);
}

function resolveOrder(draft: Draft, node: ReadNode): Result<OrderItem[]> {
  const items: OrderItem[] = [];
  for (const term of draft.order) {
    const modifiers = {
      ...(term.direction ? { direction: term.direction } : {}),
      ...(term.nulls ? { nulls: term.nulls } : {}),
    };
    if (term.relation === undefined) {
      const field = resolveField(term.field, node.columns, node.alias);
      if (!field.ok) return field;
      items.push({ field: field.value, ...modifiers });
      continue;
    }
    const embed = node.embeds.find(
      (candidate) => (candidate.alias ?? candidate.name) === term.relation,
    );
    if (!embed) return fail(notEmbedded(term.relation));
    if (!isToOne(embed.relationship))
      return fail(relatedOrderNotToOne(node.relation, term.relation));
    const field = resolveField(term.field, embed.node.columns, embed.joinAlias);
    if (!field.ok) return field;
    items.push({ embedAlias: embed.joinAlias, field: field.value, ...modifiers });
  }
  return ok(items);
}

/** Resolves relationships top-down: each embed's relationship starts from its parent's relation. */
function buildNode(
  draft: Draft,
  input: ReadPlanInput,
  relation: string,
  columns: Map<string, Column>,
  alias: string,
  source: 'table' | 'cte',
): Result<ReadNode> {
  const node: ReadNode = {
    schema: input.cache.schema,
    relation,
    source,
    alias,
    columns,
    select: [],
    embeds: [],
    where: [],
    order: [],
    range:
      input.action === 'mutate'
        ? (draft.range ?? { offset: 0 })
        : restrictRange(draft.range, input.maxRows),
    depth: draft.depth,
  };
  for (const child of draft.children) {
    const relationship = findRelationship(input.cache, relation, child.name, child.hint);
    if (!relationship.ok) return relationship;
    const target = relationship.value.foreignTable;
    const depth = child.depth;
    const childNode = buildNode(
      child,
      input,
      target,
      readableColumns(input.cache.tables.get(target)),
      `${target}_${depth}`,
      'table',
    );
    if (!childNode.ok) return childNode;
    const outputName = child.alias ?? child.name;
    const embed: Embed = {
      name: child.name,
      ...(child.alias !== undefined ? { alias: child.alias } : {}),
      outputName,
      joinAlias: `${relation}_${outputName}_${depth}`,
      relationship: relationship.value,
      inner: child.inner,
      spread: child.spread,
      hidden: child.fields.length === 0 && child.children.length === 0,
      node: childNode.value,
    };
    // Two embeds with one name would share a join alias; PostgreSQL's own complaint, as PostgREST passes it on.
    if (node.embeds.some((other) => other.joinAlias === embed.joinAlias)) {
      return fail(
        restError(400, '42712', `table name "${embed.joinAlias}" specified more than once`),
      );
    }
    node.embeds.push(embed);
  }
  return ok(node);
}

/** Fills in what needs the resolved tree: selected columns, conditions and orders, checked against the columns. */
function resolveNode(draft: Draft, node: ReadNode, isRoot: boolean): Result<ReadNode> {
  const select: OutputField[] = [];
  for (const field of draft.fields) {
    const resolved = resolveSelectField(field, node.columns, node.alias);
    if (!resolved.ok) return resolved;
    select.push(resolved.value);
  }
  // An empty top-level select means every column, unless embeds are asked for (`select=author(*)`).
  if (isRoot && select.length === 0 && draft.children.length === 0) {
    select.push({ kind: 'star' });
  }
  node.select = select;
  const embedAliasOf = (name: string) =>
    node.embeds.find((embed) => (embed.alias ?? embed.name) === name)?.joinAlias;
  const where: Condition[] = [];
  for (const tree of draft.logic) {
    const condition = resolveCondition(tree, node.columns, node.alias, embedAliasOf);
    if (!condition.ok) return condition;
    where.push(condition.value);
  }
  node.where = where;
  const order = resolveOrder(draft, node);
  if (!order.ok) return order;
  node.order = order.value;
  for (const [index, child] of draft.children.entries()) {
    const embed = node.embeds[index];
    if (!embed) continue;
    const resolved = resolveNode(child, embed.node, false);
    if (!resolved.ok) return resolved;
  }
  return ok(node);
}

/** Turns `select`, filters, orders and ranges into a tree of levels joined by relationships (PostgREST's ReadPlan). */
export function buildReadPlan(input: ReadPlanInput): Result<ReadNode> {
  const root = draftOf(input.params.select, input.relation, 0);
  const attached = attachParams(root, input);
  if (!attached.ok) return attached;
  const node = buildNode(root, input, input.relation, input.columns, input.relation, input.source);
  if (!node.ok) return node;
  return resolveNode(root, node.value, true);
}
