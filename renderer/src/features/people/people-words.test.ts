import { describe, expect, it } from 'vitest';
import type { PeopleAuditEntry } from '../../../../src/contract/operations/people';
import { auditPhrase } from './people-words';

const entry = (patch: Partial<PeopleAuditEntry>): PeopleAuditEntry => ({
  id: 1,
  occurred_at: '2026-12-07T10:00:00.000Z',
  actor_id: null,
  actor_role: 'admin',
  action: 'role_changed',
  person_id: '00000000-0000-4000-8000-000000000004',
  old_value: null,
  new_value: null,
  ...patch,
});

describe('auditPhrase', () => {
  it('words each people action with the roles it moved between', () => {
    expect(
      auditPhrase(entry({ old_value: { role: 'telecaller' }, new_value: { role: 'manager' } })),
    ).toBe('role Telecaller → Manager');
    expect(auditPhrase(entry({ new_value: { role: 'user' } }))).toBe(
      'joined as User (assessments only)',
    );
    expect(
      auditPhrase(entry({ action: 'person_invited', new_value: { role: 'telecaller' } })),
    ).toBe('invited as Telecaller');
    expect(auditPhrase(entry({ action: 'person_deactivated' }))).toBe('deactivated');
    expect(auditPhrase(entry({ action: 'person_reactivated' }))).toBe('reactivated');
  });

  it('says none for a role the screen does not know rather than showing raw JSON', () => {
    expect(auditPhrase(entry({ old_value: { role: 'owner' }, new_value: {} }))).toBe(
      'role none → none',
    );
  });
});
