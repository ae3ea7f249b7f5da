// floor:board: the server's floor_board() (migration floor_status) merged with the live presence of the
// floor channel, and the heartbeat that keeps the server's half true: each workstation reports its
// presence and pending writes through floor_heartbeat on every change and every interval.
import { z } from 'zod';
import {
  FLOOR_HEARTBEAT_MS,
  FLOOR_OFFLINE_AFTER_MS,
  FLOOR_STALE_AFTER_MS,
  floorPersonSchema,
  type FloorPerson,
} from '../../contract/operations/floor.js';
import type { Presence } from '../../contract/operations/presence.js';
import { instantSchema } from '../../contract/wire-types.js';
import { isValidTimeZone } from '../../domain/calling-window.js';
import { failure, isFailure } from '../../domain/failure.js';
import type { Workstation } from '../workstation.js';
import type { FloorHeartbeat, FloorMember } from './floor-presence.js';
import { onlineCall, onlineRead } from './online-call.js';
import {
  isOnline,
  withCache,
  type FeatureHandlers,
  type ServiceContext,
} from './service-context.js';

export interface FloorOptions {
  /** How often a workstation beats (FLOOR_HEARTBEAT_MS); tests shorten it. */
  readonly floorHeartbeatMs?: number;
  /** When a silent heartbeat shows stale (FLOOR_STALE_AFTER_MS), then offline (FLOOR_OFFLINE_AFTER_MS). */
  readonly floorStaleAfterMs?: number;
  readonly floorOfflineAfterMs?: number;
}

/** One person of floor_board()'s answer: a row of the board with the heartbeat's freshness, not yet merged. */
const serverPersonSchema = floorPersonSchema
  .omit({ presence: true })
  .extend({ freshness: z.enum(['live', 'stale', 'offline']) });
type ServerPerson = z.infer<typeof serverPersonSchema>;

const serverBoardSchema = z.object({ as_of: instantSchema, people: z.array(serverPersonSchema) });

/** A Postgres interval from milliseconds. */
function interval(ms: number): string {
  return `${ms / 1000} seconds`;
}

/**
 * One row of the board: the newer of the state the channel shows and the one last reported, and the
 * heartbeat's word on whether the workstation is still there. The channel cannot say that: realtime-js
 * keeps a member's older entries after a re-track, so a person who left may still show on it.
 */
export function mergeFloorPerson(server: ServerPerson, live: Presence | null): FloorPerson {
  const { freshness, ...reported } = server;
  const shown =
    live !== null && (server.since === null || Date.parse(live.since) >= Date.parse(server.since))
      ? {
          state: live.state,
          since: live.since,
          lead_id: live.lead_id,
          // The server names only the lead it was told about; a newer call's name comes with its beat.
          lead_name: live.lead_id === server.lead_id ? server.lead_name : null,
          pause_reason: live.pause_reason,
        }
      : null;
  // A live heartbeat means the server has a report, so there is always a state to show then.
  const presence = freshness === 'live' ? (shown?.state ?? server.state ?? 'offline') : freshness;
  return { ...reported, ...shown, presence };
}

/**
 * A call the channel announced before its heartbeat reached the server has a lead the server has not
 * named yet: named from this workstation's cache, which holds a manager's whole floor. A lead the
 * cache lacks stays unnamed (the board says "A lead") until the server's next answer names it.
 */
function withLeadName(workstation: Workstation, person: FloorPerson): FloorPerson {
  const { lead_id: leadId } = person;
  if (leadId === null || person.lead_name !== null) return person;
  const cached = withCache(workstation, (cache) => cache.leadWithHistory(leadId));
  return isFailure(cached) || cached === null ? person : { ...person, lead_name: cached.lead.name };
}

/** The heartbeat of this workstation: its chosen presence and outbox depth to floor_heartbeat. */
export function floorHeartbeat(context: ServiceContext, options: FloorOptions): FloorHeartbeat {
  const { workstation } = context;
  return {
    intervalMs: options.floorHeartbeatMs ?? FLOOR_HEARTBEAT_MS,
    online: () => isOnline(workstation),
    send: async (presence) => {
      const answer = await onlineCall(context, (signal) =>
        workstation.session.client
          .rpc('floor_heartbeat', {
            p_state: presence.state,
            p_since: presence.since,
            p_lead_id: presence.lead_id,
            p_pause_reason: presence.pause_reason,
            p_pending_writes: pendingWrites(workstation),
          })
          .abortSignal(signal),
      );
      // Offline or signed out: nothing to repair, the next beat reports the same presence.
      if (!answer.ok) return;
      if (answer.error !== null) {
        console.warn('[talentg] the floor heartbeat was refused:', answer.error.message);
      }
    },
  };
}

function pendingWrites(workstation: Workstation): number {
  const attached = workstation.attached();
  return 'ok' in attached ? 0 : attached.engine.progress().pending;
}

export function floorHandlers(
  context: ServiceContext,
  options: FloorOptions,
): FeatureHandlers<'floor:board'> {
  const { workstation, hub, now } = context;
  const staleAfterMs = options.floorStaleAfterMs ?? FLOOR_STALE_AFTER_MS;
  const offlineAfterMs = options.floorOfflineAfterMs ?? FLOOR_OFFLINE_AFTER_MS;

  return {
    'floor:board': async ({ time_zone }) => {
      if (!isValidTimeZone(time_zone)) {
        return failure('INVALID_TIME_ZONE', `"${time_zone}" is not a time zone.`, { time_zone });
      }
      const session = workstation.session.state();
      if (session.status !== 'signed_in') {
        return failure('NOT_SIGNED_IN', 'Sign in to see the floor.', { session: session.status });
      }
      // The channel's presence is half of the board: a manager who opens it joins the floor.
      await hub.presence.join(session.user, now());
      // A zone the server does not know comes back as its INVALID_TIME_ZONE refusal.
      const board = await onlineRead(
        context,
        serverBoardSchema,
        'read the floor board',
        'the floor board',
        (signal) =>
          workstation.session.client
            .rpc('floor_board', {
              p_time_zone: time_zone,
              p_stale_after: interval(staleAfterMs),
              p_offline_after: interval(offlineAfterMs),
            })
            .abortSignal(signal),
      );
      if (isFailure(board)) return board;
      const live = new Map<string, Presence>(
        hub.presence.others().map((member: FloorMember) => [member.user_id, member]),
      );
      live.set(session.user.id, hub.presence.current(isOnline(workstation), now()));
      return {
        as_of: board.as_of,
        people: board.people.map((person) =>
          withLeadName(workstation, mergeFloorPerson(person, live.get(person.user_id) ?? null)),
        ),
      };
    },
  };
}
