// How the people screen words roles and audit entries.
import type {
  MfaReset,
  PeopleAuditEntry,
  SeatUsage,
} from '../../../../src/contract/operations/people';
import type { ROLES } from '../../../../src/contract/wire-types';

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  telecaller: 'Telecaller',
  manager: 'Manager',
  admin: 'Admin',
  user: 'User (assessments only)',
};

function roleIn(value: Record<string, unknown> | null): string {
  const role = value?.role;
  return typeof role === 'string' && role in ROLE_LABELS ? ROLE_LABELS[role as Role] : 'none';
}

/** What happened, after the person's name: "invited as Telecaller", "role Telecaller → Manager". */
export function auditPhrase(entry: PeopleAuditEntry): string {
  switch (entry.action) {
    case 'person_invited':
      return `invited as ${roleIn(entry.new_value)}`;
    case 'person_deactivated':
      return 'deactivated';
    case 'person_reactivated':
      return 'reactivated';
    case 'mfa_reset':
      return 'authenticator reset, signed out everywhere';
    case 'role_changed':
      return entry.old_value === null
        ? `joined as ${roleIn(entry.new_value)}`
        : `role ${roleIn(entry.old_value)} → ${roleIn(entry.new_value)}`;
  }
}

/** Roles that take one of the team's seats (the database's private.takes_seat). */
export const SEAT_ROLES: readonly Role[] = ['telecaller', 'manager'];

export interface SeatsSummary {
  /** "Seats 12 of 15" */
  readonly label: string;
  /** room: seats free; full: the next telecaller or manager is refused; over: more in seats than bought. */
  readonly tone: 'room' | 'full' | 'over';
  /** What it means for the admin, as the badge's description. */
  readonly explanation: string;
}

/** The People screen's seat badge, or null when the project never bought seats (unlimited: nothing shown). */
export function seatsSummary(seats: SeatUsage | null): SeatsSummary | null {
  if (seats === null || seats.bought === null) return null;
  const { used, bought } = seats;
  const label = `Seats ${used} of ${bought}`;
  if (used < bought) {
    const free = bought - used;
    return {
      label,
      tone: 'room',
      explanation: `${free} ${free === 1 ? 'seat is' : 'seats are'} free for a telecaller or manager. Admins and assessment-only users take none.`,
    };
  }
  if (used === bought) {
    return {
      label,
      tone: 'full',
      explanation:
        'Every seat is taken: buy more seats or deactivate a telecaller or manager before adding one. Admins and assessment-only users take none.',
    };
  }
  return {
    label,
    tone: 'over',
    explanation: `${used - bought} more ${used - bought === 1 ? 'person is' : 'people are'} active than the seats bought (after a refund). Nobody was deactivated, but nobody new can take a seat until some are freed or bought.`,
  };
}

/** What the admin is told once a reset answered: done, or nothing to do. */
export function mfaResetToast(
  name: string,
  reset: MfaReset,
): { tone: 'success' | 'info'; title: string; body: string } {
  if (reset.factors_removed === 0) {
    return {
      tone: 'info',
      title: `${name} has no authenticator`,
      body: 'Nothing was changed: they sign in with their password alone.',
    };
  }
  return {
    tone: 'success',
    title: `${name}: authenticator reset`,
    body: 'They were signed out everywhere. They sign in with their password and should set up their authenticator again.',
  };
}
