// floor:*: the managers' live floor board (DESIGN.md §1, §9). Online only; the database decides who may
// read it (managers and admins), so a telecaller's call is FORBIDDEN.
import { z } from 'zod';
import { PRESENCE_STATES, idSchema, instantSchema, presenceStateSchema } from '../wire-types';
import type { OperationGroup } from './spec';

/** How often a workstation reports its presence to the server, and how often the board looks again. */
export const FLOOR_HEARTBEAT_MS = 15_000;
/** A heartbeat older than this is stale: the workstation may have stopped (DESIGN.md §1). */
export const FLOOR_STALE_AFTER_MS = 30_000;
/** A heartbeat older than this (or none at all) is offline. */
export const FLOOR_OFFLINE_AFTER_MS = 120_000;

/** What a row of the board shows: a chosen state, or the heartbeat's silence (stale, then offline). */
export const FLOOR_PRESENCES = [...PRESENCE_STATES, 'stale', 'offline'] as const;
export const floorPresenceSchema = z.enum(FLOOR_PRESENCES);
export type FloorPresence = z.infer<typeof floorPresenceSchema>;

const count = z.number().int().nonnegative();

export const floorPersonSchema = z.object({
  user_id: idSchema,
  full_name: z.string(),
  email: z.string().nullable(),
  role: z.enum(['telecaller', 'manager', 'admin']),
  /** The data-presence of the row: the state while the heartbeat is fresh, else stale or offline. */
  presence: floorPresenceSchema,
  /** The last state reported (kept while stale or offline); null when they never reported. */
  state: presenceStateSchema.nullable(),
  since: instantSchema.nullable(),
  lead_id: idSchema.nullable(),
  /** The lead's name when the server knows the lead on the call. */
  lead_name: z.string().nullable(),
  pause_reason: z.string().nullable(),
  /** Writes their workstation had not yet had accepted at its last heartbeat. */
  pending_writes: count,
  heartbeat_at: instantSchema.nullable(),
  /** Since midnight in the board's time zone; contacts are calls whose disposition reached a person. */
  calls_today: count,
  contacts_today: count,
});
export type FloorPerson = z.infer<typeof floorPersonSchema>;

export const floorBoardSchema = z.object({
  /** The server's time of the answer: time in state counts from here, whatever the local clock says. */
  as_of: instantSchema,
  /** Every active telecaller, manager and admin, sorted by name. */
  people: z.array(floorPersonSchema),
});
export type FloorBoard = z.infer<typeof floorBoardSchema>;

export const floorOperations = {
  /** The server's view merged with live presence. FORBIDDEN for a telecaller, INVALID_TIME_ZONE, OFFLINE. */
  'floor:board': {
    args: z.strictObject({
      /** The manager's IANA zone, whose midnight starts "today". */
      time_zone: z.string().min(1).max(100),
    }),
    result: floorBoardSchema,
  },
} as const satisfies OperationGroup;
