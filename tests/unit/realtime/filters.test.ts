import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../src/local-supabase/realtime/changes/filters.js';

describe('postgres_changes filter grammar', () => {
  it('reads one condition per top-level comma, with not. and in lists', () => {
    expect(parseFilter('id=gt.0,status=not.in.(draft,"a,b"),title=eq."x,y"')).toEqual({
      ok: true,
      filters: [
        { column: 'id', op: 'gt', value: '0', negate: false },
        { column: 'status', op: 'in', value: '{draft,"a,b"}', negate: true },
        { column: 'title', op: 'eq', value: 'x,y', negate: false },
      ],
    });
  });

  it('treats an empty filter as none', () => {
    expect(parseFilter('  ')).toEqual({ ok: true, filters: [] });
    expect(parseFilter(undefined)).toEqual({ ok: true, filters: [] });
  });

  it('keeps dots after the operator in the value', () => {
    expect(parseFilter('email=eq.a.b@c.d')).toEqual({
      ok: true,
      filters: [{ column: 'email', op: 'eq', value: 'a.b@c.d', negate: false }],
    });
  });

  it.each([
    ['subject=foo.hey', 'Error parsing `filter` params: ["foo","hey"]'],
    ['undefined', 'Error parsing `filter` params: ["undefined"]'],
    [
      'id=in.1,2',
      'Error parsing `filter` params: `in` filter value must be wrapped by parentheses',
    ],
    [
      'id=eq.1,,id=eq.2',
      'Error parsing `filter` params: filter must not contain empty segments (check for extra commas)',
    ],
  ])('refuses %s with Supabase’s message', (filter, message) => {
    expect(parseFilter(filter)).toEqual({ ok: false, message });
  });
});
