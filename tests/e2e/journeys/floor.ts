// Journey: the manager opens the Floor (Ctrl+5) and sees tc1 and tc2. tc1, on another machine (supabase-js
// signed in as tc1, never through this workstation), reports a pause through floor_heartbeat and then a
// call on the floor's Realtime channel; both show on the open board without a reload.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FLOOR_TOPIC,
  FLOOR_TOPIC_PRIVATE,
} from '../../../src/workstation/services/floor-presence.js';
import { ensureSignedInAs, MANAGER, TC1, TC2, type CurrentJourney } from '../support/journey.js';
import { eventually } from '../support/workstation-page.js';

/** A board refresh under a loaded machine: seconds, not minutes. */
const LIVE_MS = 30_000;

/** tc1's workstation on another machine: joins the private floor channel under tc1's own key. */
async function joinFloorAs(client: SupabaseClient, userId: string): Promise<RealtimeChannel> {
  await client.realtime.setAuth();
  const channel = client.channel(FLOOR_TOPIC, {
    config: { private: FLOOR_TOPIC_PRIVATE, presence: { key: userId } },
  });
  await new Promise<void>((resolve, reject) =>
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve();
      else if (status !== 'CLOSED') reject(error ?? new Error(`the floor channel: ${status}`));
    }),
  );
  return channel;
}

export function describeFloor(current: CurrentJourney): void {
  describe('the live floor board', () => {
    let tc1: SupabaseClient;
    let channel: RealtimeChannel | null = null;

    beforeAll(async () => {
      await ensureSignedInAs(current(), MANAGER);
      tc1 = await current().world.server.as(TC1);
    });

    afterAll(async () => {
      if (channel !== null) await tc1.removeChannel(channel);
    });

    it('lists tc1 and tc2, and shows tc1 pausing and calling as it happens', async () => {
      const { page, world, tc1Id } = current();
      const tc2Id = await world.server.userId(TC2);
      await page.keyboard.press('Control+5');
      const board = page.getByRole('table', { name: 'Floor' });
      await board.waitFor({ timeout: LIVE_MS });
      const tc1Row = board.locator(`[data-user-id="${tc1Id}"]`);
      await tc1Row.waitFor({ timeout: LIVE_MS });
      await board.locator(`[data-user-id="${tc2Id}"]`).waitFor({ timeout: LIVE_MS });
      // Set once: a reload of the page would drop it.
      await page.evaluate(() => Object.assign(globalThis, { floorJourneyMark: true }));

      const reason = `E2E pause ${Date.now().toString(36)}`;
      const paused = await tc1.rpc('floor_heartbeat', {
        p_state: 'paused',
        p_since: new Date().toISOString(),
        p_pause_reason: reason,
        p_pending_writes: 3,
      });
      expect(paused.error).toBeNull();
      await eventually(
        'tc1 shown paused with the reason and the pending writes',
        async () => ({
          presence: await tc1Row.getAttribute('data-presence'),
          text: await tc1Row.innerText(),
          // The pending-writes cell is the one flagged when writes wait.
          pending: await tc1Row
            .locator('td[data-alert]')
            .innerText({ timeout: 1_000 })
            .catch(() => null),
        }),
        (row) => row.presence === 'paused' && row.text.includes(reason) && row.pending === '3',
        LIVE_MS,
      );

      // A newer state on the channel alone (no heartbeat yet) reaches the board through floor:changed,
      // its lead named from the manager's own cache since the server has not heard of the call.
      const { data: lead } = await world.server.service
        .from('leads')
        .select('id, name')
        .eq('assigned_to', tc1Id)
        .limit(1)
        .single<{ id: string; name: string }>();
      channel = await joinFloorAs(tc1, tc1Id);
      const tracked = await channel.track({
        user_id: tc1Id,
        full_name: 'Priya Raman',
        role: 'telecaller',
        state: 'on_call',
        since: new Date(Date.now() + 1_000).toISOString(),
        lead_id: lead!.id,
        pause_reason: null,
      });
      expect(tracked).toBe('ok');
      await eventually(
        'tc1 shown on a call with the lead named',
        async () => ({
          presence: await tc1Row.getAttribute('data-presence'),
          text: await tc1Row.innerText(),
        }),
        (row) => row.presence === 'on_call' && row.text.includes(lead!.name),
        LIVE_MS,
      );
      const summary = page.getByLabel('Floor summary');
      expect(await summary.locator('[data-summary="on_call"] dd').innerText()).not.toBe('0');
      expect(await page.evaluate(() => 'floorJourneyMark' in globalThis)).toBe(true);
      await current().app.screenshots('floor', { narrow: true });
    });
  });
}
