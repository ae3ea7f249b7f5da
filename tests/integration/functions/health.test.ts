import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../../src/local-supabase/stack.js';
import { clientFor, startTestStack } from '../../support/stack.js';

let stack: RunningStack;

// The repository's own supabase/functions/health, served from the real project directory.
beforeAll(async () => {
  stack = await startTestStack({ migrations: false });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('supabase/functions/health', () => {
  it('answers supabase.functions.invoke with status, time, region and the caller’s role', async () => {
    const before = Date.now();
    const { data, error } = await clientFor(stack, stack.anonKey).functions.invoke('health');
    expect(error).toBeNull();
    expect(data).toMatchObject({ status: 'ok', region: 'local', role: 'anon' });
    const time = Date.parse((data as { time: string }).time);
    expect(time).toBeGreaterThanOrEqual(before - 1000);
    expect(time).toBeLessThanOrEqual(Date.now() + 1000);

    const asService = await clientFor(stack, stack.serviceRoleKey).functions.invoke('health', {
      method: 'GET',
    });
    expect(asService.data).toMatchObject({ status: 'ok', role: 'service_role' });
  });
});
