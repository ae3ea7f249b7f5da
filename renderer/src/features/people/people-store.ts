// The people screen's state: everyone with their role and activity, the recent audit entries, and the
// admin's own second factor (changes need aal2). Everything reads through the core; nothing is cached here.
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import type { MfaEnrolment, MfaStatus } from '../../../../src/contract/operations/mfa';
import type {
  PeopleAuditEntry,
  Person,
  SeatUsage,
} from '../../../../src/contract/operations/people';
import { core } from '../../app/client';
import { coalesced } from '../../app/coalesced';
import { toast } from '../../app/toasts';
import { mfaResetToast, type Role } from './people-words';

/** The audit entries the screen shows: the recent past an admin checks, not the whole history. */
export const AUDIT_LIMIT = 30;

export interface InviteInput {
  readonly email: string;
  readonly full_name: string;
  readonly role: Role;
}

interface PeopleStore {
  readonly people: readonly Person[] | null;
  readonly peopleError: ApiError | null;
  readonly audit: readonly PeopleAuditEntry[] | null;
  readonly auditError: ApiError | null;
  /** Seats in use and bought; bought null: unlimited. */
  readonly seats: SeatUsage | null;
  readonly seatsError: ApiError | null;
  readonly mfa: MfaStatus | null;
  readonly mfaError: ApiError | null;
  /** The id of the person a change is under way for: their controls wait. */
  readonly changing: string | null;
  load(): Promise<void>;
  loadMfa(): Promise<void>;
  /** The refusal, or null once invited (the list and audit are read again). */
  invite(input: InviteInput): Promise<ApiError | null>;
  setRole(person: Person, role: Role): Promise<void>;
  setActive(person: Person, active: boolean): Promise<void>;
  /** Removes their authenticator and signs them out everywhere. */
  resetMfa(person: Person): Promise<void>;
  enroll(): Promise<MfaEnrolment | ApiError>;
  /** The refusal, or null once the session is at aal2. */
  verify(factorId: string, code: string): Promise<ApiError | null>;
}

export function nameOf(person: Pick<Person, 'full_name' | 'email'>): string {
  return person.full_name.trim() || person.email || 'Someone';
}

export const usePeople = create<PeopleStore>()((set, get) => {
  /** A refused change is shown with its reason; the list may have moved under it, so it is read again. */
  const change = async (
    person: Person,
    what: string,
    run: () => ReturnType<ReturnType<typeof core>['people']['setRole']>,
  ): Promise<void> => {
    set({ changing: person.id });
    const answer = await run();
    set({ changing: null });
    if (!answer.success) {
      toast({ tone: 'error', title: `${nameOf(person)}: not ${what}`, body: answer.error.message });
      if (answer.error.code === 'AAL2_REQUIRED') await get().loadMfa();
    } else {
      toast({ tone: 'success', title: `${nameOf(person)} ${what}` });
    }
    await get().load();
  };

  return {
    people: null,
    peopleError: null,
    audit: null,
    auditError: null,
    seats: null,
    seatsError: null,
    mfa: null,
    mfaError: null,
    changing: null,

    // Another admin's change arrives as floor:changed, often in bursts: one read at a time, one more after.
    load: coalesced(async () => {
      const [people, audit, seats] = await Promise.all([
        core().people.list(),
        core().people.audit({ limit: AUDIT_LIMIT }),
        core().people.seats(),
      ]);
      set(
        people.success
          ? { people: people.data.people, peopleError: null }
          : { peopleError: people.error },
      );
      set(
        audit.success
          ? { audit: audit.data.entries, auditError: null }
          : { auditError: audit.error },
      );
      set(
        seats.success
          ? { seats: seats.data, seatsError: null }
          : { seats: null, seatsError: seats.error },
      );
    }),

    loadMfa: async () => {
      const answer = await core().mfa.status();
      set(answer.success ? { mfa: answer.data, mfaError: null } : { mfaError: answer.error });
    },

    invite: async (input) => {
      const answer = await core().people.invite(input);
      if (!answer.success) {
        if (answer.error.code === 'AAL2_REQUIRED') await get().loadMfa();
        return answer.error;
      }
      toast({
        tone: 'success',
        title: 'Invitation sent',
        body: `${nameOf(answer.data)} gets a link at ${input.email} to set a password.`,
      });
      await get().load();
      return null;
    },

    setRole: (person, role) =>
      change(person, `made ${role}`, () => core().people.setRole({ user_id: person.id, role })),

    setActive: (person, active) =>
      change(person, active ? 'reactivated' : 'deactivated', () =>
        core().people.setActive({ user_id: person.id, active }),
      ),

    resetMfa: async (person) => {
      set({ changing: person.id });
      const answer = await core().people.resetMfa({ user_id: person.id });
      set({ changing: null });
      if (!answer.success) {
        toast({
          tone: 'error',
          title: `${nameOf(person)}: authenticator not reset`,
          body: answer.error.message,
        });
        if (answer.error.code === 'AAL2_REQUIRED') await get().loadMfa();
      } else {
        toast(mfaResetToast(nameOf(person), answer.data));
      }
      await get().load();
    },

    enroll: async () => {
      const answer = await core().mfa.enroll();
      return answer.success ? answer.data : answer.error;
    },

    verify: async (factorId, code) => {
      const answer = await core().mfa.verify({ factor_id: factorId, code });
      if (!answer.success) return answer.error;
      set({ mfa: answer.data, mfaError: null });
      return null;
    },
  };
});
