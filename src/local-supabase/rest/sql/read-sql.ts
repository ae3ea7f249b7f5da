import type { Embed, OrderItem, OutputField, ReadNode } from '../plan/types.js';
import { castType, ident, qualified, type SqlParams } from './params.js';
import { conditionSql, fieldSql } from './conditions.js';

export const SOURCE_CTE = 'pgrst_source';

function expandStar(node: ReadNode): OutputField[] {
  return [...node.columns.values()].map((column) => ({
    kind: 'column',
    field: { column: column.name, type: column.type, jsonPath: [] },
    name: column.name,
  }));
}

function outputSql(node: ReadNode, field: OutputField, params: SqlParams): string {
  if (field.kind === 'star') return `${ident(node.alias)}.*`;
  let sql = field.field ? fieldSql(node.alias, field.field, params) : '*';
  if (field.cast) sql = `CAST(${sql} AS ${castType(field.cast)})`;
  if (field.aggregate) sql = `${field.aggregate.toUpperCase()}(${sql})`;
  if (field.aggregateCast) sql = `CAST(${sql} AS ${castType(field.aggregateCast)})`;
  return `${sql} AS ${ident(field.name)}`;
}

/** The names an embedded level puts in its rows, so a spread can lift them to its parent. */
function outputNames(node: ReadNode): string[] | 'all' {
  if (node.select.some((field) => field.kind === 'star')) return 'all';
  const names = node.select.flatMap((field) => (field.kind === 'column' ? [field.name] : []));
  for (const embed of node.embeds) {
    if (embed.hidden) continue;
    if (!embed.spread) names.push(embed.outputName);
    else {
      const inner = outputNames(embed.node);
      if (inner === 'all') return 'all';
      names.push(...inner);
    }
  }
  return names;
}

function embedSelects(embed: Embed): string[] {
  if (embed.hidden) return [];
  const join = ident(embed.joinAlias);
  const toOne =
    embed.relationship.cardinality === 'm2o' || embed.relationship.cardinality === 'o2o';
  if (!embed.spread) {
    return toOne
      ? [`row_to_json(${join}.*)::jsonb AS ${ident(embed.outputName)}`]
      : [`COALESCE(${join}.${join}, '[]') AS ${ident(embed.outputName)}`];
  }
  const names = outputNames(embed.node);
  if (names === 'all') return [`${join}.*`];
  return names.map((name) => `${join}.${ident(name)} AS ${ident(name)}`);
}

/** The join conditions tying an embedded level to its parent row, per the relationship. */
function joinConditions(parentAlias: string, embed: Embed): string[] {
  const { relationship, node } = embed;
  const junction = relationship.junction;
  if (junction) {
    const table = qualified(node.schema, junction.table);
    return [
      ...junction.targetColumns.map(
        ([own, target]) => `${ident(node.alias)}.${ident(target)} = ${table}.${ident(own)}`,
      ),
      ...junction.sourceColumns.map(
        ([own, origin]) => `${table}.${ident(own)} = ${ident(parentAlias)}.${ident(origin)}`,
      ),
    ];
  }
  return relationship.columns.map(
    ([origin, target]) =>
      `${ident(node.alias)}.${ident(target)} = ${ident(parentAlias)}.${ident(origin)}`,
  );
}

function lateralJoin(
  embed: Embed,
  parentAlias: string,
  params: SqlParams,
  countOnly: boolean,
): string {
  const join = ident(embed.joinAlias);
  const child = readSql(embed.node, params, { parentAlias, embed, countOnly });
  const toOne =
    embed.relationship.cardinality === 'm2o' || embed.relationship.cardinality === 'o2o';
  const kind = embed.inner ? 'INNER' : 'LEFT';
  if (toOne) return ` ${kind} JOIN LATERAL (${child}) AS ${join} ON TRUE`;
  const columns = [`json_agg(${join})::jsonb AS ${join}`];
  if (embed.spread && !countOnly) {
    const names = outputNames(embed.node);
    for (const name of names === 'all' ? [] : names) {
      columns.push(`COALESCE(json_agg(${join}.${ident(name)}), '[]')::jsonb AS ${ident(name)}`);
    }
  }
  const aggregated = `SELECT ${columns.join(', ')} FROM (${child}) AS ${join}`;
  return ` ${kind} JOIN LATERAL (${aggregated}) AS ${join} ON ${embed.inner ? `${join} IS NOT NULL` : 'TRUE'}`;
}

function orderSql(node: ReadNode, item: OrderItem, params: SqlParams): string {
  const target = fieldSql(item.embedAlias ?? node.alias, item.field, params);
  const direction = item.direction ? ` ${item.direction.toUpperCase()}` : '';
  const nulls = item.nulls ? ` NULLS ${item.nulls.toUpperCase()}` : '';
  return `${target}${direction}${nulls}`;
}

function fromSql(node: ReadNode, embed: Embed | undefined): string {
  const source =
    node.source === 'table' ? qualified(node.schema, node.relation) : ident(SOURCE_CTE);
  const junction = embed?.relationship.junction;
  return ` FROM ${source} AS ${ident(node.alias)}${junction ? `, ${qualified(node.schema, junction.table)}` : ''}`;
}

/** Whether a condition tree reads an embed's join, so a count keeps that join. */
function usesEmbed(node: ReadNode, embed: Embed): boolean {
  const visit = (condition: ReadNode['where'][number]): boolean =>
    condition.kind === 'embedNull'
      ? condition.embedAlias === embed.joinAlias
      : condition.kind === 'expr' && condition.children.some(visit);
  return node.where.some(visit) || node.order.some((item) => item.embedAlias === embed.joinAlias);
}

interface ReadSqlOptions {
  parentAlias?: string;
  embed?: Embed;
  /** For counting: select nothing and keep only the joins that filter rows. */
  countOnly?: boolean;
}

/**
 * SELECT for one level: its columns, each embed as a lateral subquery (an object for to-one, a JSON array
 * for to-many, filtering the parent with !inner), its filters, order and range. Built as PostgREST builds it.
 */
export function readSql(node: ReadNode, params: SqlParams, options: ReadSqlOptions = {}): string {
  const countOnly = options.countOnly ?? false;
  const embeds = countOnly
    ? node.embeds.filter((embed) => embed.inner || usesEmbed(node, embed))
    : node.embeds;
  const grouped = node.select.some((field) => field.kind === 'column' && field.aggregate);
  // Grouping needs every selected column named, so `*` expands to the level's columns.
  const fields = grouped
    ? node.select.flatMap((field) => (field.kind === 'star' ? expandStar(node) : [field]))
    : node.select;
  const selects = countOnly
    ? ['1']
    : [
        ...fields.map((field) => outputSql(node, field, params)),
        ...node.embeds.flatMap(embedSelects),
      ];
  const joins = embeds.map((embed) => lateralJoin(embed, node.alias, params, countOnly)).join('');
  const conditions = [
    ...node.where.map((condition) => conditionSql(node.alias, condition, params)),
    ...(options.embed && options.parentAlias
      ? joinConditions(options.parentAlias, options.embed)
      : []),
  ];
  let sql = `SELECT ${selects.join(', ')}${fromSql(node, options.embed)}${joins}`;
  if (conditions.length > 0) sql += ` WHERE ${conditions.join(' AND ')}`;
  if (countOnly) return sql;
  if (grouped) {
    const positions = selects
      .map((_, index) => index)
      .filter((index) => {
        const field = fields[index];
        return !(field?.kind === 'column' && field.aggregate);
      })
      .map((index) => index + 1);
    if (positions.length > 0) sql += ` GROUP BY ${positions.join(', ')}`;
  }
  if (node.order.length > 0)
    sql += ` ORDER BY ${node.order.map((item) => orderSql(node, item, params)).join(', ')}`;
  const { offset, limit } = node.range;
  if (limit !== undefined || offset !== 0) {
    sql += ` LIMIT ${limit === undefined ? 'ALL' : params.add(String(limit))} OFFSET ${params.add(String(offset))}`;
  }
  return sql;
}

/** The rows a count considers: the top level's filters and inner joins, without its range; `limit` caps it. */
export function countSql(node: ReadNode, params: SqlParams, limit?: number): string {
  const sql = readSql(node, params, { countOnly: true });
  return limit === undefined ? sql : `${sql} LIMIT ${params.add(String(limit))}`;
}
