import { Cursor } from './cursor.js';
import { atFieldName, field, fieldName, identifier } from './fields.js';
import type { AggregateFunction, SelectField, SelectItem, SelectRelation } from './types.js';

const AGGREGATES: AggregateFunction[] = ['sum', 'avg', 'count', 'max', 'min'];

/** `alias:` before a name; a `::` is a cast, not an alias. Consumes nothing when there is none. */
function alias(cursor: Cursor): string | undefined {
  if (!atFieldName(cursor)) return undefined;
  const start = cursor.pos;
  const name = cursor.attempt(() => fieldName(cursor));
  if (name !== undefined && cursor.lookingAt(':') && !cursor.lookingAt('::')) {
    cursor.pos += 1;
    return name;
  }
  cursor.pos = start;
  return undefined;
}

function castType(cursor: Cursor): string | undefined {
  if (!cursor.take('::')) return undefined;
  return identifier(cursor, 'cast type');
}

function atItemEnd(cursor: Cursor): void {
  if (!(cursor.lookingAt(')') || cursor.lookingAt(',') || cursor.eof))
    cursor.fail(['")"', '","', 'end of input']);
}

/** `!inner`, `!left` and `!hint`, in either order, at most two. */
function embedParams(cursor: Cursor): Pick<SelectRelation, 'hint' | 'joinType'> {
  const result: Pick<SelectRelation, 'hint' | 'joinType'> = {};
  for (let i = 0; i < 2 && cursor.take('!'); i++) {
    if (cursor.take('left')) result.joinType ??= 'left';
    else if (cursor.take('inner')) result.joinType ??= 'inner';
    else result.hint ??= fieldName(cursor);
  }
  return result;
}

/** The head of an embed up to its `(`; undefined (position not restored) when this is no embed. */
function relationHead(
  cursor: Cursor,
  spread: boolean,
): Omit<SelectRelation, 'children'> | undefined {
  cursor.skipSpaces();
  let relationAlias: string | undefined;
  if (spread) cursor.expect('...');
  else relationAlias = alias(cursor);
  if (!atFieldName(cursor)) return undefined;
  const name = fieldName(cursor);
  if (!spread && name === 'count') cursor.fail(['relation name']);
  const params = embedParams(cursor);
  if (!cursor.lookingAt('(')) return undefined;
  return {
    kind: spread ? 'spread' : 'relation',
    name,
    ...(relationAlias !== undefined ? { alias: relationAlias } : {}),
    ...params,
  };
}

function selectField(cursor: Cursor): SelectField {
  cursor.skipSpaces();
  if (cursor.lookingAt('*')) {
    const star = cursor.attempt(() => {
      cursor.pos += 1;
      cursor.skipSpaces();
      atItemEnd(cursor);
      return { kind: 'field', field: { name: '*', jsonPath: [] } } satisfies SelectField;
    });
    if (star) return star;
  }
  const countAll = !cursor.text.includes('count()', cursor.pos)
    ? undefined
    : cursor.attempt(() => {
        const countAlias = alias(cursor);
        cursor.expect('count()');
        const aggregateCast = castType(cursor);
        cursor.skipSpaces();
        atItemEnd(cursor);
        return {
          kind: 'field',
          field: { name: '*', jsonPath: [] },
          aggregate: 'count',
          ...(countAlias !== undefined ? { alias: countAlias } : {}),
          ...(aggregateCast !== undefined ? { aggregateCast } : {}),
        } satisfies SelectField;
      });
  if (countAll) return countAll;
  const fieldAlias = alias(cursor);
  const parsed = field(cursor);
  const cast = castType(cursor);
  const aggregate = !cursor.lookingAt('.')
    ? undefined
    : cursor.attempt(() => {
        cursor.expect('.');
        const found = AGGREGATES.find((name) => cursor.take(name));
        if (!found) cursor.fail(['aggregate function']);
        cursor.expect('()');
        return found;
      });
  const aggregateCast = castType(cursor);
  cursor.skipSpaces();
  atItemEnd(cursor);
  return {
    kind: 'field',
    field: parsed,
    ...(fieldAlias !== undefined ? { alias: fieldAlias } : {}),
    ...(cast !== undefined ? { cast } : {}),
    ...(aggregate !== undefined ? { aggregate } : {}),
    ...(aggregateCast !== undefined ? { aggregateCast } : {}),
  };
}

function selectItem(cursor: Cursor): SelectItem {
  cursor.skipSpaces();
  for (const spread of [true, false]) {
    if (spread && !cursor.lookingAt('...')) continue;
    const start = cursor.pos;
    const head = cursor.attempt(() => relationHead(cursor, spread));
    if (!head) {
      cursor.pos = start;
      continue;
    }
    cursor.expect('(');
    const children = cursor.nested(() => selectForest(cursor));
    cursor.expect(')');
    cursor.skipSpaces();
    return { ...head, children };
  }
  return selectField(cursor);
}

/** The items of `select=` or of an embedded resource's parentheses; empty input gives no items. */
export function selectForest(cursor: Cursor): SelectItem[] {
  cursor.skipSpaces();
  if (cursor.eof || cursor.lookingAt(')')) return [];
  const items = [selectItem(cursor)];
  while (cursor.take(',')) {
    cursor.skipSpaces();
    items.push(selectItem(cursor));
  }
  return items;
}
