import { describe, expect, it } from 'vitest';
import { dialThroughSoftphone } from './softphone';

function dial(link: unknown) {
  const opened: string[] = [];
  const refusal = dialThroughSoftphone(link, (url) => (opened.push(url), Promise.resolve()));
  return { opened, refusal };
}

describe('softphone', () => {
  it('hands a tel: link to the OS as E.164, grouping removed', () => {
    expect(dial('tel:+91 98765-43210')).toEqual({ opened: ['tel:+919876543210'], refusal: null });
    expect(dial('tel:+1 (415) 555-2671').opened).toEqual(['tel:+14155552671']);
  });

  it.each([
    ['https', 'https://talentg.test/call'],
    ['javascript', 'javascript:alert(1)'],
    ['a tel: link with a query', 'tel:+919876543210?call=1'],
    ['letters', 'tel:+91-CALL-NOW'],
    ['sms', 'sms:+919876543210'],
    ['not text', { href: 'tel:+919876543210' }],
  ])('refuses %s with INVALID_REQUEST and opens nothing', (_name, link) => {
    const { opened, refusal } = dial(link);
    expect(opened).toEqual([]);
    expect(refusal?.code).toBe('INVALID_REQUEST');
  });

  it('refuses a dialable-looking number that is no phone number, with the phone code', () => {
    const { opened, refusal } = dial('tel:+999123');
    expect(opened).toEqual([]);
    expect(refusal?.code).toMatch(/^PHONE_/);
  });
});
