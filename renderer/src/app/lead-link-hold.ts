// A lead the shell asks to open (a clicked callback notification, a talentg://lead/<id> link) that
// arrives while nobody is signed in, or before the person's cache has it, is held (the last one only)
// and opened once someone is signed in and the lead is in their cache; one that is not theirs (still
// missing after a pull since the sign-in) is dropped with a reason to show. Pure: the core, the clock
// and the screen are ports, so it is tested in plain Node.

/** What the signed-in person's cache says about a lead: there, not there, or a refusal with its reason. */
export type LeadLookup = 'found' | 'missing' | { readonly reason: string };

export interface LeadLinkPorts {
  /** leads:get in the signed-in person's cache. */
  findLead(leadId: string): Promise<LeadLookup>;
  open(leadId: string): void;
  /** The held lead cannot be opened: why, in words a person can act on. */
  drop(reason: string): void;
  now(): number;
}

export interface LeadLinks {
  /** The shell's lead:open. */
  arrived(leadId: string): void;
  /** Someone signed in (true) or nobody is (false). */
  session(signedIn: boolean): void;
  /** sync:progress: when the last pull finished. */
  pulled(lastPullAt: string | null): void;
  /** cache:changed: the leads whose rows changed (null: any). */
  cacheChanged(leadIds: readonly string[] | null): void;
  /** The lead waiting to be opened, if any. */
  held(): string | null;
}

export const NOT_YOURS =
  "That lead is not in your list (it is someone else's, or was reassigned), so it was not opened.";

export function holdLeadLinks(ports: LeadLinkPorts): LeadLinks {
  let held: string | null = null;
  /** When the current person signed in; null while nobody is. */
  let signedInAt: number | null = null;
  /** Whether a pull has finished since that sign-in, so a lead still missing is not theirs. */
  let pulledSinceSignIn = false;

  async function settle(): Promise<void> {
    const leadId = held;
    if (leadId === null || signedInAt === null) return;
    const found = await ports.findLead(leadId);
    // A newer link replaced this one, it was settled meanwhile, or the person signed out: not ours to act on.
    if (held !== leadId || signedInAt === null) return;
    if (found === 'missing' && !pulledSinceSignIn) return;
    held = null;
    if (found === 'found') ports.open(leadId);
    else ports.drop(found === 'missing' ? NOT_YOURS : found.reason);
  }

  return {
    arrived(leadId) {
      held = leadId;
      void settle();
    },
    session(signedIn) {
      if (signedIn === (signedInAt !== null)) return;
      signedInAt = signedIn ? ports.now() : null;
      pulledSinceSignIn = false;
      void settle();
    },
    pulled(lastPullAt) {
      if (signedInAt === null || lastPullAt === null || pulledSinceSignIn) return;
      if (Date.parse(lastPullAt) < signedInAt) return;
      pulledSinceSignIn = true;
      void settle();
    },
    cacheChanged(leadIds) {
      if (held !== null && (leadIds === null || leadIds.includes(held))) void settle();
    },
    held: () => held,
  };
}
