// A fake bridge for the renderer's store tests: answers per operation, a record of calls, events.
import type { TalentgBridge } from '../../../src/contract/bridge';
import type { WireQueueEntry } from '../../../src/contract/operations/leads';
import type { WireLead } from '../../../src/contract/records';

type Answer = (args: unknown) => unknown;

export const answers = new Map<string, Answer>();
export const calls: { op: string; args: unknown }[] = [];

const bridge: TalentgBridge = {
  invoke: (op, args) => {
    calls.push({ op, args });
    const answer = answers.get(op);
    return Promise.resolve(
      answer === undefined
        ? { success: false, error: { code: 'UNKNOWN_OPERATION', message: `no fake for ${op}` } }
        : answer(args),
    );
  },
  onEvent: () => () => undefined,
};

/** The stores reach the bridge and timers through window, as in the page. */
export function installFakeCore(): void {
  Object.assign(globalThis, { window: globalThis });
  window.talentg = bridge;
}

export function resetFakeCore(): void {
  answers.clear();
  calls.length = 0;
}

export const ok = (data: unknown) => ({ success: true, data });
export const refused = (code: string, message: string) => ({
  success: false,
  error: { code, message },
});

/** Lets the fake's resolved promises and the stores' awaits run. */
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

export const NOW_ISO = '2026-11-25T05:00:00.000Z';

export function wireLead(index: number, overrides: Partial<WireLead> = {}): WireLead {
  const hex = index.toString(16).padStart(12, '0');
  return {
    id: `00000000-0000-4000-8000-${hex}`,
    name: `Lead ${index}`,
    email: null,
    phone: null,
    phone_e164: `+9198${String(10_000_000 + index).padStart(8, '0')}`,
    company: null,
    status: 'new',
    source: null,
    assigned_to: '00000000-0000-4000-8000-000000000003',
    time_zone: 'Asia/Kolkata',
    country: 'IN',
    priority: 0,
    attempts: 0,
    last_contact_at: null,
    recycle_at: null,
    callback_due_at: null,
    do_not_call: false,
    consent: 'unknown',
    created_at: NOW_ISO,
    updated_at: NOW_ISO,
    version: 1,
    pending_writes: 0,
    ...overrides,
  };
}

/** A queue of `count` new leads answering leads:queue by limit and offset, as the core does. */
export function answerQueue(leads: readonly WireLead[]): void {
  answers.set('leads:queue', (args) => {
    const { limit = 20, offset = 0 } = args as { limit?: number; offset?: number };
    const entries: WireQueueEntry[] = leads
      .slice(offset, offset + limit)
      .map((lead) => ({ reason: 'new', lead }));
    return ok({ entries, total: leads.length, as_of: NOW_ISO });
  });
}

/** What calls:log answers for a call on `lead` (the contract parses every answer). */
export function loggedCall(
  lead: WireLead,
  disposition: string,
  kept: readonly ReturnType<typeof pendingCallback>[] = [],
) {
  return ok({
    interaction: {
      id: '00000000-0000-4000-8000-00000000a001',
      lead_id: lead.id,
      type: 'call',
      content: '',
      disposition,
      duration_seconds: null,
      occurred_at: NOW_ISO,
      created_by: null,
      sync_state: 'pending',
    },
    lead,
    callback: null,
    kept_callbacks: kept.map((callback) => ({ ...callback, state: 'done', closed_at: NOW_ISO })),
    fate: { kind: 'recycle_now' },
  });
}

export function pendingCallback(leadId: string, id: string, dueAt: string) {
  return {
    id,
    lead_id: leadId,
    owner_id: null,
    scope: 'personal' as const,
    due_at: dueAt,
    state: 'pending' as const,
    note: '',
    created_at: '2026-11-24T00:00:00.000Z',
    closed_at: null,
    sync_state: 'synced' as const,
  };
}
