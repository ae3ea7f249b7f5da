// Scrolling the call queue over 100,000 cached leads: the page must never block for more than 50 ms.
// The leads go straight into tc1's cache (as pulled pages, so the sync cursor stays the server's);
// the page's PerformanceObserver('longtask') watches while the queue is read down and dragged to its end.
import { HOUR, MINUTE, serverLead } from '../support/cache-rows.js';
import type { PulledChange } from '../../src/workstation/cache/cache-port.js';
import type { Cache } from '../../src/workstation/cache/open-cache.js';
import { round, type Benchmark } from './metric.js';
import {
  scrollQueue,
  startLongTasks,
  stopLongTasks,
  type LongTask,
  type QueueScroll,
} from './renderer-page-probes.js';
import {
  builtRenderer,
  callableTimeZone,
  Cleanups,
  launchChromium,
  openPage,
  signedInWorkstation,
  startCoreHost,
  startDemoStack,
  TC1,
  tempDir,
  waitForQueue,
} from './renderer-world.js';

const LEADS = 100_000;
const SEED_PAGE = 5_000;
/** Reading down: a screenful a step from the top. */
const READING_STEPS = 150;
/** Dragging the scrollbar: even steps from there to the bottom, about a hundred rows each. */
const DRAGGING_STEPS = 1_000;
const SETTLE_MS = 2_000;
const LONG_TASK_MS = 50;

const FIRST_NAMES = ['Asha', 'Ravi', 'Meera', 'Arjun', 'Kavya', 'Vikram', 'Neha', 'Rahul', 'Divya', 'Sanjay'];
const LAST_NAMES = ['Verma', 'Iyer', 'Reddy', 'Nair', 'Sharma', 'Gupta', 'Menon', 'Das', 'Rao', 'Khan'];

/** Leads of every kind the queue shows, all callable now: mostly new, a fifth re-dials due, 1% callbacks overdue. */
function seedLeads(cache: Cache, zone: string, log: (message: string) => void): void {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let start = 0; start < LEADS; start += SEED_PAGE) {
    const changes: PulledChange[] = [];
    for (let i = start; i < start + SEED_PAGE; i++) {
      const base = {
        name: `${FIRST_NAMES[i % 10]} ${LAST_NAMES[Math.floor(i / 10) % 10]} ${i}`,
        company: i % 3 === 0 ? `Traders ${i % 997}` : null,
        time_zone: zone,
        priority: i % 10,
        created_at: iso(now - (i % 5000) * MINUTE),
      };
      const kind = i % 100;
      const row =
        kind < 80
          ? serverLead(TC1.id, base)
          : kind < 99
            ? serverLead(TC1.id, {
                ...base,
                status: 'contacted',
                attempts: 1 + (i % 4),
                last_contact_at: iso(now - 3 * HOUR),
                recycle_at: iso(now - HOUR),
              })
            : serverLead(TC1.id, {
                ...base,
                status: 'contacted',
                attempts: 1,
                last_contact_at: iso(now - 3 * HOUR),
                callback_due_at: iso(now - (i % 60) * MINUTE),
              });
      changes.push({ entity: 'lead', id: row.id as string, op: 'upsert', row });
    }
    cache.applyPulledPage(changes, null, iso(now));
    if ((start + SEED_PAGE) % 25_000 === 0) log(`seeded ${start + SEED_PAGE} leads into the cache`);
  }
}

export const rendererQueueScroll: Benchmark = {
  name: 'renderer_queue_scroll_100k_longest_task_ms',
  async run({ log }) {
    const cleanups = new Cleanups();
    try {
      const rendererDir = await builtRenderer(log);
      const backend = await startDemoStack();
      cleanups.add(() => backend.close());
      const data = tempDir('talentg-bench-scroll-');
      cleanups.add(async () => data.remove());
      const workstation = await signedInWorkstation(backend, data.dir);
      try {
        seedLeads(workstation.cache, callableTimeZone(Date.now(), 15 * 60_000), log);
      } finally {
        await workstation.close();
      }
      const host = await startCoreHost(backend, data.dir, rendererDir);
      cleanups.add(() => host.close());
      const browser = await launchChromium();
      cleanups.add(() => browser.close());

      const page = await openPage(browser, host.url);
      await waitForQueue(page);
      const rows = await page.evaluate<number>(
        `(() => { const list = document.querySelector('[aria-label="Call queue"]');
           return list.scrollHeight / list.querySelector('[data-lead-id]').getBoundingClientRect().height; })()`,
      );
      if (rows < LEADS) {
        throw new Error(`the queue scrolls over ${Math.round(rows)} rows, not the ${LEADS} cached leads`);
      }
      log(`scrolling a queue of ${Math.round(rows)} rows`);

      await startLongTasks(page);
      const clientHeight = await page.evaluate<number>(
        `document.querySelector('[aria-label="Call queue"]').clientHeight`,
      );
      const reading = await scrollQueue(page, { steps: READING_STEPS, stepPx: clientHeight, settleMs: 0 });
      const dragging = await scrollQueue(page, { steps: DRAGGING_STEPS, stepPx: null, settleMs: SETTLE_MS });
      const tasks = await stopLongTasks(page);
      return summary(tasks, reading, dragging, Math.round(rows));
    } finally {
      await cleanups.run();
    }
  },
};

function summary(tasks: LongTask[], reading: QueueScroll, dragging: QueueScroll, rows: number) {
  const longest = tasks.reduce((max, task) => Math.max(max, task.durationMs), 0);
  const blocking = tasks.reduce((sum, task) => sum + Math.max(0, task.durationMs - LONG_TASK_MS), 0);
  return {
    value: round(longest),
    unit: 'ms',
    target: LONG_TASK_MS,
    details: {
      long_tasks: tasks.length,
      total_blocking_ms: round(blocking),
      longest_tasks_ms: [...tasks]
        .sort((a, b) => b.durationMs - a.durationMs)
        .slice(0, 5)
        .map((task) => round(task.durationMs))
        .join(', '),
      queue_rows: rows,
      reading_steps: `${READING_STEPS} of one screen (${reading.clientHeight} px) in ${round(reading.scrolledMs)} ms; worst frame gap ${round(reading.worstFrameGapMs)} ms; ${reading.stepsShort} steps painted with placeholders in view`,
      dragging_steps: `${DRAGGING_STEPS} even steps to the bottom in ${round(dragging.scrolledMs)} ms; worst frame gap ${round(dragging.worstFrameGapMs)} ms; ${dragging.stepsShort} steps painted with placeholders in view`,
      at_bottom: `${dragging.leadsInViewAtEnd} leads in view (${dragging.rowsThatFit}+ rows fit) ${SETTLE_MS} ms after the last step; scrollTop ${Math.round(dragging.scrollTop)} of ${Math.round(dragging.scrollHeight - dragging.clientHeight)}`,
      method:
        `${LEADS} leads put into tc1's cache as pulled pages, then the page opened; PerformanceObserver('longtask') in the page from the queue shown until ${SETTLE_MS} ms after the last step; ` +
        'each step sets the list\'s scrollTop and waits two animation frames. Value: the longest task (0 when none). Headless Chromium 1440x900; the core (background sync on) in its own process.',
    },
  };
}
