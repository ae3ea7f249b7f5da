import { describe, expect, it } from 'vitest';
import { pgErrorToRest } from './pg-errors.js';

describe('pgErrorToRest', () => {
  it('answers PostgreSQL’s stack depth limit (54001) as a client error, 400, not 500', () => {
    expect(
      pgErrorToRest({ code: '54001', message: 'stack depth limit exceeded' }, true),
    ).toMatchObject({ status: 400, code: '54001', message: 'stack depth limit exceeded' });
  });
});
