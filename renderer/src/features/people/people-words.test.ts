import { describe, expect, it } from 'vitest';
import type { PeopleAuditEntry } from '../../../../src/contract/operations/people';
import { auditPhrase, mfaResetToast, seatsSummary } from './people-words';

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
    expect(auditPhrase(entry({ action: 'mfa_reset' }))).toBe(
      'authenticator reset, signed out everywhere',
    );
  });

  it('says none for a role the screen does not know rather than showing raw JSON', () => {
    expect(auditPhrase(entry({ old_value: { role: 'owner' }, new_value: {} }))).toBe(
      'role none → none',
    );
  });
});

describe('seatsSummary', () => {
  it('shows nothing for a project that never bought seats (unlimited), nor before the seats are read', () => {
    expect(seatsSummary({ used: 40, bought: null })).toBeNull();
    expect(seatsSummary(null)).toBeNull();
  });

  it('reads "Seats 12 of 15" with the free seats while there is room', () => {
    expect(seatsSummary({ used: 12, bought: 15 })).toEqual({
      label: 'Seats 12 of 15',
      tone: 'room',
      explanation:
        '3 seats are free for a telecaller or manager. Admins and assessment-only users take none.',
    });
    expect(seatsSummary({ used: 14, bought: 15 })?.explanation).toMatch(/^1 seat is free/);
  });

  it('says what to do when every seat is taken', () => {
    expect(seatsSummary({ used: 15, bought: 15 })).toMatchObject({
      label: 'Seats 15 of 15',
      tone: 'full',
      explanation: expect.stringContaining('buy more seats or deactivate'),
    });
  });

  it('says nobody was deactivated when a refund left more people than seats', () => {
    expect(seatsSummary({ used: 5, bought: 0 })).toMatchObject({
      label: 'Seats 5 of 0',
      tone: 'over',
      explanation: expect.stringContaining('5 more people are active than the seats bought'),
    });
    expect(seatsSummary({ used: 5, bought: 0 })?.explanation).toContain('Nobody was deactivated');
  });
});

describe('mfaResetToast', () => {
  const ID = '00000000-0000-4000-8000-000000000004';

  it('says the person was signed out and should enrol again, or that nothing needed doing', () => {
    expect(mfaResetToast('Asha', { user_id: ID, factors_removed: 1, sessions_ended: 2 })).toEqual({
      tone: 'success',
      title: 'Asha: authenticator reset',
      body: 'They were signed out everywhere. They sign in with their password and should set up their authenticator again.',
    });
    expect(mfaResetToast('Asha', { user_id: ID, factors_removed: 0, sessions_ended: 0 })).toEqual({
      tone: 'info',
      title: 'Asha has no authenticator',
      body: 'Nothing was changed: they sign in with their password alone.',
    });
  });
});
