import { describe, expect, it, vi } from 'vitest';
import { queueTotalAround } from './leads.js';

describe('queueTotalAround', () => {
  it('takes a short, non-empty page as the end of the queue without counting', () => {
    const count = vi.fn(() => 999);
    expect(queueTotalAround(3, { limit: 20, offset: 40 }, count)).toBe(43);
    expect(queueTotalAround(0, { limit: 20, offset: 0 }, count)).toBe(0);
    expect(count).not.toHaveBeenCalled();
  });

  it('counts after a full page, and never answers less than the entries already seen', () => {
    expect(queueTotalAround(20, { limit: 20, offset: 40 }, () => 500)).toBe(500);
    expect(queueTotalAround(20, { limit: 20, offset: 40 }, () => 10)).toBe(60);
  });

  it('counts for an empty page past the end, capped at the offset the queue ended before', () => {
    expect(queueTotalAround(0, { limit: 20, offset: 40 }, () => 33)).toBe(33);
    expect(queueTotalAround(0, { limit: 20, offset: 40 }, () => 70)).toBe(40);
  });
});
