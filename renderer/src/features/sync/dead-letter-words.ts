// What a refused or conflicting write was, in a telecaller's words; pure, so it is tested without a window.
import type { CONFLICT_KINDS, DeadLetter } from '../../../../src/contract/operations/sync';

type ConflictKind = (typeof CONFLICT_KINDS)[number];

export interface IntentLike {
  readonly op: DeadLetter['intent']['op'];
  readonly args: Readonly<Record<string, unknown>>;
}

const EXCERPT_CHARS = 140;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function excerpt(value: unknown): string | null {
  const full = text(value);
  if (full === null) return null;
  return full.length > EXCERPT_CHARS ? `${full.slice(0, EXCERPT_CHARS - 1)}…` : full;
}

/** "Sat 12 Dec, 14:00" on this computer's clock; the raw value when it is not an instant. */
export function shortInstant(value: unknown, locale?: string): string {
  const raw = text(value);
  if (raw === null) return 'an unknown time';
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return raw;
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

/** One line saying what the person did: "Call logged · NA", "Status contacted → lost". */
export function intentTitle(intent: IntentLike): string {
  const { args } = intent;
  switch (intent.op) {
    case 'log_call':
      return text(args.disposition) === null
        ? 'Call logged'
        : `Call logged · ${text(args.disposition)}`;
    case 'add_note':
      return 'Note added';
    case 'set_status':
      return `Status ${text(args.from) ?? '?'} → ${text(args.to) ?? '?'}`;
    case 'schedule_callback':
      return `Callback for ${shortInstant(args.due_at)}`;
    case 'complete_callback':
      return args.state === 'cancelled' ? 'Callback cancelled' : 'Callback marked done';
    case 'update_contact': {
      const set = args.set;
      const fields =
        typeof set === 'object' && set !== null ? Object.keys(set).join(', ') : 'contact details';
      return `Contact change · ${fields}`;
    }
    case 'unreadable':
      return 'A change this version cannot read';
  }
}

/** The words the person typed with it (call notes, a note, a callback note), shortened; null if none. */
export function intentExcerpt(intent: IntentLike): string | null {
  switch (intent.op) {
    case 'log_call':
      return excerpt(intent.args.notes);
    case 'add_note':
      return excerpt(intent.args.content);
    case 'schedule_callback':
      return excerpt(intent.args.note);
    default:
      return null;
  }
}

export const CONFLICT_KIND_LABELS: Readonly<Record<ConflictKind, string>> = {
  status_conflict: 'The status had changed on the server first',
  status_move_not_allowed: 'That status move is not allowed',
  field_conflict: 'Someone else changed this field meanwhile',
  lead_reassigned: 'The lead had been reassigned',
};

/** A stored JSON value as a short phrase: strings bare, nothing as "—". */
export function jsonPhrase(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 79)}…` : json;
}
