import { describe, expect, it } from 'vitest';
import type { Unlock } from '../../../../src/contract/operations/unlocks';
import { paidAccessOf } from './paid-access';

const TC1 = '00000000-0000-4000-8000-000000000003';
const unlock = (patch: Partial<Unlock>): Unlock => ({
  id: '00000000-0000-4000-8000-0000000000e1',
  user_id: TC1,
  assessment_id: '00000000-0000-4000-8000-00000000a002',
  source: 'grant',
  granted_by: '00000000-0000-4000-8000-000000000001',
  created_at: '2026-12-07T10:00:00.000Z',
  revoked_at: null,
  ...patch,
});

describe('paidAccessOf', () => {
  it('opens a paid assessment to managers and admins without an unlock', () => {
    expect(paidAccessOf({ user_id: TC1, role: 'manager' }, [])).toEqual({ kind: 'staff' });
    expect(paidAccessOf({ user_id: TC1, role: 'admin' }, [])).toEqual({ kind: 'staff' });
  });

  it('names a grant, which an admin can take back, and a purchase, which wins over a grant', () => {
    const grant = unlock({});
    expect(paidAccessOf({ user_id: TC1, role: 'telecaller' }, [grant])).toEqual({
      kind: 'granted',
      unlock: grant,
    });
    expect(
      paidAccessOf({ user_id: TC1, role: 'user' }, [
        grant,
        unlock({
          id: '00000000-0000-4000-8000-0000000000e2',
          source: 'purchase',
          granted_by: null,
        }),
      ]),
    ).toEqual({ kind: 'bought' });
  });

  it('is locked with no unlock of their own, or only a revoked one', () => {
    expect(paidAccessOf({ user_id: TC1, role: 'telecaller' }, [])).toEqual({ kind: 'locked' });
    expect(
      paidAccessOf({ user_id: TC1, role: 'user' }, [
        unlock({ user_id: '00000000-0000-4000-8000-000000000005' }),
        unlock({ revoked_at: '2026-12-07T11:00:00.000Z' }),
      ]),
    ).toEqual({ kind: 'locked' });
  });
});
