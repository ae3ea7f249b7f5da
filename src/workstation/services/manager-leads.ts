// manager:*: lead import and distribution, online only, each one RPC of the migration
// lead_import_and_distribution. The database decides who may (a telecaller's token gets 42501, answered
// FORBIDDEN) and refuses with hint 'talentg:<CODE>', which becomes that code here.
import { z } from 'zod';
import {
  BULK_DEADLINE_MS,
  distributeResultSchema,
  importReportSchema,
  managedLeadSchema,
  reassignResultSchema,
} from '../../contract/operations/manager.js';
import type { Failure } from '../../domain/failure.js';
import {
  onlineCall,
  onlineRead,
  serverFailure,
  unreadable,
  type ServerAnswer,
} from './online-call.js';
import type { FeatureHandlers, ServiceContext } from './service-context.js';

const importIdSchema = z.guid();
const stagedCountSchema = z.number().int().nonnegative();
const discardedSchema = z.boolean();

type ManagerOperation =
  | 'manager:import-begin'
  | 'manager:import-stage'
  | 'manager:import-apply'
  | 'manager:import-discard'
  | 'manager:distribute'
  | 'manager:reassign'
  | 'manager:leads'
  | 'manager:telecallers';

/** What distribute_leads takes when no status is named, and what its cap counts. */
const OPEN_STATUSES = ['new', 'contacted', 'qualified'];
const MANAGED_LEAD_COLUMNS = 'id,name,phone_e164,status,source,time_zone,assigned_to,created_at';
const telecallerRowsSchema = z.array(
  z.object({ id: z.guid(), email: z.string(), full_name: z.string() }),
);

export function managerHandlers(context: ServiceContext): FeatureHandlers<ManagerOperation> {
  const client = context.workstation.session.client;

  /** Calls one RPC and parses its answer with the contract's schema. */
  const rpc = async <S extends z.ZodType>(
    what: string,
    name: string,
    args: Record<string, unknown>,
    schema: S,
    deadline: 'request' | 'bulk' = 'request',
  ): Promise<z.output<S> | Failure> => {
    const within =
      deadline === 'bulk'
        ? { ...context, requestTimeoutMs: Math.max(context.requestTimeoutMs, BULK_DEADLINE_MS) }
        : context;
    return onlineRead(within, schema, what, what, (signal) =>
      client.rpc(name, args).abortSignal(signal),
    );
  };

  /** A plain read under the caller's RLS (staff see every lead and profile), parsed with `schema`. */
  const read = async <T, S extends z.ZodType>(
    what: string,
    request: (signal: AbortSignal) => PromiseLike<ServerAnswer<T>>,
    schema: S,
  ): Promise<{ data: z.output<S>; count: number | null } | Failure> => {
    const answer = await onlineCall(context, request);
    if (!answer.ok) return answer;
    if (answer.error !== null) return serverFailure(what, answer.error);
    const parsed = schema.safeParse(answer.data);
    return parsed.success
      ? { data: parsed.data, count: answer.count }
      : unreadable(what, parsed.error.issues);
  };

  return {
    'manager:import-begin': async ({ file_name }) => {
      const id = await rpc(
        'start the import',
        'lead_import_begin',
        { p_file_name: file_name },
        importIdSchema,
      );
      return typeof id === 'string' ? { import_id: id } : id;
    },
    'manager:import-stage': async ({ import_id, rows }) => {
      const staged = await rpc(
        'stage the rows',
        'lead_import_stage',
        { p_import_id: import_id, p_rows: rows },
        stagedCountSchema,
      );
      return typeof staged === 'number' ? { staged } : staged;
    },
    'manager:import-apply': ({ import_id, dry_run }) =>
      rpc(
        'apply the import',
        'lead_import_apply',
        { p_import_id: import_id, p_dry_run: dry_run },
        importReportSchema,
        'bulk',
      ),
    'manager:import-discard': async ({ import_id }) => {
      const discarded = await rpc(
        'discard the import',
        'lead_import_discard',
        { p_import_id: import_id },
        discardedSchema,
      );
      return typeof discarded === 'boolean' ? { discarded } : discarded;
    },
    'manager:distribute': (args) =>
      rpc(
        'distribute the leads',
        'distribute_leads',
        {
          p_recipients: args.to,
          p_mode: args.mode,
          p_cap: args.cap ?? null,
          p_statuses: args.statuses ?? null,
          p_sources: args.sources ?? null,
          p_unassigned: args.unassigned,
          p_created_before: args.created_before ?? null,
          p_time_zones: args.time_zones ?? null,
          p_limit: args.limit ?? null,
        },
        distributeResultSchema,
        'bulk',
      ),
    'manager:reassign': ({ lead_ids, to }) =>
      rpc(
        'reassign the leads',
        'reassign_leads',
        { p_lead_ids: lead_ids, p_to_email: to },
        reassignResultSchema,
        'bulk',
      ),
    // Read through the tables' policies rather than an RPC: staff may read every lead already, and a
    // telecaller asking gets only their own, which tells them nothing new.
    'manager:leads': async (args) => {
      const answer = await read(
        'list the leads',
        (signal) => {
          let query = client
            .from('leads')
            .select(MANAGED_LEAD_COLUMNS, { count: 'exact' })
            .eq('do_not_call', false)
            .in('status', args.statuses ?? OPEN_STATUSES);
          if (args.sources !== undefined) query = query.in('source', args.sources);
          if (args.unassigned) query = query.is('assigned_to', null);
          if (args.not_held_by.length > 0) {
            query = query.or(
              `assigned_to.is.null,assigned_to.not.in.(${args.not_held_by.join(',')})`,
            );
          }
          if (args.created_before !== undefined)
            query = query.lte('created_at', args.created_before);
          if (args.time_zones !== undefined) query = query.in('time_zone', args.time_zones);
          // distribute_leads' order, so the list shows the leads a limited distribution takes first.
          return query
            .order('priority', { ascending: false })
            .order('created_at')
            .order('id')
            .limit(Math.min(args.rows, args.limit ?? args.rows))
            .abortSignal(signal);
        },
        z.array(managedLeadSchema),
      );
      if ('ok' in answer) return answer;
      const matching = answer.count ?? answer.data.length;
      return { total: Math.min(matching, args.limit ?? matching), leads: answer.data };
    },
    'manager:telecallers': async () => {
      const people = await read(
        'list the telecallers',
        (signal) =>
          client
            .from('profiles')
            .select('id,email,full_name')
            .eq('role', 'telecaller')
            .eq('is_active', true)
            .order('email')
            .abortSignal(signal),
        telecallerRowsSchema,
      );
      if ('ok' in people) return people;
      // One counting request per person (no rows sent): a floor has tens of telecallers, not thousands.
      const counted = await Promise.all(
        people.data.map((person) =>
          read(
            'count the leads each telecaller holds',
            (signal) =>
              client
                .from('leads')
                .select('id', { count: 'exact', head: true })
                .eq('assigned_to', person.id)
                .in('status', OPEN_STATUSES)
                .abortSignal(signal),
            z.unknown(),
          ),
        ),
      );
      const telecallers = [];
      for (const [index, person] of people.data.entries()) {
        const held = counted[index]!;
        if ('ok' in held) return held;
        telecallers.push({ ...person, open_leads: held.count ?? 0 });
      }
      return { telecallers };
    },
  };
}
