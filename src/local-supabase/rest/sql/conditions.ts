import type { Operation } from '../grammar/types.js';
import type { Condition, ResolvedField } from '../plan/types.js';
import { arrayLiteral, ident, type SqlParams } from './params.js';

const SIMPLE_SQL = {
  neq: '<>',
  cs: '@>',
  cd: '<@',
  ov: '&&',
  sl: '<<',
  sr: '>>',
  nxr: '&<',
  nxl: '&>',
  adj: '-|-',
} as const;

const QUANT_SQL = {
  eq: '=',
  gte: '>=',
  gt: '>',
  lte: '<=',
  lt: '<',
  like: 'like',
  ilike: 'ilike',
  match: '~',
  imatch: '~*',
} as const;

const FTS_SQL = {
  fts: 'to_tsquery',
  plfts: 'plainto_tsquery',
  phfts: 'phraseto_tsquery',
  wfts: 'websearch_to_tsquery',
} as const;

const IS_SQL = {
  null: 'NULL',
  not_null: 'NOT NULL',
  true: 'TRUE',
  false: 'FALSE',
  unknown: 'UNKNOWN',
} as const;

const JSON_TYPES = new Set(['json', 'jsonb']);

/** `"alias"."column"` with its JSON path; JSON keys are bound values, array indexes bound and cast to int. */
export function fieldSql(alias: string, field: ResolvedField, params: SqlParams): string {
  const column = `${ident(alias)}.${ident(field.column)}`;
  if (field.jsonPath.length === 0) return column;
  // A path on a non-JSON column (an array, a composite) reads its JSON form, as PostgREST does.
  let sql = JSON_TYPES.has(field.type) || field.type === '' ? column : `to_jsonb(${column})`;
  for (const step of field.jsonPath) {
    sql += `${step.arrow}${params.add(step.key)}${step.index ? '::int' : ''}`;
  }
  return sql;
}

function operationSql(
  target: string,
  field: ResolvedField,
  operation: Operation,
  params: SqlParams,
): string {
  switch (operation.kind) {
    case 'simple':
      return `${target} ${SIMPLE_SQL[operation.operator]} ${params.add(operation.value)}`;
    case 'quant': {
      const isPattern = operation.operator === 'like' || operation.operator === 'ilike';
      const value = params.add(isPattern ? operation.value.replace(/\*/g, '%') : operation.value);
      const operand = operation.quantifier
        ? `${operation.quantifier.toUpperCase()}(${value})`
        : value;
      return `${target} ${QUANT_SQL[operation.operator]} ${operand}`;
    }
    case 'in':
      if (operation.values.length === 1 && operation.values[0] === '')
        return `${target} = ANY('{}')`;
      return `${target} = ANY(${params.add(arrayLiteral(operation.values))})`;
    case 'is':
      return `${target} IS ${IS_SQL[operation.value]}`;
    case 'isdistinct':
      return `${target} IS DISTINCT FROM ${params.add(operation.value)}`;
    case 'fts': {
      const language =
        operation.language === undefined ? '' : `${params.add(operation.language)}, `;
      // Full-text search on a plain text column searches its tsvector, as PostgREST does.
      const vector =
        field.type === 'tsvector' && field.jsonPath.length === 0
          ? target
          : `to_tsvector(${language}${target})`;
      return `${vector} @@ ${FTS_SQL[operation.operator]}(${language}${params.add(operation.value)})`;
    }
  }
}

/** A WHERE condition for one level; `alias` is that level's SQL alias. */
export function conditionSql(alias: string, condition: Condition, params: SqlParams): string {
  switch (condition.kind) {
    case 'filter': {
      const sql = operationSql(
        fieldSql(alias, condition.field, params),
        condition.field,
        condition.operation,
        params,
      );
      return condition.negate ? `NOT (${sql})` : `(${sql})`;
    }
    case 'embedNull':
      return `(${ident(condition.embedAlias)} IS ${condition.negate ? '' : 'NOT '}DISTINCT FROM NULL)`;
    case 'expr': {
      const joined = condition.children
        .map((child) => conditionSql(alias, child, params))
        .join(condition.operator === 'and' ? ' AND ' : ' OR ');
      return `${condition.negate ? 'NOT ' : ''}(${joined})`;
    }
  }
}
