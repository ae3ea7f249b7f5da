/**
 * Bounded JSON for every entry of the stack. PGlite's WASM build overflows its native stack on a
 * jsonb value nested ~6,000 deep before PostgreSQL's own depth check fires, and breaks for every later
 * query, so nothing nested deeper than MAX_JSON_DEPTH may reach SQL. No npm library bounds nesting
 * without a recursive parse, so this is a small iterative scanner (V8's JSON.parse itself is safe).
 */

/** Deepest nesting accepted: far past any real document, far below where the engine breaks. */
export const MAX_JSON_DEPTH = 512;

export type BoundedJson =
  | { ok: true; value: unknown }
  | { ok: false; problem: 'too_deep' | 'too_large' | 'invalid'; message: string };

const OPEN_BRACKET = 0x5b; // [
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACKET = 0x5d; // ]
const CLOSE_BRACE = 0x7d; // }
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether `text` opens more than `limit` `[`/`{` levels at once. Text inside double quotes (JSON
 * strings, quoted elements of a PostgreSQL array literal) does not count; backslash escapes are honoured.
 */
export function nestedDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (quoted) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE) quoted = false;
    } else if (code === QUOTE) {
      quoted = true;
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      depth += 1;
      if (depth > limit) return true;
    } else if ((code === CLOSE_BRACKET || code === CLOSE_BRACE) && depth > 0) {
      depth -= 1;
    }
  }
  return false;
}

export const tooDeepMessage = (limit = MAX_JSON_DEPTH): string =>
  `JSON is nested deeper than ${limit} levels`;

/** JSON.parse of text within `maxBytes` and MAX_JSON_DEPTH; a problem is a value, never a throw. */
export function parseBoundedJson(
  text: string,
  options: { maxBytes?: number; maxDepth?: number } = {},
): BoundedJson {
  const { maxBytes, maxDepth = MAX_JSON_DEPTH } = options;
  if (maxBytes !== undefined && Buffer.byteLength(text) > maxBytes)
    return { ok: false, problem: 'too_large', message: `JSON exceeds ${maxBytes} bytes` };
  if (nestedDeeperThan(text, maxDepth))
    return { ok: false, problem: 'too_deep', message: tooDeepMessage(maxDepth) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: 'invalid', message: (error as Error).message };
  }
}
