// releases:*: the admin's Releases screen, through RLS with the session's token. The database decides who
// may change a release (an admin at aal2); a refused update is FORBIDDEN, never a silent no-op. A change
// to what machines are offered (channel, stage, pulled) rewrites electron-updater's feed files as the
// same session, as `talentg release promote|pull` does, so it reaches the floor without the CLI.
import { z } from 'zod';
import { releaseSchema, type Release } from '../../contract/operations/releases.js';
import { failure, isFailure, type Failure } from '../../domain/failure.js';
import { newestVersionFirst } from '../../domain/release-feed.js';
import { onlineCall, onlineRead, serverFailure, unreadable } from './online-call.js';
import { rewriteFeeds } from './release-bucket.js';
import { serverRowSchema } from './server-row.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

const RELEASE_COLUMNS =
  'id, version, channel, platform, arch, file_name, url, sha512, size_bytes, staged_percentage, notes, published_at, pulled_at, pulled_reason, updated_at';

const releaseRowSchema = serverRowSchema(releaseSchema, {
  instants: ['published_at', 'pulled_at', 'updated_at'],
});

type ReleasesOperation = 'releases:list' | 'releases:update';

/** The row changed but the feeds still offer what they did: say so, and how to finish it. */
function feedsNotRewritten(refused: Failure): Failure {
  return failure(
    refused.code,
    `The release was changed, but the update feeds were not rewritten (${refused.message}) ` +
      'Machines are still offered what they were: make the change again, or run `talentg release feeds`.',
    refused.details,
  );
}

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
      if (!changed.success) return unreadable('the release', changed.error.issues);
      // Notes are not in the feed; anything else may change who is offered what.
      if (channel !== undefined || staged_percentage !== undefined || pulled !== undefined) {
        const feeds = await rewriteFeeds(client, context.now());
        if (isFailure(feeds)) return feedsNotRewritten(feeds);
      }
      return changed.data;
    },
  };
}
