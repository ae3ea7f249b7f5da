import { describe, expect, it } from 'vitest';
import { moneyText, outcomeWords, templateName } from './integrations-words';

describe('moneyText', () => {
  it('reads Stripe’s smallest units in the currency’s own decimals', () => {
    expect(moneyText(49_900, 'inr')).toBe('₹499.00');
    expect(moneyText(1_999, 'usd')).toMatch(/^(US)?\$19\.99$/);
    // The yen has no minor unit: 500 is ¥500, not ¥5.00.
    expect(moneyText(500, 'jpy')).toMatch(/^(JP)?¥500$/);
  });

  it('shows an unknown currency’s units with its code instead of failing', () => {
    expect(moneyText(100, 'zz1')).toBe('100 ZZ1');
  });
});

describe('outcomeWords', () => {
  it('warns about the outcomes where money may be taken with nothing granted', () => {
    expect(outcomeWords('ignored').tone).toBe('warn');
    expect(outcomeWords('awaiting_payment').tone).toBe('warn');
    expect(outcomeWords('unlocked').tone).toBe('ok');
    expect(outcomeWords(null)).toEqual({ label: 'Applying', tone: 'info' });
  });
});

describe('templateName', () => {
  it('names a template in words', () => {
    expect(templateName('callback_reminder')).toBe('Callback reminder');
  });
});
