// Do-not-call blocking: the checks every dial must pass, in the order their reasons are reported.
import {
  checkCallingWindow,
  DEFAULT_CALLING_WINDOW,
  type CallingWindow,
  type CallingWindowVerdict,
} from './calling-window';
import { failure, type Failure } from './failure';
import type { EpochMs, Lead } from './lead';

export const DIAL_BLOCK_CODES = [
  'DNC_LEAD',
  'DNC_LIST',
  'CONSENT_WITHDRAWN',
  'OUTSIDE_CALLING_WINDOW',
  // Without a valid zone or window the lead's local time is unknown, so the call is not allowed.
  'INVALID_TIME_ZONE',
  'CALLING_WINDOW_INVALID',
] as const;
export type DialBlockCode = (typeof DIAL_BLOCK_CODES)[number];

export type DialableLead = Pick<
  Lead,
  'phone_e164' | 'time_zone' | 'do_not_call' | 'consent_withdrawn'
>;

export interface DialContext {
  readonly now: EpochMs;
  /** E.164 numbers (as normalisePhone gives them) that nobody may call. */
  readonly dncList: ReadonlySet<string>;
  readonly window?: CallingWindow;
}

export type DialVerdict = { readonly ok: true } | Failure<DialBlockCode>;

const ALLOWED: DialVerdict = { ok: true };
// Shared refusals: a queue refuses thousands of leads per pass, so these are built once.
const ASKED_NOT_TO_BE_CALLED = failure('DNC_LEAD', 'This lead asked not to be called.');
const CONSENT_GONE = failure('CONSENT_WITHDRAWN', 'This lead withdrew consent to be called.');

/**
 * A checker for many leads at one instant: the calling window is judged once per time zone,
 * which is what keeps a 100k-lead queue cheap (Intl is slow, zones are few).
 */
export function createDialGate(context: DialContext): (lead: DialableLead) => DialVerdict {
  const window = context.window ?? DEFAULT_CALLING_WINDOW;
  const byZone = new Map<string, DialVerdict>();
  // Most leads of a queue share one zone, so the last answer is kept at hand.
  let lastZone: string | undefined;
  let lastVerdict: DialVerdict = ALLOWED;
  const listed = context.dncList;
  return (lead) => {
    if (lead.do_not_call) return ASKED_NOT_TO_BE_CALLED;
    if (listed.size > 0 && listed.has(lead.phone_e164)) {
      return failure('DNC_LIST', 'This number is on the do-not-call list.', {
        phone: lead.phone_e164,
      });
    }
    if (lead.consent_withdrawn) return CONSENT_GONE;
    if (lead.time_zone !== lastZone) {
      let verdict = byZone.get(lead.time_zone);
      if (verdict === undefined) {
        verdict = windowVerdict(
          checkCallingWindow(context.now, lead.time_zone, window),
          lead.time_zone,
        );
        byZone.set(lead.time_zone, verdict);
      }
      lastZone = lead.time_zone;
      lastVerdict = verdict;
    }
    return lastVerdict;
  };
}

function windowVerdict(verdict: CallingWindowVerdict, timeZone: string): DialVerdict {
  if (!verdict.ok) return verdict;
  if (verdict.allowed) return ALLOWED;
  const { hour, minute } = verdict.local;
  return failure(
    'OUTSIDE_CALLING_WINDOW',
    `It is ${clockText(hour, minute)} for this lead, outside calling hours.`,
    { timeZone, nextAllowedAt: verdict.nextAllowedAt },
  );
}

/** Whether `lead` may be dialled at `context.now`; the first blocking reason if not. */
export function checkDialable(lead: DialableLead, context: DialContext): DialVerdict {
  return createDialGate(context)(lead);
}

function clockText(hour: number, minute: number): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}
