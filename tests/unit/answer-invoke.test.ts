import { describe, expect, it, vi } from 'vitest';
import { answerInvoke, type Invoke } from '../../src/contract/answer-invoke';
import { ok } from '../../src/contract/api-response';

const echo: Invoke = (op, args) => Promise.resolve(ok({ op, args }));

describe('answerInvoke', () => {
  it('runs a well-formed request and returns its envelope', async () => {
    const answer = await answerInvoke({ op: 'leads:queue', args: { limit: 5 } }, echo, vi.fn());
    expect(answer).toEqual({ success: true, data: { op: 'leads:queue', args: { limit: 5 } } });
  });

  it.each([null, 'leads:queue', { op: 42 }, { op: 'no-namespace' }, { op: '__proto__:x' }])(
    'refuses a malformed request without running anything: %j',
    async (request) => {
      const invoke = vi.fn(echo);
      const answer = await answerInvoke(request, invoke, vi.fn());
      expect(answer.success).toBe(false);
      expect(answer.error?.code).toBe('INVALID_REQUEST');
      expect(invoke).not.toHaveBeenCalled();
    },
  );

  it('turns a crash into INTERNAL_ERROR and logs the cause', async () => {
    const logCrash = vi.fn();
    const cause = new Error('disk full');
    const answer = await answerInvoke(
      { op: 'calls:log', args: {} },
      () => Promise.reject(cause),
      logCrash,
    );
    expect(answer.error?.code).toBe('INTERNAL_ERROR');
    expect(answer.error?.message).not.toContain('disk full');
    expect(logCrash).toHaveBeenCalledWith('calls:log', cause);
  });
});
