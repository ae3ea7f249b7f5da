// How a paid assessment is open to each person on the People and results tab: staff take it without
// buying it, others by a purchase or an admin's grant (the database's private.assessment_open_to).
import type { Unlock } from '../../../../src/contract/operations/unlocks';

export type PaidAccess =
  | { readonly kind: 'staff' }
  | { readonly kind: 'bought' }
  | { readonly kind: 'granted'; readonly unlock: Unlock }
  | { readonly kind: 'locked' };

/** A bought unlock wins over a grant: taking the grant back would not lock a buyer out. */
export function paidAccessOf(
  person: { readonly user_id: string; readonly role: string },
  unlocks: readonly Unlock[],
): PaidAccess {
  if (person.role === 'manager' || person.role === 'admin') return { kind: 'staff' };
  const own = unlocks.filter(
    (unlock) => unlock.user_id === person.user_id && unlock.revoked_at === null,
  );
  if (own.some((unlock) => unlock.source === 'purchase')) return { kind: 'bought' };
  const grant = own.find((unlock) => unlock.source === 'grant');
  return grant === undefined ? { kind: 'locked' } : { kind: 'granted', unlock: grant };
}
