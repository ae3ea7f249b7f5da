// The renderer benchmarks' probes, run inside the page so Playwright's round trips are never timed.
// They are JavaScript source (the tests compile without the DOM library) installed as an init script:
// `window.__bench` exists from the first byte of every document, before the app's own script runs.
import type { BrowserContext, Page } from 'playwright-core';

/** The queue's rows and the open lead, by DESIGN.md section 8's hooks only. */
export const QUEUE_ROW = '[aria-label="Call queue"] [data-lead-id]';
export const OPEN_LEAD = '[aria-label="Lead"][data-lead-id]';
const READY_WITH_ROWS = `[data-app-state="ready"] ${QUEUE_ROW}`;

const PROBES = String.raw`
(() => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const bench = (window.__bench = {});

  // When each data-app-state was first seen, and when the queue first showed rows in the ready state.
  const seen = {};
  bench.readyWithRows = new Promise((resolve) => {
    const check = () => {
      const state = document.getElementById('root')?.dataset.appState;
      if (state && seen[state] === undefined) seen[state] = performance.now();
      if (!document.querySelector(${JSON.stringify(READY_WITH_ROWS)})) return;
      const domMs = performance.now();
      observer.disconnect();
      frame().then((frameMs) => resolve({ domMs, frameMs, states: seen }));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  });

  // Arms one disposition press: the next keydown starts it; the first DOM change putting another lead
  // (loaded: not aria-busy) in the Lead region ends it; the frame after that is when it shows.
  bench.armNextLead = (timeoutMs) => {
    const region = () => document.querySelector(${JSON.stringify(OPEN_LEAD)});
    const from = region()?.dataset.leadId ?? '';
    let keyAt = null;
    const onKey = (event) => {
      if (keyAt === null) keyAt = event.timeStamp;
    };
    window.addEventListener('keydown', onKey, { capture: true });
    bench.nextLead = new Promise((resolve, reject) => {
      const stop = () => {
        observer.disconnect();
        clearTimeout(timer);
        window.removeEventListener('keydown', onKey, { capture: true });
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error('no other lead within ' + timeoutMs + ' ms after the key (still ' + (region()?.dataset.leadId ?? 'none') + ', key seen: ' + (keyAt !== null) + ')'));
      }, timeoutMs);
      const observer = new MutationObserver(() => {
        const shown = region();
        const to = shown?.dataset.leadId ?? '';
        if (keyAt === null || to === '' || to === from || shown.hasAttribute('aria-busy')) return;
        const domAt = performance.now();
        stop();
        frame().then((frameAt) =>
          resolve({ from, to, toDomMs: domAt - keyAt, toFrameMs: frameAt - keyAt, keyWallMs: performance.timeOrigin + keyAt }),
        );
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-lead-id', 'aria-busy'] });
    });
    return from;
  };

  // Long tasks from now until stopLongTasks(): every entry, not only the longest.
  bench.startLongTasks = () => {
    bench.longTasks = [];
    bench.longTaskObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
    });
    bench.longTaskObserver.observe({ type: 'longtask' });
  };
  bench.stopLongTasks = async () => {
    // Entries are delivered after their task; give the last one a moment to arrive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const entry of bench.longTaskObserver.takeRecords()) bench.longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
    bench.longTaskObserver.disconnect();
    return bench.longTasks;
  };

  // Scrolls the queue in steps, two frames each: by stepPx a step (reading down a page at a time), or,
  // with stepPx null, in even steps from where it is to the bottom (dragging the scrollbar). Notes the
  // worst gap between frames and the steps painted with fewer leads in view than rows fit (placeholders
  // while pages load).
  bench.scrollQueue = async (steps, stepPx, settleMs) => {
    const list = document.querySelector('[aria-label="Call queue"]');
    // After a fast scroll the rows on screen may still be placeholders: wait for a lead to measure.
    const waitedFrom = performance.now();
    while (list.querySelector('[data-lead-id]') === null && performance.now() - waitedFrom < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const rowHeight = list.querySelector('[data-lead-id]').getBoundingClientRect().height;
    // Rows wholly in view at any scroll offset (one may be cut at the top and another at the bottom).
    const fits = Math.floor(list.clientHeight / rowHeight) - 1;
    const leadsInView = () => {
      const view = list.getBoundingClientRect();
      let count = 0;
      for (const row of list.querySelectorAll('[data-lead-id]')) {
        const box = row.getBoundingClientRect();
        if (box.top >= view.top - 1 && box.bottom <= view.bottom + 1) count += 1;
      }
      return count;
    };
    const from = list.scrollTop;
    const max = list.scrollHeight - list.clientHeight;
    const started = performance.now();
    let last = started;
    let worstFrameGapMs = 0;
    let stepsShort = 0;
    for (let i = 1; i <= steps; i++) {
      list.scrollTop = stepPx === null ? Math.round(from + ((max - from) * i) / steps) : from + stepPx * i;
      for (let f = 0; f < 2; f++) {
        const at = await frame();
        worstFrameGapMs = Math.max(worstFrameGapMs, at - last);
        last = at;
      }
      if (leadsInView() < fits) stepsShort += 1;
    }
    const scrolledMs = performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    return {
      scrollTop: list.scrollTop,
      scrollHeight: list.scrollHeight,
      clientHeight: list.clientHeight,
      rowHeight,
      scrolledMs,
      worstFrameGapMs,
      stepsShort,
      leadsInViewAtEnd: leadsInView(),
      rowsThatFit: fits,
    };
  };
})();
`;

/** Installs the probes in every document the context loads from now on. */
export async function installProbes(context: BrowserContext): Promise<void> {
  await context.addInitScript(PROBES);
}

export interface ReadyTiming {
  /** ms from navigation start to the DOM showing the ready state with queue rows. */
  readonly domMs: number;
  /** ms from navigation start to the frame after it (when it is painted). */
  readonly frameMs: number;
  /** ms from navigation start to each data-app-state's first appearance. */
  readonly states: Readonly<Record<string, number>>;
}

export function readyWithRows(page: Page): Promise<ReadyTiming> {
  return page.evaluate<ReadyTiming>('window.__bench.readyWithRows');
}

export interface NextLead {
  readonly from: string;
  readonly to: string;
  readonly toDomMs: number;
  readonly toFrameMs: number;
  /** The keydown on the wall clock, to line up with the core's commit. */
  readonly keyWallMs: number;
}

/** Arms the next-lead probe; returns the lead open now. */
export function armNextLead(page: Page, timeoutMs: number): Promise<string> {
  return page.evaluate<string>(`window.__bench.armNextLead(${timeoutMs})`);
}

export function nextLead(page: Page): Promise<NextLead> {
  return page.evaluate<NextLead>('window.__bench.nextLead');
}

export interface LongTask {
  readonly startMs: number;
  readonly durationMs: number;
}

export function startLongTasks(page: Page): Promise<void> {
  return page.evaluate<void>('window.__bench.startLongTasks()');
}

export function stopLongTasks(page: Page): Promise<LongTask[]> {
  return page.evaluate<LongTask[]>('window.__bench.stopLongTasks()');
}

export interface QueueScroll {
  readonly scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  readonly rowHeight: number;
  readonly scrolledMs: number;
  /** The longest time between two animation frames while scrolling. */
  readonly worstFrameGapMs: number;
  /** Steps painted with fewer leads in view than rows fit (placeholders shown: pages still loading). */
  readonly stepsShort: number;
  readonly leadsInViewAtEnd: number;
  readonly rowsThatFit: number;
}

/** `stepPx` null: even steps from where the list is to its bottom. */
export function scrollQueue(
  page: Page,
  plan: { readonly steps: number; readonly stepPx: number | null; readonly settleMs: number },
): Promise<QueueScroll> {
  return page.evaluate<QueueScroll>(
    `window.__bench.scrollQueue(${plan.steps}, ${plan.stepPx ?? 'null'}, ${plan.settleMs})`,
  );
}
