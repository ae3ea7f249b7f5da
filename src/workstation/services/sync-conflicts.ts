// sync:conflicts: the conflicts the server logged (sync_conflicts()), read online: a telecaller's own,
// the whole floor's for a manager. The server decides who sees what; the core only pages and converts.
import { z } from 'zod';
import type { ArgsOf, ResultOf } from '../../contract/operation-map.js';
import { CONFLICT_KINDS, MUTATION_OPS } from '../../contract/operations/sync.js';
import { toWireInstant } from '../../contract/wire-types.js';
import type { Failure } from '../../domain/failure.js';
import { onlineCall, serverFailure, unreadable } from './online-call.js';
import type { ServiceContext } from './service-context.js';

const DEFAULT_PAGE = 200;

/** A row of public.sync_conflicts() as PostgREST sends it. */
const conflictRowSchema = z.object({
  id: z.number().int().positive(),
  occurred_at: z.string(),
  user_id: z.string(),
  lead_id: z.string().nullable(),
  op: z.enum(MUTATION_OPS),
  kind: z.enum(CONFLICT_KINDS),
  field: z.string().nullable(),
  base: z.json().nullable(),
  attempted: z.json().nullable(),
  server: z.json().nullable(),
  client_id: z.string(),
  seq: z.number().int().positive(),
  mutation_id: z.string(),
});

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
  const rows = z.array(conflictRowSchema).safeParse(answer.data);
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
