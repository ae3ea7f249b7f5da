import { Cursor } from './cursor.js';
import { field, fieldName, identifier, jsonPath, quotedValue } from './fields.js';
import type {
  EmbedPath,
  Field,
  Filter,
  FtsOperator,
  IsValue,
  LogicTree,
  Operation,
  OrderTerm,
  QuantOperator,
  SimpleOperator,
} from './types.js';

// Longer names first where one is a prefix of another (gte before gt), as PostgREST tries them.
const SIMPLE: SimpleOperator[] = ['neq', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj'];
const QUANT: QuantOperator[] = ['eq', 'gte', 'gt', 'lte', 'lt', 'like', 'ilike', 'match', 'imatch'];
const FTS: FtsOperator[] = ['fts', 'plfts', 'phfts', 'wfts'];
const IS_VALUES: IsValue[] = ['null', 'not_null', 'true', 'false', 'unknown'];
const OPERATOR_LABEL = 'operator (eq, gt, ...)';

type ValueParser = (cursor: Cursor) => string;

/** The rest of the input: the value of a top-level filter. */
export const restOfInput: ValueParser = (cursor) => {
  const value = cursor.text.slice(cursor.pos);
  cursor.pos = cursor.text.length;
  return value;
};

function untilDelimiter(cursor: Cursor): string {
  const start = cursor.pos;
  while (!cursor.eof && cursor.peek() !== ',' && cursor.peek() !== ')') cursor.pos += 1;
  return cursor.text.slice(start, cursor.pos);
}

function atDelimiter(cursor: Cursor): boolean {
  return cursor.eof || cursor.peek() === ',' || cursor.peek() === ')';
}

/** A value inside `or=(...)`: quoted, a `{...}` array literal, or everything up to `,` or `)`. */
const logicValue: ValueParser = (cursor) => {
  const quoted = !cursor.lookingAt('"')
    ? undefined
    : cursor.attempt(() => {
        const value = quotedValue(cursor);
        if (!atDelimiter(cursor)) cursor.fail(['","', '")"']);
        return value;
      });
  if (quoted !== undefined) return quoted;
  if (cursor.lookingAt('{')) {
    const close = cursor.text.indexOf('}', cursor.pos);
    const inner = close < 0 ? '' : cursor.text.slice(cursor.pos + 1, close);
    if (close >= 0 && !inner.includes('{')) {
      cursor.pos = close + 1;
      return `{${inner}}`;
    }
  }
  return untilDelimiter(cursor);
};

function listValue(cursor: Cursor): string[] {
  cursor.skipSpaces();
  cursor.expect('(');
  cursor.skipSpaces();
  const values: string[] = [];
  do {
    const quoted = !cursor.lookingAt('"')
      ? undefined
      : cursor.attempt(() => {
          const value = quotedValue(cursor);
          if (!atDelimiter(cursor)) cursor.fail(['","', '")"']);
          return value;
        });
    values.push(quoted ?? untilDelimiter(cursor));
  } while (cursor.take(','));
  cursor.skipSpaces();
  cursor.expect(')');
  cursor.skipSpaces();
  return values;
}

function delimiter(cursor: Cursor): void {
  cursor.expect('.', 'delimiter (.)');
}

/** Whether one of the names comes next: an attempt to take one would fail otherwise. */
function startsWithOneOf(cursor: Cursor, names: readonly string[]): boolean {
  return names.some((name) => cursor.lookingAt(name));
}

function takeOne<T extends string>(cursor: Cursor, names: readonly T[]): T | undefined {
  return names.find((name) => cursor.take(name));
}

function operation(cursor: Cursor, value: ValueParser): Operation {
  // Plain lookaheads where a failed attempt would only rewind: backtracking by exception is the costly path.
  if (cursor.take('in.')) {
    return { kind: 'in', values: listValue(cursor) };
  }
  if (cursor.take('is.')) {
    const lower = cursor.text.slice(cursor.pos).toLowerCase();
    const found = IS_VALUES.find((candidate) => lower.startsWith(candidate));
    if (!found) cursor.fail(['isVal: (null, not_null, true, false, unknown)']);
    cursor.pos += found.length;
    return { kind: 'is', value: found };
  }
  if (cursor.take('isdistinct.')) {
    return { kind: 'isdistinct', value: value(cursor) };
  }
  const fts =
    startsWithOneOf(cursor, FTS) &&
    cursor.attempt(() => {
      const operator = takeOne(cursor, FTS);
      if (!operator) return cursor.fail([OPERATOR_LABEL]);
      const language = cursor.attempt(() => {
        cursor.expect('(');
        const name = identifier(cursor, 'fts language');
        cursor.expect(')');
        return name;
      });
      delimiter(cursor);
      return { operator, language };
    });
  if (fts) {
    const { operator, language } = fts;
    return {
      kind: 'fts',
      operator,
      ...(language !== undefined ? { language } : {}),
      value: value(cursor),
    };
  }
  const simple =
    startsWithOneOf(cursor, SIMPLE) &&
    cursor.attempt(() => {
      const operator = takeOne(cursor, SIMPLE);
      if (!operator) return cursor.fail([OPERATOR_LABEL]);
      delimiter(cursor);
      return operator;
    });
  if (simple) return { kind: 'simple', operator: simple, value: value(cursor) };
  const quant = cursor.attempt(() => {
    const operator = takeOne(cursor, QUANT);
    if (!operator) return cursor.fail(['"not"', OPERATOR_LABEL]);
    const quantifier = !cursor.lookingAt('(')
      ? undefined
      : cursor.attempt(() => {
          cursor.expect('(');
          const which: 'any' | 'all' = cursor.take('any')
            ? 'any'
            : cursor.take('all')
              ? 'all'
              : cursor.fail(['"any"', '"all"']);
          cursor.expect(')');
          return which;
        });
    delimiter(cursor);
    return { operator, quantifier };
  });
  if (quant) {
    const { operator, quantifier } = quant;
    return { kind: 'quant', operator, ...(quantifier ? { quantifier } : {}), value: value(cursor) };
  }
  return cursor.fail(['"not"', OPERATOR_LABEL]);
}

/** `[not.]operator.value` */
export function opExpression(
  cursor: Cursor,
  value: ValueParser = restOfInput,
): Omit<Filter, 'field'> {
  const negate = cursor.take('not.');
  return { negate, operation: operation(cursor, value) };
}

/** A parameter key such as `author.books.title->x`: the embed path and the field. */
export function treePath(cursor: Cursor): { path: EmbedPath; field: Field } {
  const names = [fieldName(cursor)];
  while (cursor.take('.')) names.push(fieldName(cursor));
  const path = jsonPath(cursor);
  const last = names.pop() ?? '';
  return { path: names, field: { name: last, jsonPath: path } };
}

/** The key of `or=` / `author.not.and=`: the embed path and the operator with its negation. */
export function logicPath(cursor: Cursor): {
  path: EmbedPath;
  negate: boolean;
  operator: 'and' | 'or';
} {
  const names = [fieldName(cursor)];
  while (cursor.take('.')) names.push(fieldName(cursor));
  const operator = names.pop();
  if (operator !== 'and' && operator !== 'or') return cursor.fail(['logic operator (and, or)']);
  return { path: names.filter((name) => name !== 'not'), negate: names.includes('not'), operator };
}

/** `and(...)`, `not.or(...)` or a single `column.operator.value` inside one. */
export function logicTree(cursor: Cursor): LogicTree {
  const statement = cursor.attempt(() => {
    const target = field(cursor);
    delimiter(cursor);
    return {
      kind: 'filter',
      filter: { field: target, ...opExpression(cursor, logicValue) },
    } satisfies LogicTree;
  });
  if (statement) return statement;
  const negate = cursor.take('not.');
  const operator = cursor.take('and')
    ? 'and'
    : cursor.take('or')
      ? 'or'
      : cursor.fail(['logic operator (and, or)']);
  cursor.skipSpaces();
  cursor.expect('(');
  cursor.skipSpaces();
  const children = [cursor.nested(() => logicTree(cursor))];
  for (;;) {
    cursor.skipSpaces();
    if (!cursor.take(',')) break;
    cursor.skipSpaces();
    children.push(cursor.nested(() => logicTree(cursor)));
  }
  cursor.expect(')');
  cursor.skipSpaces();
  return { kind: 'expr', negate, operator, children };
}

function orderEnd(cursor: Cursor): void {
  if (!(cursor.eof || cursor.lookingAt(','))) cursor.fail(['","', 'end of input']);
}

function orderModifiers(cursor: Cursor): Pick<OrderTerm, 'direction' | 'nulls'> {
  const direction = cursor.take('.asc') ? 'asc' : cursor.take('.desc') ? 'desc' : undefined;
  const nulls = cursor.take('.nullsfirst')
    ? 'first'
    : cursor.take('.nullslast')
      ? 'last'
      : undefined;
  cursor.skipSpaces();
  orderEnd(cursor);
  return { ...(direction ? { direction } : {}), ...(nulls ? { nulls } : {}) };
}

function orderTerm(cursor: Cursor): OrderTerm {
  cursor.skipSpaces();
  const related = cursor.attempt(() => {
    const relation = fieldName(cursor);
    cursor.expect('(');
    const target = field(cursor);
    cursor.expect(')');
    return { relation, field: target, ...orderModifiers(cursor) };
  });
  if (related) return related;
  const target = field(cursor);
  return { field: target, ...orderModifiers(cursor) };
}

export function orderTerms(cursor: Cursor): OrderTerm[] {
  const terms = [orderTerm(cursor)];
  while (cursor.take(',')) terms.push(orderTerm(cursor));
  return terms;
}

/** `columns=` and `on_conflict=`: names separated by commas. */
export function columnList(cursor: Cursor): string[] {
  const names: string[] = [];
  do {
    cursor.skipSpaces();
    names.push(fieldName(cursor));
    cursor.skipSpaces();
  } while (cursor.take(','));
  return names;
}
