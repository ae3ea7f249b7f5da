// A lead link held while nobody is signed in (or the cache lacks the lead) and settled once it can be:
// opened from the signed-in person's cache, or dropped with a reason when it is not theirs.
import { describe, expect, it } from 'vitest';
import { holdLeadLinks, NOT_YOURS, type LeadLookup } from './lead-link-hold';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const SIGN_IN = Date.parse('2026-12-07T09:00:00.000Z');

/** Lets the lookups' promises settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function rig(cache: Map<string, LeadLookup>) {
  const opened: string[] = [];
  const dropped: string[] = [];
  const lookups: string[] = [];
  let now = SIGN_IN;
  const links = holdLeadLinks({
    findLead: (leadId) => {
      lookups.push(leadId);
      return Promise.resolve(cache.get(leadId) ?? 'missing');
    },
    open: (leadId) => opened.push(leadId),
    drop: (reason) => dropped.push(reason),
    now: () => now,
  });
  return { links, opened, dropped, lookups, setNow: (at: number) => (now = at) };
}

describe('a lead link', () => {
  it('that arrives signed out is held, unlooked-up, and opened after the sign-in', async () => {
    const { links, opened, lookups } = rig(new Map([[A, 'found']]));
    links.session(false);
    links.arrived(A);
    await settle();
    expect(links.held()).toBe(A);
    expect(lookups).toEqual([]);
    expect(opened).toEqual([]);

    links.session(true);
    await settle();
    expect(opened).toEqual([A]);
    expect(links.held()).toBeNull();
  });

  it('keeps only the last of several links that arrive signed out', async () => {
    const { links, opened } = rig(
      new Map<string, LeadLookup>([
        [A, 'found'],
        [B, 'found'],
      ]),
    );
    links.arrived(A);
    links.arrived(B);
    links.session(true);
    await settle();
    expect(opened).toEqual([B]);
  });

  it('waits for the first pull after the sign-in when the cache lacks the lead, then opens it', async () => {
    const cache = new Map<string, LeadLookup>();
    const { links, opened, dropped } = rig(cache);
    links.arrived(A);
    links.session(true);
    await settle();
    expect(links.held()).toBe(A);

    // A pull from before this sign-in (the last person's, say) proves nothing about this one's list.
    links.pulled('2026-12-07T08:59:00.000Z');
    await settle();
    expect(dropped).toEqual([]);

    cache.set(A, 'found');
    links.cacheChanged([B]);
    await settle();
    expect(opened).toEqual([]);
    links.cacheChanged([A]);
    await settle();
    expect(opened).toEqual([A]);
    expect(dropped).toEqual([]);
  });

  it('is dropped with a reason when the lead is still missing after a pull since the sign-in', async () => {
    const { links, opened, dropped } = rig(new Map());
    links.arrived(A);
    links.session(true);
    await settle();
    links.pulled('2026-12-07T09:00:05.000Z');
    await settle();
    expect(opened).toEqual([]);
    expect(dropped).toEqual([NOT_YOURS]);
    expect(links.held()).toBeNull();
  });

  it('that arrives signed in after a pull opens at once when it is in the cache, else it is dropped', async () => {
    const { links, opened, dropped } = rig(new Map([[A, 'found']]));
    links.session(true);
    links.pulled('2026-12-07T09:00:05.000Z');
    links.arrived(A);
    links.arrived(B);
    await settle();
    expect(opened).toEqual([]);
    expect(dropped).toEqual([NOT_YOURS]);
    links.arrived(A);
    await settle();
    expect(opened).toEqual([A]);
  });

  it("is dropped with the core's reason when the cache cannot be read", async () => {
    const { links, dropped } = rig(new Map([[A, { reason: 'The local cache is locked.' }]]));
    links.session(true);
    links.arrived(A);
    await settle();
    expect(dropped).toEqual(['The local cache is locked.']);
  });

  it('is kept for the next person when its person signs out before it settles, whose pull then decides', async () => {
    const cache = new Map<string, LeadLookup>();
    const { links, opened, dropped, setNow } = rig(cache);
    links.session(true);
    links.arrived(A);
    links.session(false);
    await settle();
    expect(links.held()).toBe(A);

    setNow(SIGN_IN + 60_000);
    links.session(true);
    // The first person's pull finished before this sign-in: still waiting.
    links.pulled('2026-12-07T09:00:30.000Z');
    await settle();
    expect(dropped).toEqual([]);
    links.pulled('2026-12-07T09:01:10.000Z');
    await settle();
    expect(opened).toEqual([]);
    expect(dropped).toEqual([NOT_YOURS]);
  });
});
