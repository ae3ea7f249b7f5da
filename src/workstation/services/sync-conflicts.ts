// sync:conflicts: the conflicts the server logged (sync_conflicts()), read online: a telecaller's own,
// the whole floor's for a manager. The server decides who sees what; the core only pages and converts.
import { z } from 'zod';
import type { ArgsOf, ResultOf } from '../../contract/operation-map.js';
import { syncConflictSchema } from '../../contract/operations/sync.js';
import { toWireInstant } from '../../contract/wire-types.js';
import type { Failure } from '../../domain/failure.js';
import { onlineCall, serverFailure, unreadable } from './online-call.js';
import type { ServiceContext } from './service-context.js';

const DEFAULT_PAGE = 200;

export async function listConflicts(
  context: ServiceContext,
  { after, limit }: ArgsOf<'sync:conflicts'>,
): Promise<ResultOf<'sync:conflicts'> | Failure> {
  const pageSize = limit ?? DEFAULT_PAGE;
  const client = context.workstation.session.client;
  const answer = await onlineCall(context, (signal) =>
    client.rpc('sync_conflicts', { p_after: after ?? 0, p_limit: pageSize }).abortSignal(signal),
  );
  if (!answer.ok) return answer;
  if (answer.error !== null) return serverFailure('list the sync conflicts', answer.error);
  // The contract's own shape: PostgREST's rows carry the same fields, with Postgres' instant format.
  const rows = z.array(syncConflictSchema).safeParse(answer.data);
  if (!rows.success) return unreadable('sync conflicts', rows.error.issues);
  const conflicts = rows.data.map((row) => ({
    ...row,
    occurred_at: toWireInstant(Date.parse(row.occurred_at)),
  }));
  const last = conflicts[conflicts.length - 1];
  return {
    conflicts,
    // A full page may have more behind it; a short one is the end.
    next_after: conflicts.length === pageSize && last !== undefined ? last.id : null,
  };
}
