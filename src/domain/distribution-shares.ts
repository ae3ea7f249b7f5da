// How distribute_leads shares a number of leads among telecallers, forecast for the manager's
// confirmation before anything moves. The server decides; tests/integration/manager proves they agree.

/** The contract's DISTRIBUTION_MODES. */
export type ShareMode = 'round-robin' | 'weighted' | 'capped';

/** One telecaller taking a share. */
export interface ShareTaker {
  /** Counts in weighted mode (1 to 1000). */
  readonly weight: number;
  /** Open leads held now (what a cap counts). */
  readonly openLeads: number;
}

/**
 * How many of `total` leads each recipient gets, in their order, as distribute_leads shares them:
 * round-robin evenly (the first ones get the remainder), weighted by largest remainder, capped in turn
 * until each reaches the cap with the leads held already.
 */
export function plannedShares(
  total: number,
  recipients: readonly ShareTaker[],
  mode: ShareMode,
  cap: number,
): number[] {
  const n = recipients.length;
  if (n === 0) return [];
  if (mode === 'round-robin') {
    return recipients.map((_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
  }
  if (mode === 'weighted') {
    const sum = recipients.reduce((acc, r) => acc + r.weight, 0);
    const base = recipients.map((r) => Math.floor((total * r.weight) / sum));
    const left = total - base.reduce((acc, b) => acc + b, 0);
    const byRemainder = recipients
      .map((r, i) => ({ i, remainder: (total * r.weight) % sum }))
      .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
    for (const { i } of byRemainder.slice(0, left)) base[i]! += 1;
    return base;
  }
  const room = recipients.map((r) => Math.max(cap - r.openLeads, 0));
  const shares = recipients.map(() => 0);
  let left = Math.min(
    total,
    room.reduce((acc, r) => acc + r, 0),
  );
  // One at a time in turn, skipping whoever is full: the server's water-filling, spelled out.
  for (let level = 1; left > 0; level += 1) {
    for (let i = 0; i < n && left > 0; i += 1) {
      if (room[i]! >= level) {
        shares[i]! += 1;
        left -= 1;
      }
    }
  }
  return shares;
}
