// What the journeys check and change on the server, beside the browser: supabase-js straight to the
// stack (never through the workstation's network link), as the service role or as a demo user.
import type { SupabaseClient } from '@supabase/supabase-js';
import { WEEKDAYS, type CallingWindow, type Weekday } from '../../../src/domain/calling-window.js';
import { clientFor } from '../../support/stack.js';
import type { E2eStack } from './global-setup.js';

export const DEMO_PASSWORD = 'talentg-demo';

/** Calling hours under which every lead in every zone is callable now, whatever the day or hour. */
export const ALL_DAY_EVERY_DAY: CallingWindow = {
  start: '00:00',
  end: '24:00',
  days: [...WEEKDAYS],
};

export interface InteractionRow {
  id: string;
  lead_id: string;
  type: string;
  content: string;
  disposition: string | null;
  created_by: string | null;
}

export interface CallbackRow {
  id: string;
  lead_id: string;
  due_at: string;
  note: string;
  created_by: string | null;
}

export interface ServerSide {
  /** Bypasses RLS: for checking what landed, whoever may see it. */
  readonly service: SupabaseClient;
  /** A client signed in as a demo user (password talentg-demo, or `password`), for what that person may do. */
  as(email: string, password?: string): Promise<SupabaseClient>;
  userId(email: string): Promise<string>;
  /** Interactions whose text is exactly `content`: a journey writes a unique note to find its own. */
  interactionsWithContent(content: string): Promise<InteractionRow[]>;
  callbacksWithNote(note: string): Promise<CallbackRow[]>;
  /** Of these leads, the ones with a pending callback (a call on them also closes a due one). */
  leadsWithPendingCallbacks(leadIds: readonly string[]): Promise<Set<string>>;
  disposition(code: string): Promise<{ code: string; label: string; hotkey: string | null }>;
  /** Sets the floor's calling hours as a manager's script would (audited as the service role); the previous ones. */
  setCallingHours(window: CallingWindow): Promise<CallingWindow>;
  signOutAll(): Promise<void>;
}

function must<T>(result: { data: T | null; error: { message: string } | null }, what: string): T {
  if (result.error) throw new Error(`${what}: ${result.error.message}`);
  if (result.data === null) throw new Error(`${what}: no data`);
  return result.data;
}

export function serverSide(stack: E2eStack): ServerSide {
  const service = clientFor(stack, stack.serviceRoleKey);
  const signedIn = new Map<string, SupabaseClient>();
  return {
    service,
    async as(email, password = DEMO_PASSWORD) {
      const known = signedIn.get(email);
      if (known) return known;
      const client = clientFor(stack, stack.anonKey);
      const { error } = await client.auth.signInWithPassword({ email, password });
      if (error) throw new Error(`signing in ${email} on the server: ${error.message}`);
      signedIn.set(email, client);
      return client;
    },
    async userId(email) {
      const row = must(
        await service.from('profiles').select('id').eq('email', email).single<{ id: string }>(),
        `profile of ${email}`,
      );
      return row.id;
    },
    async interactionsWithContent(content) {
      return must(
        await service
          .from('interactions')
          .select('id, lead_id, type, content, disposition, created_by')
          .eq('content', content)
          .returns<InteractionRow[]>(),
        `interactions with "${content}"`,
      );
    },
    async callbacksWithNote(note) {
      return must(
        await service
          .from('callbacks')
          .select('id, lead_id, due_at, note, created_by')
          .eq('note', note)
          .returns<CallbackRow[]>(),
        `callbacks with "${note}"`,
      );
    },
    async leadsWithPendingCallbacks(leadIds) {
      const rows = must(
        await service
          .from('callbacks')
          .select('lead_id')
          .eq('state', 'pending')
          .in('lead_id', [...leadIds])
          .returns<{ lead_id: string }[]>(),
        'pending callbacks',
      );
      return new Set(rows.map((row) => row.lead_id));
    },
    async disposition(code) {
      return must(
        await service
          .from('dispositions')
          .select('code, label, hotkey')
          .eq('code', code)
          .single<{ code: string; label: string; hotkey: string | null }>(),
        `disposition ${code}`,
      );
    },
    async setCallingHours(window) {
      const columns = 'calling_start, calling_end, calling_days';
      type Row = { calling_start: string; calling_end: string; calling_days: Weekday[] };
      const before = must(
        await service.from('floor_settings').select(columns).single<Row>(),
        'the calling hours',
      );
      must(
        await service
          .from('floor_settings')
          .update({
            calling_start: window.start,
            calling_end: window.end,
            calling_days: window.days,
          })
          .eq('singleton', true)
          .select(columns)
          .single<Row>(),
        'setting the calling hours',
      );
      return { start: before.calling_start, end: before.calling_end, days: before.calling_days };
    },
    async signOutAll() {
      await Promise.allSettled(
        [...signedIn.values()].map(async (client) => {
          await client.auth.signOut({ scope: 'local' });
          await client.removeAllChannels();
        }),
      );
      await service.removeAllChannels();
      signedIn.clear();
    },
  };
}
