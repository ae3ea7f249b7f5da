// The Releases screen's state: every release the admin may see and their own second factor (changes need
// aal2). Everything reads through the core; the database decides who may change a release.
import { create } from 'zustand';
import type { ApiError } from '../../../../src/contract/api-response';
import type { MfaStatus } from '../../../../src/contract/operations/mfa';
import type { Release, ReleaseChannel } from '../../../../src/contract/operations/releases';
import { core } from '../../app/client';
import { toast } from '../../app/toasts';
import { releaseName } from './release-words';

export interface ReleaseChange {
  readonly channel?: ReleaseChannel;
  readonly staged_percentage?: number;
  readonly pulled?: boolean;
  readonly reason?: string;
}

interface ReleasesStore {
  readonly releases: readonly Release[] | null;
  readonly error: ApiError | null;
  readonly mfa: MfaStatus | null;
  /** The id of the release a change is under way for: its controls wait. */
  readonly changing: string | null;
  load(): Promise<void>;
  /** Applies a change; a refusal is shown with its reason and the list read again, so nothing is stale. */
  update(release: Release, change: ReleaseChange, what: string): Promise<boolean>;
}

export const useReleases = create<ReleasesStore>()((set, get) => ({
  releases: null,
  error: null,
  mfa: null,
  changing: null,

  load: async () => {
    const [releases, mfa] = await Promise.all([core().releases.list(), core().mfa.status()]);
    set(
      releases.success
        ? { releases: releases.data.releases, error: null }
        : { error: releases.error },
    );
    if (mfa.success) set({ mfa: mfa.data });
  },

  update: async (release, change, what) => {
    set({ changing: release.id });
    const answer = await core().releases.update({ id: release.id, ...change });
    set({ changing: null });
    if (answer.success) {
      toast({ tone: 'success', title: `${releaseName(release)} ${what}` });
    } else {
      toast({
        tone: 'error',
        title: `${releaseName(release)}: not ${what}`,
        body: answer.error.message,
      });
    }
    await get().load();
    return answer.success;
  },
}));
