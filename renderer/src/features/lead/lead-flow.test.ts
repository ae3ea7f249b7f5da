// The call flow against a fake core: a disposition logs at once with the notes typed, a callback code
// asks for its time first, a refusal keeps the notes, and the next lead opens at once.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WireDisposition } from '../../../../src/contract/records';
import { useToasts } from '../../app/toasts';
import { useWorkspace } from '../../app/workspace';
import { useCallFlow } from './call-flow';
import { dispositionForKey, dispositionKeys } from './disposition-keys';
import {
  answerQueue,
  answers,
  calls,
  installFakeCore,
  loggedCall,
  ok,
  pendingCallback,
  refused,
  resetFakeCore,
  settle,
  wireLead,
} from '../../app/fake-core.test-support';
import { useLead, type LeadCard } from './lead-store';

function disposition(code: string, overrides: Partial<WireDisposition> = {}): WireDisposition {
  return {
    code,
    label: code,
    human_contact: false,
    sale: false,
    dnc: false,
    callback: false,
    final: false,
    description: '',
    hotkey: null,
    ...overrides,
  };
}

const CATALOGUE = [
  disposition('NA', { label: 'No answer', hotkey: '1' }),
  disposition('CB', { label: 'Callback', callback: true, human_contact: true, hotkey: '4' }),
  disposition('DC', { label: 'Disconnected', final: true, hotkey: 'D' }),
];

const LEAD = wireLead(1);
const NEXT = wireLead(2);

function cardOf(overrides: Partial<LeadCard> = {}): LeadCard {
  return { lead: LEAD, history: [], callbacks: [], dial: { ok: true }, ...overrides };
}

async function openCard(card: LeadCard = cardOf()): Promise<void> {
  answers.set('leads:get', () => ok(card));
  useLead.setState({ leadId: null, card: null, drafts: {}, dispositions: CATALOGUE });
  // As the lead pane does when a lead opens.
  useLead.getState().open(card.lead.id);
  useCallFlow.getState().leadOpened(card.lead.id);
  await settle();
}

const logged = () => calls.filter((call) => call.op === 'calls:log');

beforeAll(installFakeCore);

beforeEach(() => {
  resetFakeCore();
  answers.set('presence:set', (args) =>
    ok({
      ...(args as object),
      since: '2026-11-25T05:00:00.000Z',
      lead_id: null,
      pause_reason: null,
    }),
  );
  answers.set('calls:log', (args) =>
    loggedCall(LEAD, (args as { disposition: string }).disposition),
  );
  answerQueue([LEAD, NEXT]);
  useCallFlow.setState({ call: null, wrapUp: null });
  useWorkspace.setState({ openLeadId: LEAD.id });
});

describe('one-key dispositions', () => {
  it('logs the call at once with the notes typed so far and the timed duration, then clears the notes', async () => {
    await openCard();
    useLead.getState().setDraft(LEAD.id, 'Rang six times');
    useCallFlow.getState().startCall(LEAD.id);
    expect(await useLead.getState().dispose('NA')).toBe(true);
    expect(logged()).toHaveLength(1);
    expect(logged()[0]?.args).toMatchObject({
      lead_id: LEAD.id,
      disposition: 'NA',
      notes: 'Rang six times',
      duration_seconds: 0,
    });
    expect(useLead.getState().drafts[LEAD.id]).toBeUndefined();
  });

  it('logs by hand without a duration when no call was timed', async () => {
    await openCard();
    await useLead.getState().dispose('NA');
    expect(logged()[0]?.args).not.toHaveProperty('duration_seconds');
  });

  it('asks for the callback time before logging a callback code, then logs with it', async () => {
    await openCard();
    expect(await useLead.getState().dispose('CB')).toBe(false);
    expect(logged()).toHaveLength(0);
    expect(useLead.getState().picker).toEqual({ kind: 'disposition', code: 'CB' });
    const choice = { due_at: '2026-11-26T04:30:00.000Z', note: '', scope: 'personal' as const };
    expect(await useLead.getState().dispose('CB', choice)).toBe(true);
    expect(logged()[0]?.args).toMatchObject({ disposition: 'CB', callback: choice });
    expect(useLead.getState().picker).toBeNull();
  });

  it('shows a refusal inline and keeps every word typed', async () => {
    await openCard();
    useLead.getState().setDraft(LEAD.id, 'They said to try the office line');
    answers.set('calls:log', () => refused('DISPOSITION_UNKNOWN', 'There is no disposition XX.'));
    expect(await useLead.getState().dispose('NA')).toBe(false);
    expect(useLead.getState().actionError?.code).toBe('DISPOSITION_UNKNOWN');
    expect(useLead.getState().drafts[LEAD.id]).toBe('They said to try the office line');
    expect(useCallFlow.getState().wrapUp).toBeNull();
  });

  it('leaves closing a due callback to the core: one write, and the toast says it was kept', async () => {
    const due = pendingCallback(
      LEAD.id,
      '00000000-0000-4000-8000-0000000000c1',
      '2026-11-25T04:00:00.000Z',
    );
    answers.set('calls:log', () => loggedCall(LEAD, 'NA', [due]));
    await openCard(cardOf({ callbacks: [due] }));
    await useLead.getState().dispose('NA');
    await settle();
    await settle();
    expect(calls.filter((call) => call.op === 'callbacks:complete')).toHaveLength(0);
    expect(useToasts.getState().toasts.at(-1)?.body).toMatch(/callback kept$/);
  });
});

describe('a callback on its own', () => {
  const choice = {
    due_at: '2026-11-26T04:30:00.000Z',
    note: 'After lunch',
    scope: 'personal' as const,
  };

  it('closes the picker at once and saves one callback when a second pick comes while the first is saved', async () => {
    await openCard();
    let answer: (value: unknown) => void = () => undefined;
    answers.set('callbacks:schedule', () => new Promise((resolve) => (answer = resolve)));
    useLead.getState().openPicker({ kind: 'schedule' });
    const first = useLead.getState().schedule(choice);
    // The picker is gone before the core answers, so the next key goes to the disposition pad.
    expect(useLead.getState().picker).toBeNull();
    expect(
      await useLead.getState().schedule({ ...choice, due_at: '2026-11-27T04:30:00.000Z' }),
    ).toBe(false);
    answer(
      ok({
        callback: pendingCallback(LEAD.id, '00000000-0000-4000-8000-0000000000c2', choice.due_at),
        lead: LEAD,
      }),
    );
    expect(await first).toBe(true);
    expect(calls.filter((call) => call.op === 'callbacks:schedule')).toHaveLength(1);
  });

  it('shows a refusal on the card', async () => {
    await openCard();
    answers.set('callbacks:schedule', () =>
      refused('CALLBACK_IN_PAST', 'Pick a time in the future.'),
    );
    useLead.getState().openPicker({ kind: 'schedule' });
    expect(await useLead.getState().schedule(choice)).toBe(false);
    expect(useLead.getState().actionError?.code).toBe('CALLBACK_IN_PAST');
    // Saving works again after a refusal.
    answers.set('callbacks:schedule', () =>
      ok({
        callback: pendingCallback(LEAD.id, '00000000-0000-4000-8000-0000000000c3', choice.due_at),
        lead: LEAD,
      }),
    );
    expect(await useLead.getState().schedule(choice)).toBe(true);
  });
});

describe('reading the card again', () => {
  it('keeps the card shown when the read brings the same card, and takes a changed one', async () => {
    await openCard();
    const shown = useLead.getState().card;
    await useLead.getState().reload();
    expect(useLead.getState().card).toBe(shown);
    answers.set('leads:get', () => ok(cardOf({ lead: { ...LEAD, attempts: LEAD.attempts + 1 } })));
    await useLead.getState().reload();
    expect(useLead.getState().card?.lead.attempts).toBe(LEAD.attempts + 1);
  });
});

describe('one-key wrap-up', () => {
  it('goes on call, and after the disposition opens the queue’s next other lead at once as ready', async () => {
    await openCard();
    useCallFlow.getState().startCall(LEAD.id);
    await useLead.getState().dispose('NA');
    await settle();
    await settle();
    expect(useWorkspace.getState().openLeadId).toBe(NEXT.id);
    expect(useCallFlow.getState().wrapUp).toBeNull();
    // What was logged, and on whom, with the way back.
    expect(useToasts.getState().toasts.at(-1)).toMatchObject({
      title: 'Logged NA · No answer',
      body: `on ${LEAD.name}`,
      action: { label: 'Back' },
    });
    const presence = calls.filter((call) => call.op === 'presence:set').map((call) => call.args);
    expect(presence).toEqual([
      { state: 'on_call', lead_id: LEAD.id },
      { state: 'wrap_up', lead_id: LEAD.id },
      { state: 'ready' },
    ]);
  });

  it('finds the next lead when the card opens, so the disposition does not wait for the queue', async () => {
    await openCard();
    const before = calls.filter((call) => call.op === 'leads:queue').length;
    expect(before).toBeGreaterThan(0);
    await useLead.getState().dispose('NA');
    await settle();
    expect(useWorkspace.getState().openLeadId).toBe(NEXT.id);
    const queueReadsForThatLead = calls
      .slice(calls.findIndex((call) => call.op === 'calls:log'))
      .filter((call) => call.op === 'leads:queue');
    expect(queueReadsForThatLead).toHaveLength(0);
  });

  it('shows the next lead’s card, read ahead, the moment it opens', async () => {
    await openCard();
    answers.set('leads:get', (args) =>
      ok((args as { lead_id: string }).lead_id === NEXT.id ? cardOf({ lead: NEXT }) : cardOf()),
    );
    useCallFlow.getState().leadOpened(LEAD.id);
    await settle();
    await settle();
    await useLead.getState().dispose('NA');
    await settle();
    expect(useWorkspace.getState().openLeadId).toBe(NEXT.id);
    useLead.getState().open(NEXT.id);
    // No await: the card read ahead is there before any answer from the core.
    expect(useLead.getState().card?.lead.id).toBe(NEXT.id);
  });

  it('logs once when two disposition keys race, and stays with a banner when the queue is empty', async () => {
    answerQueue([]);
    await openCard();
    const first = useLead.getState().dispose('NA');
    const second = useLead.getState().dispose('NA');
    await Promise.all([first, second]);
    expect(logged()).toHaveLength(1);
    await settle();
    expect(useWorkspace.getState().openLeadId).toBe(LEAD.id);
    expect(useCallFlow.getState().wrapUp).toMatchObject({ leadId: LEAD.id, looking: false });
  });
});

describe('a lead that left this person', () => {
  it('says so when the card is read again and the core no longer has the lead', async () => {
    await openCard();
    useLead.getState().setDraft(LEAD.id, 'half a sentence');
    answers.set('leads:get', () =>
      refused('LEAD_NOT_FOUND', 'This lead is not (or no longer) in your list.'),
    );
    await useLead.getState().reload();
    expect(useLead.getState().gone).toBe(true);
    expect(useLead.getState().drafts[LEAD.id]).toBe('half a sentence');
  });
});

describe('disposition keys', () => {
  it('uses the catalogue’s hotkeys and gives the rest the free digits in display order', () => {
    const keys = dispositionKeys([
      disposition('NA', { hotkey: '2' }),
      disposition('B'),
      disposition('A'),
      disposition('DC', { hotkey: 'D' }),
    ]);
    expect([...keys]).toEqual([
      ['NA', '2'],
      ['DC', 'D'],
      ['B', '1'],
      ['A', '3'],
    ]);
    expect(dispositionForKey(CATALOGUE, 'd')?.code).toBe('DC');
    expect(dispositionForKey(CATALOGUE, '9')).toBeNull();
  });
});
