// The sync view names each refused write by what the person did, not by the outbox's op names.
import { describe, expect, it } from 'vitest';
import { intentExcerpt, intentTitle, jsonPhrase, shortInstant } from './dead-letter-words';

describe('a refused write in words', () => {
  it('titles each kind of intent', () => {
    expect(intentTitle({ op: 'log_call', args: { disposition: 'NA' } })).toBe('Call logged · NA');
    expect(intentTitle({ op: 'log_call', args: {} })).toBe('Call logged');
    expect(intentTitle({ op: 'add_note', args: { content: 'hi' } })).toBe('Note added');
    expect(intentTitle({ op: 'set_status', args: { from: 'new', to: 'lost' } })).toBe(
      'Status new → lost',
    );
    expect(intentTitle({ op: 'complete_callback', args: { state: 'cancelled' } })).toBe(
      'Callback cancelled',
    );
    expect(
      intentTitle({ op: 'update_contact', args: { base: {}, set: { email: 'a', phone: 'b' } } }),
    ).toBe('Contact change · email, phone');
    expect(
      intentTitle({ op: 'schedule_callback', args: { due_at: '2026-12-12T14:00:00.000Z' } }),
    ).toBe(`Callback for ${shortInstant('2026-12-12T14:00:00.000Z')}`);
  });

  it('quotes what was typed with it, shortened, and nothing for writes without words', () => {
    expect(intentExcerpt({ op: 'log_call', args: { notes: '  asked for a quote  ' } })).toBe(
      'asked for a quote',
    );
    expect(intentExcerpt({ op: 'log_call', args: { notes: '' } })).toBeNull();
    expect(intentExcerpt({ op: 'add_note', args: { content: 'x'.repeat(500) } })).toHaveLength(140);
    expect(intentExcerpt({ op: 'set_status', args: { from: 'new', to: 'lost' } })).toBeNull();
  });

  it('shows stored values briefly', () => {
    expect(jsonPhrase(null)).toBe('—');
    expect(jsonPhrase('contacted')).toBe('contacted');
    expect(jsonPhrase({ status: 'lost' })).toBe('{"status":"lost"}');
    expect(shortInstant('not a time')).toBe('not a time');
    expect(shortInstant(undefined)).toBe('an unknown time');
  });
});
