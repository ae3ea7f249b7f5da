// The callback picker as it renders: its quick choices follow the floor's calling hours on the lead's
// clock, keys 1 and 2 stay on the first and second, and the custom field starts at the first choice.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CALLING_WINDOW,
  WEEKDAYS,
  type CallingWindow,
} from '../../../../src/domain/calling-window';
import { installFakeCore, wireLead } from '../../app/fake-core.test-support';
import { CallbackPicker } from './CallbackPicker';
import type { LeadCard } from './lead-store';

const CARD: LeadCard = {
  lead: wireLead(1, { time_zone: 'Asia/Kolkata' }),
  history: [],
  callbacks: [],
  dial: { ok: true },
};

/** Wednesday 25 November 2026 at hh:mm in India (UTC+05:30). */
const wednesdayAt = (clock: string): number => Date.parse(`2026-11-25T${clock}:00+05:30`);

const ALL_WEEK: CallingWindow = { start: '00:00', end: '24:00', days: [...WEEKDAYS] };

/** The quick choices in order: their key, main text and data-choice. */
function quickChoices(
  now: number,
  hours: CallingWindow = DEFAULT_CALLING_WINDOW,
): { key: string; main: string; kind: string }[] {
  const html = renderToStaticMarkup(
    createElement(CallbackPicker, { card: CARD, purpose: { kind: 'schedule' }, now, hours }),
  );
  const buttons = [
    ...html.matchAll(
      /<button[^>]*aria-keyshortcuts="(\d)"[^>]*data-choice="([^"]*)"[^>]*>.*?lc-choice-main">([^<]*)</g,
    ),
  ];
  return buttons.map(([, key = '', kind = '', main = '']) => ({ key, kind, main }));
}

beforeAll(installFakeCore);

describe('the callback picker’s quick choices', () => {
  it('offer in an hour and tomorrow 10:00 inside the hours', () => {
    expect(quickChoices(wednesdayAt('14:00'))).toEqual([
      { key: '1', kind: 'in-an-hour', main: 'In 1 hour' },
      { key: '2', kind: 'tomorrow', main: 'Tomorrow 10:00' },
    ]);
  });

  it('offer the next opening on key 1 when an hour from now is after the close', () => {
    expect(quickChoices(wednesdayAt('20:30'))).toEqual([
      { key: '1', kind: 'next-opening', main: 'Next opening · Thu 09:00' },
      { key: '2', kind: 'tomorrow', main: 'Tomorrow 10:00' },
    ]);
  });

  it('skip Sunday on Saturday evening, and follow hours that call on Sundays', () => {
    const saturdayEvening = wednesdayAt('20:30') + 3 * 86_400_000;
    expect(quickChoices(saturdayEvening)).toEqual([
      { key: '1', kind: 'next-opening', main: 'Next opening · Mon 09:00' },
      { key: '2', kind: 'next-calling-day', main: 'Next calling day · Mon 10:00' },
    ]);
    expect(quickChoices(saturdayEvening, ALL_WEEK)).toEqual([
      { key: '1', kind: 'in-an-hour', main: 'In 1 hour' },
      { key: '2', kind: 'tomorrow', main: 'Tomorrow 10:00' },
    ]);
  });

  it('show no second clock when the telecaller’s zone is the lead’s under another name', () => {
    const before = process.env.TZ;
    // Chromium and Node name this zone Asia/Calcutta; leads carry Asia/Kolkata.
    process.env.TZ = 'Asia/Kolkata';
    try {
      const html = renderToStaticMarkup(
        createElement(CallbackPicker, {
          card: CARD,
          purpose: { kind: 'schedule' },
          now: wednesdayAt('14:00'),
          hours: DEFAULT_CALLING_WINDOW,
        }),
      );
      expect(html).toContain('15:00</span>');
      expect(html).not.toContain('yours');
      expect(html).not.toContain('their time');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('start the custom field at the first choice, so it opens without a warning', () => {
    const html = renderToStaticMarkup(
      createElement(CallbackPicker, {
        card: CARD,
        purpose: { kind: 'schedule' },
        now: wednesdayAt('20:30'),
        hours: DEFAULT_CALLING_WINDOW,
      }),
    );
    expect(html).toContain('value="2026-11-26T09:00"');
    expect(html).not.toContain('lc-picker-warning');
  });
});
