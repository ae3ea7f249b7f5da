// The queue pane's store against a fake core: pages read as rows come into view, once each, and read
// again only when the cache changed; a lead that left the queue leaves the pane.
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  answerQueue,
  answers,
  calls,
  installFakeCore,
  resetFakeCore,
  settle,
  wireLead,
} from '../../app/fake-core.test-support';
import {
  entryAt,
  indexOfLead,
  pagesCovering,
  QUEUE_PAGE_SIZE,
  SCROLL_SETTLE_MS,
  CHANGE_SETTLE_MS,
  useQueue,
} from './queue-store';
import { useSearch } from './search-store';

const LEADS = Array.from({ length: 450 }, (_, i) => wireLead(i + 1));
/** Waits until the list has rested long enough for its reads to go out, and for their answers. */
async function rested(): Promise<void> {
  await new Promise((resolve) =>
    setTimeout(resolve, Math.max(SCROLL_SETTLE_MS, CHANGE_SETTLE_MS) + 10),
  );
  await settle();
}

const offsets = () =>
  calls
    .filter((call) => call.op === 'leads:queue')
    .map((call) => (call.args as { offset: number }).offset);

beforeAll(installFakeCore);

beforeEach(() => {
  resetFakeCore();
  answerQueue(LEADS);
  useQueue.setState({
    total: null,
    pages: {},
    generation: 0,
    error: null,
    selected: 0,
    visible: { start: 0, end: 0 },
  });
});

describe('pagesCovering', () => {
  it('names every page a range of rows falls on', () => {
    expect(pagesCovering(0, 10)).toEqual([0]);
    expect(pagesCovering(QUEUE_PAGE_SIZE - 5, QUEUE_PAGE_SIZE + 5)).toEqual([0, 1]);
    expect(pagesCovering(3 * QUEUE_PAGE_SIZE, 3 * QUEUE_PAGE_SIZE)).toEqual([3]);
  });
});

describe('the queue store', () => {
  it('reads the pages on screen, in consecutive offsets, with the total from the answer', async () => {
    useQueue.getState().show(0, 30);
    await rested();
    const state = useQueue.getState();
    expect(state.total).toBe(450);
    expect(entryAt(state, 0)?.lead.id).toBe(LEADS[0]?.id);
    expect(entryAt(state, 30)?.lead.id).toBe(LEADS[30]?.id);
    // With the total known, the page after the visible one is read ahead.
    useQueue.getState().show(0, 30);
    await rested();
    expect(entryAt(useQueue.getState(), QUEUE_PAGE_SIZE)?.lead.id).toBe(LEADS[QUEUE_PAGE_SIZE]?.id);
    // Rows further down arrive as they come into view.
    useQueue.getState().show(QUEUE_PAGE_SIZE * 2 + 10, QUEUE_PAGE_SIZE * 2 + 40);
    await rested();
    expect(entryAt(useQueue.getState(), QUEUE_PAGE_SIZE * 2 + 10)?.lead.id).toBe(
      LEADS[QUEUE_PAGE_SIZE * 2 + 10]?.id,
    );
    // ...each with the page after it read ahead.
    expect(new Set(offsets())).toEqual(
      new Set([0, QUEUE_PAGE_SIZE, QUEUE_PAGE_SIZE * 2, QUEUE_PAGE_SIZE * 3]),
    );
  });

  it('rereads only the pages on screen after a cache change; the page read ahead waits until it is in view', async () => {
    useQueue.getState().show(0, 30);
    await rested();
    useQueue.getState().show(0, 30);
    await rested();
    const before = offsets().length;
    useQueue.getState().invalidate();
    await rested();
    expect(offsets().slice(before)).toEqual([0]);
    // Scrolled into view, the older copy of the next page is read again.
    useQueue.getState().show(QUEUE_PAGE_SIZE, QUEUE_PAGE_SIZE + 20);
    await rested();
    expect(offsets().slice(before + 1)).toContain(QUEUE_PAGE_SIZE);
  });

  it('asks once for a page however often the same rows are shown', async () => {
    useQueue.getState().show(0, 30);
    useQueue.getState().show(0, 31);
    useQueue.getState().show(1, 31);
    await rested();
    useQueue.getState().show(2, 32);
    await rested();
    expect(offsets().filter((offset) => offset === 0)).toHaveLength(1);
  });

  it('reads the visible pages again when the cache changed, and drops a lead that left', async () => {
    useQueue.getState().show(0, 30);
    await rested();
    const leaving = LEADS[3]!;
    expect(indexOfLead(useQueue.getState(), leaving.id)).toBe(3);
    answerQueue(LEADS.filter((lead) => lead.id !== leaving.id));
    useQueue.getState().invalidate();
    await rested();
    const state = useQueue.getState();
    expect(state.total).toBe(449);
    expect(indexOfLead(state, leaving.id)).toBe(-1);
    expect(entryAt(state, 3)?.lead.id).toBe(LEADS[4]?.id);
  });

  it('keeps the highlight on a row when the queue shrinks under it', async () => {
    useQueue.getState().show(0, 30);
    await rested();
    useQueue.getState().select(449);
    answerQueue(LEADS.slice(0, 10));
    useQueue.getState().invalidate();
    await rested();
    expect(useQueue.getState().selected).toBe(9);
  });

  it('reads only the pages on screen once a fast scroll rests, not every page it passed', async () => {
    const long = Array.from({ length: 10 * QUEUE_PAGE_SIZE }, (_, i) => wireLead(i + 1));
    answerQueue(long);
    useQueue.getState().show(0, 30);
    await rested();
    const before = offsets().length;
    for (let row = 0; row < long.length; row += 20) useQueue.getState().show(row, row + 19);
    await rested();
    const read = offsets().slice(before);
    expect(read).toEqual([9 * QUEUE_PAGE_SIZE]);
    expect(entryAt(useQueue.getState(), long.length - 1)?.lead.id).toBe(long.at(-1)?.id);
  });
});

describe('reading while the core is slow', () => {
  it('keeps one round of reads in flight and then reads only what is on screen', async () => {
    const long = Array.from({ length: 10 * QUEUE_PAGE_SIZE }, (_, i) => wireLead(i + 1));
    answerQueue(long);
    useQueue.getState().show(0, 30);
    await rested();
    const fast = answers.get('leads:queue')!;
    const held: (() => void)[] = [];
    // The core holds its answers to the next reads until the test lets them go.
    answers.set('leads:queue', (args) => {
      const answer = fast(args);
      return new Promise((resolve) => held.push(() => resolve(answer)));
    });
    const before = offsets().length;
    useQueue.getState().show(3 * QUEUE_PAGE_SIZE, 3 * QUEUE_PAGE_SIZE + 19);
    await rested();
    expect(offsets().slice(before)).toEqual([3 * QUEUE_PAGE_SIZE, 4 * QUEUE_PAGE_SIZE]);
    answers.set('leads:queue', fast);
    for (let row = 4 * QUEUE_PAGE_SIZE; row < long.length; row += 20) {
      useQueue.getState().show(row, row + 19);
      await rested();
    }
    // Nothing more left while the round was out.
    expect(offsets().slice(before)).toHaveLength(2);
    for (const release of held) release();
    await rested();
    await rested();
    expect(offsets().slice(before + 2)).toEqual([9 * QUEUE_PAGE_SIZE]);
    expect(entryAt(useQueue.getState(), long.length - 1)?.lead.id).toBe(long.at(-1)?.id);
  });
});

describe('the search store', () => {
  it('shows the answer of the last thing typed, never an older one that came late', async () => {
    let release: () => void = () => undefined;
    answers.set('leads:search', (args) => {
      const { query } = args as { query: string };
      const answer = {
        success: true,
        data: {
          leads: LEADS.filter((lead) => lead.name.includes(query)).slice(0, 5),
          truncated: false,
        },
      };
      // The first, shorter query answers last.
      return query === 'Lead 1'
        ? new Promise((resolve) => (release = () => resolve(answer)))
        : answer;
    });
    useSearch.getState().type('Lead 1');
    useSearch.getState().type('Lead 12');
    await settle();
    release();
    await settle();
    const state = useSearch.getState();
    expect(state.answered).toBe('Lead 12');
    expect(state.results.every((lead) => lead.name.includes('Lead 12'))).toBe(true);
    useSearch.getState().clear();
  });
});
