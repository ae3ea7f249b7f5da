import { fail, ok, undefinedColumn, type Result } from '../errors.js';
import type { Field, LogicTree, SelectField } from '../grammar/types.js';
import type { Column } from '../schema/types.js';
import type { Condition, OutputField, ResolvedField } from './types.js';

/** Checks a column against the known columns of a level; the error is what PostgreSQL would say. */
export function resolveField(
  field: Field,
  columns: Map<string, Column>,
  alias: string,
): Result<ResolvedField> {
  const column = columns.get(field.name);
  if (!column) return fail(undefinedColumn(alias, field.name));
  return ok({ column: column.name, type: column.type, jsonPath: field.jsonPath });
}

/** The response key of a select item: its alias, else the last JSON key of its path, else the column. */
function outputName(item: SelectField): string {
  if (item.alias !== undefined) return item.alias;
  if (item.aggregate && item.field.name === '*') return item.aggregate;
  const keys = item.field.jsonPath.filter((step) => !step.index);
  const last = item.field.jsonPath.at(-1);
  if (last && !last.index) return last.key;
  if (last) return keys.at(-1)?.key ?? item.field.name;
  return item.field.name;
}

export function resolveSelectField(
  item: SelectField,
  columns: Map<string, Column>,
  alias: string,
): Result<OutputField> {
  if (item.field.name === '*' && !item.aggregate) return ok({ kind: 'star' });
  const common = {
    kind: 'column' as const,
    name: outputName(item),
    ...(item.cast !== undefined ? { cast: item.cast } : {}),
    ...(item.aggregate !== undefined ? { aggregate: item.aggregate } : {}),
    ...(item.aggregateCast !== undefined ? { aggregateCast: item.aggregateCast } : {}),
  };
  if (item.field.name === '*') return ok(common);
  const field = resolveField(item.field, columns, alias);
  if (!field.ok) return field;
  return ok({ ...common, field: field.value });
}

/**
 * A filter or logic tree resolved against one level. `embedAliasOf` names the lateral join of an embed
 * whose name the filter uses, turning `embed=is.null` into a test of whether the embed is empty.
 */
export function resolveCondition(
  tree: LogicTree,
  columns: Map<string, Column>,
  alias: string,
  embedAliasOf: (name: string) => string | undefined,
): Result<Condition> {
  if (tree.kind === 'expr') {
    const children: Condition[] = [];
    for (const child of tree.children) {
      const resolved = resolveCondition(child, columns, alias, embedAliasOf);
      if (!resolved.ok) return resolved;
      children.push(resolved.value);
    }
    return ok({ kind: 'expr', negate: tree.negate, operator: tree.operator, children });
  }
  const { filter } = tree;
  const embedAlias =
    filter.field.jsonPath.length === 0 ? embedAliasOf(filter.field.name) : undefined;
  if (
    embedAlias !== undefined &&
    filter.operation.kind === 'is' &&
    filter.operation.value === 'null'
  ) {
    return ok({ kind: 'embedNull', negate: filter.negate, embedAlias });
  }
  const field = resolveField(filter.field, columns, alias);
  if (!field.ok) return field;
  return ok({
    kind: 'filter',
    field: field.value,
    negate: filter.negate,
    operation: filter.operation,
  });
}
