// releases:*: the admin's Releases screen, through RLS with the session's token. The database decides who
// may change a release (an admin at aal2); a refused update is FORBIDDEN, never a silent no-op.
import { z } from 'zod';
import { releaseSchema, type Release } from '../../contract/operations/releases.js';
import { failure, isFailure } from '../../domain/failure.js';
import { onlineCall, onlineRead, serverFailure, unreadable } from './online-call.js';
import { serverRowSchema } from './server-row.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

const RELEASE_COLUMNS =
  'id, version, channel, platform, arch, file_name, url, sha512, size_bytes, staged_percentage, notes, published_at, pulled_at, pulled_reason, updated_at';

/** major.minor.patch as numbers, and the pre-release tag ('' for a release), as releases_version_check allows. */
function versionParts(version: string): { numbers: number[]; pre: string } {
  const [core = '', pre = ''] = version.split('+', 1)[0]?.split(/-(.*)/s) ?? [];
  return { numbers: core.split('.').map(Number), pre };
}

/**
 * Semantic-version order, newest first. Our own few lines: PostgREST can only sort the text, and the
 * semver package is no direct dependency of the core.
 */
export function newestVersionFirst(a: string, b: string): number {
  const left = versionParts(a);
  const right = versionParts(b);
  for (let i = 0; i < 3; i += 1) {
    const diff = (right.numbers[i] ?? 0) - (left.numbers[i] ?? 0);
    if (diff !== 0) return diff;
  }
  // 1.2.0 is newer than 1.2.0-beta.1.
  if (left.pre === '' || right.pre === '') return left.pre === '' ? (right.pre === '' ? 0 : -1) : 1;
  return right.pre.localeCompare(left.pre, 'en', { numeric: true });
}

const releaseRowSchema = serverRowSchema(releaseSchema, {
  instants: ['published_at', 'pulled_at', 'updated_at'],
});

type ReleasesOperation = 'releases:list' | 'releases:update';

export function releasesHandlers(context: ServiceContext): FeatureHandlers<ReleasesOperation> {
  const client = context.workstation.session.client;
  return {
    'releases:list': async () => {
      const rows = await onlineRead(
        context,
        z.array(releaseRowSchema),
        'read the releases',
        'the releases',
        (signal) => client.from('releases').select(RELEASE_COLUMNS).abortSignal(signal),
      );
      if (isFailure(rows)) return rows;
      const releases = rows.sort(
        (a, b) =>
          newestVersionFirst(a.version, b.version) ||
          a.platform.localeCompare(b.platform) ||
          a.arch.localeCompare(b.arch) ||
          a.channel.localeCompare(b.channel),
      );
      return { releases };
    },
    'releases:update': async ({ id, channel, staged_percentage, pulled, reason, notes }) => {
      const change: Partial<Record<keyof Release, unknown>> = {};
      if (channel !== undefined) change.channel = channel;
      if (staged_percentage !== undefined) change.staged_percentage = staged_percentage;
      if (notes !== undefined) change.notes = notes;
      if (pulled !== undefined) {
        change.pulled_at = pulled ? new Date(context.now()).toISOString() : null;
        change.pulled_reason = pulled ? reason : null;
      }
      if (Object.keys(change).length === 0) {
        return failure(
          'INVALID_REQUEST',
          'Nothing to change: give a channel, stage, notes or pulled.',
        );
      }
      const answer = await onlineCall(context, (signal) =>
        client
          .from('releases')
          .update(change)
          .eq('id', id)
          .select(RELEASE_COLUMNS)
          .abortSignal(signal),
      );
      if (!answer.ok) return answer;
      if (answer.error !== null) {
        // Another release already holds this version on the chosen channel for the platform.
        if (answer.error.code === '23505') {
          return failure(
            'INVALID_REQUEST',
            'That channel already has this version for the platform; change or pull that one first.',
          );
        }
        return serverFailure('change the release', answer.error);
      }
      // RLS hides the row from an update by anyone but an admin: no row changed is a refusal.
      const [row] = answer.data ?? [];
      if (row === undefined) {
        return failure(
          'FORBIDDEN',
          'Only an admin can change releases, and this one may be gone.',
          {
            id,
          },
        );
      }
      const changed = releaseRowSchema.safeParse(row);
      return changed.success ? changed.data : unreadable('the release', changed.error.issues);
    },
  };
}
