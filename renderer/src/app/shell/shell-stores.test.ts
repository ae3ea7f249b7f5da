// The shell's stores against a fake bridge: what the window shows after each answer and event of the core.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TalentgBridge } from '../../../../src/contract/bridge';
import type { SyncProgress } from '../../../../src/contract/operations/sync';
import { usePresence } from '../presence';
import { appStateOf, userOf, useSession } from '../session';
import { useSyncHealth } from '../sync-health';
import { takeNewestAction, toast, useToasts } from '../toasts';
import { useWorkspace } from '../workspace';
import { wireLead } from '../fake-core.test-support';
import { followCallbackReminders, followLeadLinks, followUpdates } from './callback-reminders';
import { useNavCounts } from './nav-counts';

type Answer = (args: unknown) => unknown;

const answers = new Map<string, Answer>();
const calls: { op: string; args: unknown }[] = [];
const listeners = new Set<(message: unknown) => void>();

const bridge: TalentgBridge = {
  invoke: (op, args) => {
    calls.push({ op, args });
    const answer = answers.get(op);
    return Promise.resolve(
      answer === undefined
        ? { success: false, error: { code: 'UNKNOWN_OPERATION', message: `no fake for ${op}` } }
        : answer(args),
    );
  },
  onEvent: (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

function emit(event: string, payload: unknown): void {
  for (const listener of [...listeners]) listener({ event, payload });
}

const ok = (data: unknown) => ({ success: true, data });
const refused = (code: string, message: string) => ({ success: false, error: { code, message } });

const USER = {
  id: '00000000-0000-0000-0000-000000000001',
  email: 'tc1@talentg.test',
  full_name: 'Priya Raman',
  role: 'telecaller',
} as const;
const AT = '2026-11-25T10:00:00.000Z';

function progress(overrides: Partial<SyncProgress> = {}): SyncProgress {
  return {
    phase: 'idle',
    done: 0,
    total: 0,
    pending: 0,
    oldest_pending_at: null,
    last_push_at: null,
    last_pull_at: null,
    dead_letters: 0,
    last_error: null,
    ...overrides,
  };
}

/** leads:get's answer for a lead in the person's cache. */
function leadInCache(id: string) {
  return { lead: wireLead(1, { id }), history: [], callbacks: [], dial: { ok: true } };
}

/** Lets the fake's resolved promises and the stores' awaits run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeAll(() => {
  // The stores reach the bridge and timers through window, as in the page.
  Object.assign(globalThis, { window: globalThis });
  window.talentg = bridge;
});

beforeEach(() => {
  answers.clear();
  calls.length = 0;
  useToasts.setState({ toasts: [] });
});

afterEach(() => listeners.clear());

describe('the session store', () => {
  it('keeps a refused sign-in signed out and shows why, then signs in', async () => {
    useSession.setState({ session: { status: 'signed_out' }, signInError: null });
    answers.set('session:sign-in', () => refused('SIGN_IN_FAILED', 'Wrong email or password.'));
    expect(await useSession.getState().signIn(' tc1@talentg.test ', 'nope')).toBe(false);
    expect(useSession.getState().signInError?.code).toBe('SIGN_IN_FAILED');
    expect(appStateOf(useSession.getState().session)).toBe('signed-out');
    expect(calls.at(-1)?.args).toEqual({ email: 'tc1@talentg.test', password: 'nope' });

    answers.set('session:sign-in', () => ok({ status: 'signed_in', user: USER, signed_in_at: AT }));
    expect(await useSession.getState().signIn('tc1@talentg.test', 'talentg-demo')).toBe(true);
    expect(useSession.getState().signInError).toBeNull();
    expect(appStateOf(useSession.getState().session)).toBe('ready');
  });

  it('follows session:changed: an expired session keeps the user on screen', () => {
    useSession.setState({ session: { status: 'signed_in', user: USER, signed_in_at: AT } });
    const stop = useSession.getState().follow();
    emit('session:changed', { status: 'expired', user: USER, signed_in_at: AT });
    stop();
    const { session } = useSession.getState();
    expect(session.status).toBe('expired');
    expect(userOf(session)?.email).toBe(USER.email);
  });

  it('says the core is unreachable instead of waiting for ever', async () => {
    answers.set('session:state', () => Promise.reject(new Error('socket closed')));
    await useSession.getState().load();
    const { session } = useSession.getState();
    expect(session.status).toBe('unreachable');
    expect(appStateOf(session)).toBe('loading');
  });
});

describe('the sync health store', () => {
  it('raises one lasting toast when the server refuses a write, whose action opens the sync view', async () => {
    answers.set('sync:status', () => ok(progress()));
    useSyncHealth.setState({ progress: null });
    const stop = useSyncHealth.getState().follow();
    await settle();
    emit('sync:progress', progress({ dead_letters: 1 }));
    emit('sync:progress', progress({ dead_letters: 1 }));
    stop();

    const { toasts } = useToasts.getState();
    expect(toasts).toHaveLength(1);
    expect(toasts[0]?.timeoutMs).toBeNull();
    useWorkspace.setState({ view: 'queue' });
    toasts[0]?.action?.run();
    expect(useWorkspace.getState().view).toBe('sync');
    expect(useSyncHealth.getState().progress?.dead_letters).toBe(1);
  });

  it('keeps the first figures it reads quiet: refusals from before the window opened are no news', () => {
    useSyncHealth.setState({ progress: null });
    useSyncHealth.getState().apply(progress({ dead_letters: 3 }));
    expect(useToasts.getState().toasts).toHaveLength(0);
  });
});

describe('the toast action key', () => {
  it('takes the newest toast that offers an action, passing over newer ones without, and dismisses it', () => {
    const taken: string[] = [];
    toast({
      tone: 'success',
      title: 'Logged NA',
      action: { label: 'Back', run: () => taken.push('NA') },
    });
    toast({
      tone: 'success',
      title: 'Logged B',
      action: { label: 'Back', run: () => taken.push('B') },
    });
    toast({ tone: 'info', title: 'Synced' });
    expect(takeNewestAction()).toBe(true);
    expect(taken).toEqual(['B']);
    expect(useToasts.getState().toasts.map((shown) => shown.title)).toEqual([
      'Logged NA',
      'Synced',
    ]);
    expect(takeNewestAction()).toBe(true);
    expect(takeNewestAction()).toBe(false);
    expect(taken).toEqual(['B', 'NA']);
  });
});

describe('the presence store', () => {
  it('pauses from ready and resumes from any other state', async () => {
    answers.set('presence:set', (args) =>
      ok({ since: AT, lead_id: null, pause_reason: null, ...(args as object) }),
    );
    usePresence.setState({
      presence: { state: 'ready', since: AT, lead_id: null, pause_reason: null },
    });
    await usePresence.getState().togglePause();
    expect(calls.at(-1)?.args).toEqual({ state: 'paused' });
    expect(usePresence.getState().presence?.state).toBe('paused');
    await usePresence.getState().togglePause();
    expect(calls.at(-1)?.args).toEqual({ state: 'ready' });
  });

  it('leaves the presence as it was and says why when the core refuses', async () => {
    answers.set('presence:set', () => refused('NOT_SIGNED_IN', 'Sign in first.'));
    usePresence.setState({
      presence: { state: 'ready', since: AT, lead_id: null, pause_reason: null },
    });
    expect(await usePresence.getState().choose({ state: 'paused', pause_reason: 'Lunch' })).toBe(
      false,
    );
    expect(usePresence.getState().presence?.state).toBe('ready');
    expect(useToasts.getState().toasts[0]?.tone).toBe('error');
  });
});

describe('the tab counts', () => {
  it('reads the counts once more at most, however many changes arrive while it reads', async () => {
    answers.set('leads:queue', () => ok({ entries: [], total: 42, as_of: AT }));
    answers.set('callbacks:list', () => ok({ callbacks: [] }));
    const first = useNavCounts.getState().refresh();
    for (let i = 0; i < 10; i += 1) void useNavCounts.getState().refresh();
    await first;
    await settle();
    expect(calls.filter((call) => call.op === 'leads:queue')).toHaveLength(2);
    expect(useNavCounts.getState().queueTotal).toBe(42);
    expect(useNavCounts.getState().callbacksDueToday).toBe(0);
  });
});

describe('callback reminders', () => {
  it('raise a lasting toast whose action opens the lead in the queue', () => {
    const stop = followCallbackReminders();
    const leadId = '00000000-0000-0000-0000-000000000101';
    emit('callback:due', {
      callback: {
        id: '00000000-0000-0000-0000-0000000000cb',
        lead_id: leadId,
        owner_id: USER.id,
        scope: 'personal',
        due_at: AT,
        state: 'pending',
        note: ' ask for the decision ',
        created_at: AT,
        closed_at: null,
        sync_state: 'synced',
        lead_name: 'Imran Fernandes',
        lead_time_zone: 'Asia/Kolkata',
      },
    });
    stop();
    const [reminder] = useToasts.getState().toasts;
    expect(reminder?.title).toBe('Callback due · Imran Fernandes');
    expect(reminder?.body).toBe('ask for the decision');
    expect(reminder?.timeoutMs).toBeNull();
    useWorkspace.setState({ view: 'sync', openLeadId: null });
    reminder?.action?.run();
    expect(useWorkspace.getState()).toMatchObject({ view: 'queue', openLeadId: leadId });
  });

  it('open the lead the shell names in lead:open (a clicked notification or a talentg:// link)', async () => {
    useSession.setState({ session: { status: 'signed_in', user: USER, signed_in_at: AT } });
    const leadId = '00000000-0000-0000-0000-000000000102';
    answers.set('leads:get', () => ok(leadInCache(leadId)));
    const stop = followLeadLinks();
    useWorkspace.setState({ view: 'sync', openLeadId: null });
    emit('lead:open', { lead_id: 'not-a-lead' });
    await settle();
    expect(useWorkspace.getState()).toMatchObject({ view: 'sync', openLeadId: null });
    emit('lead:open', { lead_id: leadId });
    await settle();
    stop();
    expect(useWorkspace.getState()).toMatchObject({ view: 'queue', openLeadId: leadId });
  });

  it('hold a lead:open that arrives signed out and open it after the sign-in, from the cache', async () => {
    useSession.setState({ session: { status: 'signed_out' } });
    const leadId = '00000000-0000-0000-0000-000000000103';
    answers.set('leads:get', () => ok(leadInCache(leadId)));
    const stop = followLeadLinks();
    useWorkspace.setState({ view: 'queue', openLeadId: null });
    emit('lead:open', { lead_id: leadId });
    await settle();
    expect(calls.filter((call) => call.op === 'leads:get')).toEqual([]);
    expect(useWorkspace.getState().openLeadId).toBeNull();

    useSession.setState({ session: { status: 'signed_in', user: USER, signed_in_at: AT } });
    await settle();
    stop();
    expect(calls.filter((call) => call.op === 'leads:get')).toEqual([
      { op: 'leads:get', args: { lead_id: leadId } },
    ]);
    expect(useWorkspace.getState()).toMatchObject({ view: 'queue', openLeadId: leadId });
  });

  it("drop a held lead that is not the signed-in person's with a toast, once a pull has finished", async () => {
    useSession.setState({ session: { status: 'signed_out' } });
    const leadId = '00000000-0000-0000-0000-000000000104';
    answers.set('leads:get', () => refused('LEAD_NOT_FOUND', 'This lead is not in your list.'));
    const stop = followLeadLinks();
    useWorkspace.setState({ view: 'queue', openLeadId: null });
    emit('lead:open', { lead_id: leadId });
    useSession.setState({ session: { status: 'signed_in', user: USER, signed_in_at: AT } });
    await settle();
    expect(useToasts.getState().toasts).toEqual([]);

    emit('sync:progress', progress({ last_pull_at: new Date(Date.now() + 1000).toISOString() }));
    await settle();
    stop();
    expect(useWorkspace.getState().openLeadId).toBeNull();
    expect(useToasts.getState().toasts).toEqual([
      expect.objectContaining({ tone: 'warning', title: 'Could not open the lead' }),
    ]);
  });

  it('say once that a verified update installs on quit, and keep saying it until dismissed', () => {
    const stop = followUpdates();
    useToasts.setState({ toasts: [] });
    emit('update:ready', { version: '1.5.0', release_date: null, install: 'now' });
    expect(useToasts.getState().toasts).toEqual([]);
    emit('update:ready', { version: '1.5.0', release_date: null, install: 'on_quit' });
    stop();
    expect(useToasts.getState().toasts).toEqual([
      expect.objectContaining({ title: 'TalentG 1.5.0 is ready', timeoutMs: null }),
    ]);
    expect(useToasts.getState().toasts[0]?.body).toMatch(/installs when you quit/);
  });
});
