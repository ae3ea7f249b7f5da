import { describe, expect, it } from 'vitest';
import { DEFAULT_CALLING_WINDOW } from '../../../../src/domain/calling-window';
import { checkDraft, draftOf, draftUnchanged, toggleDay } from './calling-hours-form';

describe('the calling-hours draft', () => {
  it('starts from the saved hours and toggles days in week order', () => {
    const draft = toggleDay(toggleDay(draftOf(DEFAULT_CALLING_WINDOW), 'sun'), 'mon');
    expect(draft.days).toEqual(['tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(draftUnchanged(draft, DEFAULT_CALLING_WINDOW)).toBe(false);
    expect(draftUnchanged(toggleDay(toggleDay(draft, 'mon'), 'sun'), DEFAULT_CALLING_WINDOW)).toBe(
      true,
    );
  });

  it('names each field’s problem in the domain’s words', () => {
    expect(checkDraft({ start: '9', end: '21:00', days: ['mon'] })).toEqual({
      ok: false,
      problems: { start: 'Use HH:MM, e.g. 09:00.' },
    });
    expect(checkDraft({ start: '21:00', end: '09:00', days: [] })).toEqual({
      ok: false,
      problems: {
        end: 'The window must end after it starts, on the same day.',
        days: 'Pick at least one calling day.',
      },
    });
    expect(checkDraft({ start: '21:00', end: '09:00', days: ['mon'] })).toEqual({
      ok: false,
      problems: { end: 'The window must end after it starts, on the same day.' },
    });
  });

  it('accepts 24:00 as the end and trims what was typed', () => {
    expect(checkDraft({ start: ' 00:00', end: '24:00 ', days: ['sun'] })).toEqual({
      ok: true,
      window: { start: '00:00', end: '24:00', days: ['sun'] },
    });
  });
});
