// The forecast of who gets how many that the manager confirms: the server's rules (even turns, largest
// remainder, caps counting what each holds), spelled out.
import { describe, expect, it } from 'vitest';
import { plannedShares } from './distribution-shares';

const people = (...weights: number[]) => weights.map((weight) => ({ weight, openLeads: 0 }));

describe('plannedShares', () => {
  it('round-robin: even turns, the first ones take the remainder', () => {
    expect(plannedShares(7, people(1, 1, 1), 'round-robin', 0)).toEqual([3, 2, 2]);
    expect(plannedShares(0, people(1, 1), 'round-robin', 0)).toEqual([0, 0]);
  });

  it('weighted: in proportion, the remainder to the largest fractions', () => {
    expect(plannedShares(30, people(2, 1), 'weighted', 0)).toEqual([20, 10]);
    // 10 by 1:1:1 → 3.33 each; the one left goes to the first.
    expect(plannedShares(10, people(1, 1, 1), 'weighted', 0)).toEqual([4, 3, 3]);
    // 7 by 3:1 → 5.25 and 1.75: the second has the larger fraction.
    expect(plannedShares(7, people(3, 1), 'weighted', 0)).toEqual([5, 2]);
  });

  it('capped: in turn until each reaches the cap with what they hold', () => {
    const held = [8, 2, 10].map((openLeads) => ({ weight: 1, openLeads }));
    expect(plannedShares(5, held, 'capped', 10)).toEqual([2, 3, 0]);
    // More leads than room: everyone ends at the cap, the rest stay in the pool.
    expect(plannedShares(50, held, 'capped', 10)).toEqual([2, 8, 0]);
  });
});
