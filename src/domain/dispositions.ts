// Dispositions: the outcome a telecaller logs for a call, and what that outcome does to the lead.
import { z } from 'zod';
import { failure, type Failure } from './failure';
import { isFinalStatus, type EpochMs, type Lead, type LeadStatus } from './lead';

export const DISPOSITION_ERROR_CODES = [
  'DISPOSITION_CATALOGUE_INVALID',
  'DISPOSITION_UNKNOWN',
  'CALLBACK_TIME_REQUIRED',
  'CALLBACK_TIME_NOT_ALLOWED',
  'CALLBACK_IN_PAST',
  'STATUS_MOVE_NOT_ALLOWED',
] as const;
export type DispositionErrorCode = (typeof DISPOSITION_ERROR_CODES)[number];

// ---- Status state machine (the server checks set_status against the same table) ----

/** Who asks for the move; an admin may do everything a manager may. */
export type StatusActor = 'telecaller' | 'manager' | 'admin';

export interface StatusTransition {
  readonly from: LeadStatus;
  readonly to: LeadStatus;
  /** The least role that may make this move. */
  readonly by: 'telecaller' | 'manager';
}

/** Every allowed status move; converted and lost are final except a manager reopening lost. */
export const STATUS_TRANSITIONS: readonly StatusTransition[] = [
  { from: 'new', to: 'contacted', by: 'telecaller' },
  { from: 'new', to: 'qualified', by: 'telecaller' },
  { from: 'new', to: 'converted', by: 'telecaller' },
  { from: 'new', to: 'lost', by: 'telecaller' },
  { from: 'contacted', to: 'qualified', by: 'telecaller' },
  { from: 'contacted', to: 'converted', by: 'telecaller' },
  { from: 'contacted', to: 'lost', by: 'telecaller' },
  { from: 'qualified', to: 'converted', by: 'telecaller' },
  { from: 'qualified', to: 'lost', by: 'telecaller' },
  { from: 'lost', to: 'contacted', by: 'manager' },
];

const ACTOR_RANK: Record<StatusActor, number> = { telecaller: 0, manager: 1, admin: 2 };
const REQUIRED_RANK: Record<StatusTransition['by'], number> = { telecaller: 0, manager: 1 };

/** Whether `actor` may move a lead from `from` to `to`; staying in place is always allowed. */
export function canMoveStatus(
  from: LeadStatus,
  to: LeadStatus,
  actor: StatusActor = 'telecaller',
): boolean {
  if (from === to) return true;
  return STATUS_TRANSITIONS.some(
    (move) => move.from === from && move.to === to && ACTOR_RANK[actor] >= REQUIRED_RANK[move.by],
  );
}

// ---- Catalogue ----

export const dispositionSchema = z.object({
  code: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'Codes are short upper-case words like NA or SALE.'),
  label: z.string().min(1),
  /** A person (the lead) answered: counts as a contact in KPIs. */
  human_contact: z.boolean(),
  sale: z.boolean(),
  /** The lead asked never to be called again. */
  dnc: z.boolean(),
  /** Logging it requires a callback time. */
  callback: z.boolean(),
  /** The lead leaves every queue. */
  final: z.boolean(),
  /** Interested: the lead becomes qualified (an addition to the flags: nothing else says so). */
  qualifies: z.boolean().optional(),
  /** No-answer style: the lead comes back to the queue after this delay. */
  recycle_after_minutes: z.number().int().positive().optional(),
});
export type Disposition = z.infer<typeof dispositionSchema>;

export const dispositionCatalogueSchema = z
  .array(dispositionSchema)
  .min(1)
  .superRefine((catalogue, context) => {
    const seen = new Set<string>();
    catalogue.forEach((disposition, index) => {
      if (seen.has(disposition.code)) {
        context.addIssue({
          code: 'custom',
          path: [index, 'code'],
          message: `Duplicate code ${disposition.code}.`,
        });
      }
      seen.add(disposition.code);
      if (disposition.sale && !disposition.final) {
        context.addIssue({ code: 'custom', path: [index, 'final'], message: 'A sale is final.' });
      }
      if (disposition.dnc && !disposition.final) {
        context.addIssue({
          code: 'custom',
          path: [index, 'final'],
          message: 'Do-not-call is final.',
        });
      }
      if (
        disposition.final &&
        (disposition.callback || disposition.recycle_after_minutes !== undefined)
      ) {
        context.addIssue({
          code: 'custom',
          path: [index, 'final'],
          message: 'A final disposition neither schedules a callback nor recycles.',
        });
      }
      if (disposition.callback && disposition.recycle_after_minutes !== undefined) {
        context.addIssue({
          code: 'custom',
          path: [index, 'recycle_after_minutes'],
          message:
            'A callback disposition comes back at the callback time, not after a recycle delay.',
        });
      }
    });
  });
export type DispositionCatalogue = readonly Disposition[];

/** VICIdial's familiar codes, so that teams moving over keep their muscle memory. */
// prettier-ignore
export const DEFAULT_DISPOSITIONS: DispositionCatalogue = [
  { code: 'NA', label: 'No answer', human_contact: false, sale: false, dnc: false, callback: false, final: false, recycle_after_minutes: 120 },
  { code: 'B', label: 'Busy', human_contact: false, sale: false, dnc: false, callback: false, final: false, recycle_after_minutes: 15 },
  { code: 'A', label: 'Answering machine', human_contact: false, sale: false, dnc: false, callback: false, final: false, recycle_after_minutes: 240 },
  { code: 'DC', label: 'Disconnected number', human_contact: false, sale: false, dnc: false, callback: false, final: true },
  // Someone answered, but not the lead: not a contact for the contact rate.
  { code: 'WN', label: 'Wrong number', human_contact: false, sale: false, dnc: false, callback: false, final: true },
  { code: 'CB', label: 'Callback', human_contact: true, sale: false, dnc: false, callback: true, final: false },
  { code: 'INT', label: 'Interested', human_contact: true, sale: false, dnc: false, callback: false, final: false, qualifies: true, recycle_after_minutes: 1440 },
  { code: 'NI', label: 'Not interested', human_contact: true, sale: false, dnc: false, callback: false, final: true },
  { code: 'DNC', label: 'Do not call', human_contact: true, sale: false, dnc: true, callback: false, final: true },
  { code: 'SALE', label: 'Sale', human_contact: true, sale: true, dnc: false, callback: false, final: true },
  { code: 'DEC', label: 'Declined sale', human_contact: true, sale: false, dnc: false, callback: false, final: true },
];

export function parseDispositionCatalogue(
  value: unknown,
): { ok: true; catalogue: DispositionCatalogue } | Failure<'DISPOSITION_CATALOGUE_INVALID'> {
  const parsed = dispositionCatalogueSchema.safeParse(value);
  if (parsed.success) return { ok: true, catalogue: parsed.data };
  return failure('DISPOSITION_CATALOGUE_INVALID', 'The disposition list is not valid.', {
    issues: parsed.error.issues,
  });
}

export function findDisposition(
  catalogue: DispositionCatalogue,
  code: string,
): { ok: true; disposition: Disposition } | Failure<'DISPOSITION_UNKNOWN'> {
  const disposition = catalogue.find((entry) => entry.code === code);
  if (disposition !== undefined) return { ok: true, disposition };
  const known = catalogue.map((entry) => entry.code);
  // Codes are upper case by convention (the database's check); a lower-case typo gets the hint.
  const hint = known.includes(code.toUpperCase())
    ? ` Codes are upper case: ${code.toUpperCase()}.`
    : '';
  return failure(
    'DISPOSITION_UNKNOWN',
    `There is no disposition ${code}.${hint} The codes are: ${known.join(', ')}.`,
    { code, known },
  );
}

// ---- The effect of logging a disposition ----

export const DEFAULT_MAX_ATTEMPTS = 6;

export interface LogDispositionInput {
  readonly now: EpochMs;
  /** Required by callback dispositions, refused by the others. */
  readonly callbackAt?: EpochMs;
  /** A lead that would be recycled after this many attempts is lost instead. */
  readonly maxAttempts?: number;
  readonly actor?: StatusActor;
}

/** Where the lead goes next. */
export type QueueFate =
  | { readonly kind: 'leaves_queue'; readonly because: 'final' | 'max_attempts' }
  | { readonly kind: 'callback'; readonly dueAt: EpochMs }
  | { readonly kind: 'recycle'; readonly at: EpochMs }
  /** Not final and no delay asked for: the lead is back with the recycled leads at once. */
  | { readonly kind: 'recycle_now' };

export type LeadAfterDisposition = Pick<
  Lead,
  'status' | 'attempts' | 'last_contact_at' | 'do_not_call' | 'callback_due_at' | 'recycle_at'
>;

export interface DispositionEffect {
  readonly ok: true;
  /** The fields of the lead that logging the disposition changes, with their new values. */
  readonly changes: LeadAfterDisposition;
  readonly fate: QueueFate;
}

export type DispositionResult = DispositionEffect | Failure<DispositionErrorCode>;

type LeadBefore = Pick<Lead, 'status' | 'attempts' | 'do_not_call'>;

export function applyDisposition(
  lead: LeadBefore,
  disposition: Disposition,
  input: LogDispositionInput,
): DispositionResult {
  const { now, callbackAt } = input;
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  if (disposition.callback && callbackAt === undefined) {
    return failure('CALLBACK_TIME_REQUIRED', `${disposition.label} needs a callback time.`, {
      code: disposition.code,
    });
  }
  if (!disposition.callback && callbackAt !== undefined) {
    return failure(
      'CALLBACK_TIME_NOT_ALLOWED',
      `${disposition.label} does not schedule a callback: choose a callback disposition or drop the time.`,
      { code: disposition.code },
    );
  }
  if (callbackAt !== undefined && callbackAt <= now) {
    return failure('CALLBACK_IN_PAST', 'The callback time has already passed: pick a later time.', {
      callbackAt,
      now,
    });
  }

  const attempts = lead.attempts + 1;
  // The attempt cap is for unanswered calls: a lead who spoke to us is never dropped for it.
  const exhausted =
    !isFinalStatus(lead.status) &&
    !closesLead(disposition) &&
    !disposition.callback &&
    !disposition.human_contact &&
    attempts >= maxAttempts;
  const status = nextStatus(lead.status, disposition, exhausted);
  const actor = input.actor ?? 'telecaller';
  if (!canMoveStatus(lead.status, status, actor)) {
    return failure(
      'STATUS_MOVE_NOT_ALLOWED',
      `A ${lead.status} lead cannot become ${status}; ask a manager to reopen it first.`,
      { from: lead.status, to: status, disposition: disposition.code, actor },
    );
  }
  if (callbackAt !== undefined && isFinalStatus(status)) {
    return failure(
      'STATUS_MOVE_NOT_ALLOWED',
      `A ${status} lead gets no callbacks; ask a manager to reopen it first.`,
      { from: lead.status, to: status, disposition: disposition.code, actor },
    );
  }

  const fate: QueueFate = isFinalStatus(status)
    ? { kind: 'leaves_queue', because: exhausted ? 'max_attempts' : 'final' }
    : callbackAt !== undefined
      ? { kind: 'callback', dueAt: callbackAt }
      : disposition.recycle_after_minutes === undefined
        ? { kind: 'recycle_now' }
        : { kind: 'recycle', at: now + disposition.recycle_after_minutes * 60_000 };

  return {
    ok: true,
    changes: {
      status,
      attempts,
      last_contact_at: now,
      // Never cleared here: only an explicit consent change may lift a do-not-call.
      do_not_call: lead.do_not_call || disposition.dnc,
      callback_due_at: fate.kind === 'callback' ? fate.dueAt : null,
      recycle_at: fate.kind === 'recycle' ? fate.at : null,
    },
    fate,
  };
}

/** Sale and do-not-call close a lead even in a catalogue that forgot to mark them final. */
function closesLead(disposition: Disposition): boolean {
  return disposition.final || disposition.sale || disposition.dnc;
}

function nextStatus(current: LeadStatus, disposition: Disposition, exhausted: boolean): LeadStatus {
  // On a closed lead only a sale moves the status; a do-not-call is still recorded on the flag.
  if (isFinalStatus(current)) return disposition.sale ? 'converted' : current;
  if (disposition.sale) return 'converted';
  if (closesLead(disposition) || exhausted) return 'lost';
  if (disposition.qualifies === true) return 'qualified';
  if (disposition.human_contact && current === 'new') return 'contacted';
  return current;
}
