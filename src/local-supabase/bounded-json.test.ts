import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestedDeeperThan, parseBoundedJson } from './bounded-json.js';

const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('nestedDeeperThan', () => {
  it('counts [ and { levels open at once, up to and past the limit', () => {
    expect(nestedDeeperThan(arrays(3), 3)).toBe(false);
    expect(nestedDeeperThan(arrays(4), 3)).toBe(true);
    expect(nestedDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(nestedDeeperThan('[[1],[2],[3],[4],[5]]', 2)).toBe(false);
  });

  it('does not count brackets inside double-quoted strings, honouring backslash escapes', () => {
    expect(nestedDeeperThan(`["${'['.repeat(50)}"]`, 2)).toBe(false);
    expect(nestedDeeperThan(`["\\"${'['.repeat(50)}"]`, 2)).toBe(false);
    expect(nestedDeeperThan(`["\\\\"${'['.repeat(50)}]`, 2)).toBe(true);
  });

  it('reads PostgreSQL array literals the same way', () => {
    expect(nestedDeeperThan('{{1,2},{3,"{{{{"}}', 2)).toBe(false);
    expect(nestedDeeperThan('{{{1}}}', 2)).toBe(true);
  });

  it('scans 100,000 levels without recursion', () => {
    expect(nestedDeeperThan(arrays(100_000), 100_000)).toBe(false);
    expect(nestedDeeperThan(arrays(100_000))).toBe(true);
  });
});

describe('parseBoundedJson', () => {
  it('parses JSON within the limits', () => {
    expect(parseBoundedJson('{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseBoundedJson(arrays(MAX_JSON_DEPTH)).ok).toBe(true);
  });

  it('names the problem: too deep, too large, or not JSON', () => {
    expect(parseBoundedJson(arrays(MAX_JSON_DEPTH + 1))).toMatchObject({
      ok: false,
      problem: 'too_deep',
      message: `JSON is nested deeper than ${MAX_JSON_DEPTH} levels`,
    });
    expect(parseBoundedJson('[1,2,3]', { maxBytes: 4 })).toMatchObject({
      ok: false,
      problem: 'too_large',
    });
    expect(parseBoundedJson('{"a":')).toMatchObject({ ok: false, problem: 'invalid' });
  });
});
