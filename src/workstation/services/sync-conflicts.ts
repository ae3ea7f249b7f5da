// sync:conflicts: the conflicts the server logged (sync_conflicts()), read online: a telecaller's own,
// the whole floor's for a manager. The server decides who sees what; the core only pages and converts.
import { z } from 'zod';
import type { ArgsOf, ResultOf } from '../../contract/operation-map.js';
import { CONFLICT_SETTLEMENTS, syncConflictSchema } from '../../contract/operations/sync.js';
import { toWireInstant } from '../../contract/wire-types.js';
import { isFailure, type Failure } from '../../domain/failure.js';
import { onlineRead, unreadable } from './online-call.js';
import type { ServiceContext } from './service-context.js';

const DEFAULT_PAGE = 200;

export async function listConflicts(
  context: ServiceContext,
  { after, limit }: ArgsOf<'sync:conflicts'>,
): Promise<ResultOf<'sync:conflicts'> | Failure> {
  const pageSize = limit ?? DEFAULT_PAGE;
  const client = context.workstation.session.client;
  // The contract's own shape: PostgREST's rows carry the same fields, with Postgres' instant format.
  const rows = await onlineRead(
    context,
    z.array(syncConflictSchema),
    'list the sync conflicts',
    'sync conflicts',
    (signal) =>
      client.rpc('sync_conflicts', { p_after: after ?? 0, p_limit: pageSize }).abortSignal(signal),
  );
  if (isFailure(rows)) return rows;
  const conflicts = rows.map((row) => ({
    ...row,
    occurred_at: toWireInstant(Date.parse(row.occurred_at)),
    settled_at: row.settled_at === null ? null : toWireInstant(Date.parse(row.settled_at)),
  }));
  const last = conflicts[conflicts.length - 1];
  return {
    conflicts,
    // A full page may have more behind it; a short one is the end.
    next_after: conflicts.length === pageSize && last !== undefined ? last.id : null,
  };
}

const settledRowsSchema = z.array(
  z.object({ id: z.number(), settlement: z.enum(CONFLICT_SETTLEMENTS), settled_at: z.string() }),
);

/** sync:settle-conflict: the server decides who may (staff) and whether a restore still applies. */
export async function settleConflict(
  context: ServiceContext,
  { id, settlement }: ArgsOf<'sync:settle-conflict'>,
): Promise<ResultOf<'sync:settle-conflict'> | Failure> {
  const client = context.workstation.session.client;
  const rows = await onlineRead(
    context,
    settledRowsSchema,
    'settle the conflict',
    'the settled conflict',
    (signal) =>
      client
        .rpc('sync_settle_conflict', { p_id: id, p_settlement: settlement })
        .abortSignal(signal),
  );
  if (isFailure(rows)) return rows;
  const [row] = rows;
  if (row === undefined) return unreadable('the settled conflict', 'no row');
  return { ...row, settled_at: toWireInstant(Date.parse(row.settled_at)) };
}
