// How the people screen words roles and audit entries.
import type { PeopleAuditEntry } from '../../../../src/contract/operations/people';
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
    case 'role_changed':
      return entry.old_value === null
        ? `joined as ${roleIn(entry.new_value)}`
        : `role ${roleIn(entry.old_value)} → ${roleIn(entry.new_value)}`;
  }
}
