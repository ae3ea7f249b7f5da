import { Cursor } from './cursor.js';
import type { Field, JsonStep } from './types.js';

const IDENTIFIER_CHAR = /[\p{L}0-9_ $]/u;
const JSON_KEY_STOP = new Set(['(', '-', ':', '.', ',', '>', ')']);

const FIELD_NAME = 'field name (* or [a..z0..9_$])';

/** `"..."` with backslash escapes, as in `"a,b"` inside `in.(...)` or a quoted column name. */
export function quotedValue(cursor: Cursor): string {
  cursor.expect('"');
  let value = '';
  for (;;) {
    if (cursor.eof) cursor.fail(['"\\""']);
    const char = cursor.peek();
    cursor.pos += 1;
    if (char === '"') return value;
    if (char === '\\') {
      if (cursor.eof) cursor.fail(['any character']);
      value += cursor.peek();
      cursor.pos += 1;
    } else {
      value += char;
    }
  }
}

function manyOf(cursor: Cursor, accepts: (char: string) => boolean, label: string): string {
  const start = cursor.pos;
  while (!cursor.eof && accepts(cursor.peek())) cursor.pos += 1;
  if (cursor.pos === start) cursor.fail([label]);
  return cursor.text.slice(start, cursor.pos);
}

/** Letters, digits, `_`, `$` and spaces, trimmed: column names, cast types, fts languages. */
export function identifier(cursor: Cursor, label = FIELD_NAME): string {
  return manyOf(cursor, (char) => IDENTIFIER_CHAR.test(char), label).trim();
}

/** Parts joined by a dash that does not start a `->` arrow, so `first-name` is one name. */
function separatedByDash(cursor: Cursor, part: (cursor: Cursor) => string): string {
  const parts = [part(cursor)];
  while (cursor.lookingAt('-') && !cursor.lookingAt('->')) {
    cursor.pos += 1;
    parts.push(part(cursor));
  }
  return parts.join('-');
}

/** Whether a field name (quoted or bare) starts here, so a caller can skip an attempt bound to fail. */
export function atFieldName(cursor: Cursor): boolean {
  return cursor.lookingAt('"') || (!cursor.eof && IDENTIFIER_CHAR.test(cursor.peek()));
}

export function fieldName(cursor: Cursor): string {
  if (cursor.lookingAt('"')) return quotedValue(cursor);
  if (cursor.eof || !IDENTIFIER_CHAR.test(cursor.peek())) cursor.fail([FIELD_NAME]);
  return separatedByDash(cursor, (c) => identifier(c));
}

function jsonKeyName(cursor: Cursor): string {
  if (cursor.lookingAt('"')) return quotedValue(cursor);
  return separatedByDash(cursor, (c) =>
    manyOf(
      c,
      (char) => !JSON_KEY_STOP.has(char),
      'any non reserved character different from: .,>()',
    ).trim(),
  );
}

function jsonIndex(cursor: Cursor): string {
  const sign = cursor.take('-') ? '-' : '+';
  const digits = manyOf(cursor, (char) => char >= '0' && char <= '9', 'digit');
  const ends = ['->', '::', '.', ','].some((next) => cursor.lookingAt(next)) || cursor.eof;
  if (!ends) cursor.fail(['digit', '"->"', '"::"', '"."', '","', 'end of input']);
  return sign + digits;
}

/** `->key`, `->>key`, `->0`, repeated: the JSON path after a column name. */
export function jsonPath(cursor: Cursor): JsonStep[] {
  const steps: JsonStep[] = [];
  for (;;) {
    const arrow = cursor.take('->>') ? '->>' : cursor.take('->') ? '->' : undefined;
    if (!arrow) return steps;
    const index = cursor.attempt(() => jsonIndex(cursor));
    if (index !== undefined) steps.push({ arrow, key: index, index: true });
    else steps.push({ arrow, key: jsonKeyName(cursor), index: false });
  }
}

/** A column name with an optional JSON path, surrounded by optional spaces. */
export function field(cursor: Cursor): Field {
  cursor.skipSpaces();
  const name = fieldName(cursor);
  const path = jsonPath(cursor);
  cursor.skipSpaces();
  return { name, jsonPath: path };
}
