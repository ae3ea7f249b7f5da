import { describe, expect, it } from 'vitest';
import { amountInput, parseAmount, productWhat } from './product-words';

const INR = { code: 'inr', decimals: 2, min_amount: 50 };
const JPY = { code: 'jpy', decimals: 0, min_amount: 50 };

describe('prices between the admin and Stripe', () => {
  it('shows a price in the currency’s own decimals', () => {
    expect(amountInput(49_900, 2)).toBe('499.00');
    expect(amountInput(5, 2)).toBe('0.05');
    expect(amountInput(5_000, 0)).toBe('5000');
  });

  it('reads what was typed into the smallest unit, exactly', () => {
    expect(parseAmount('499', INR)).toEqual({ ok: true, amount: 49_900 });
    expect(parseAmount('1,499.5', INR)).toEqual({ ok: true, amount: 149_950 });
    expect(parseAmount(' 0.29 ', INR)).toEqual({ ok: true, amount: 29 });
    // 0.1 + 0.2 style drift would make 19.99 into 1998.9999…
    expect(parseAmount('19.99', INR)).toEqual({ ok: true, amount: 1_999 });
    expect(parseAmount('5000', JPY)).toEqual({ ok: true, amount: 5_000 });
    expect(amountInput((parseAmount('123.45', INR) as { amount: number }).amount, 2)).toBe(
      '123.45',
    );
  });

  it('refuses more decimals than the currency has, and what is not a number', () => {
    expect(parseAmount('499.505', INR)).toEqual({
      ok: false,
      message: 'INR has 2 decimals at most.',
    });
    expect(parseAmount('50.5', JPY)).toEqual({ ok: false, message: 'JPY has no decimals.' });
    expect(parseAmount('', INR).ok).toBe(false);
    expect(parseAmount('-5', INR).ok).toBe(false);
    expect(parseAmount('1e3', INR).ok).toBe(false);
    expect(parseAmount('9'.repeat(20), INR)).toEqual({
      ok: false,
      message: 'That price is too large.',
    });
  });
});

describe('what a product sells', () => {
  const base = {
    id: '00000000-0000-4000-8000-0000000000f1',
    name: 'x',
    unit_amount: 100,
    currency: 'inr',
    is_active: true,
    created_at: '2026-12-07T00:00:00.000Z',
    updated_at: '2026-12-07T00:00:00.000Z',
  };
  it('names the assessment or the seats', () => {
    expect(
      productWhat({
        ...base,
        kind: 'assessment',
        assessment_id: base.id,
        assessment_title: 'Communication',
        seats: null,
      }),
    ).toBe('Assessment: Communication');
    expect(
      productWhat({
        ...base,
        kind: 'seats',
        assessment_id: null,
        assessment_title: null,
        seats: 10,
      }),
    ).toBe('Pack of 10 seats');
    expect(
      productWhat({
        ...base,
        kind: 'seats',
        assessment_id: null,
        assessment_title: null,
        seats: 1,
      }),
    ).toBe('Pack of 1 seat');
  });
});
