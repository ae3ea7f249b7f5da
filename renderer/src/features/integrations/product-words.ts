// Products in words, and prices between what an admin types (499.50 rupees) and what Stripe counts
// (49950 paise): exact decimal string work, never floating point.
import type { Product, ProductCurrency } from '../../../../src/contract/operations/products';

/** A price in the currency's own decimals, for an input: 49900 with 2 decimals is "499.00". */
export function amountInput(unitAmount: number, decimals: number): string {
  if (decimals === 0) return String(unitAmount);
  const digits = String(unitAmount).padStart(decimals + 1, '0');
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

export type ParsedAmount = { ok: true; amount: number } | { ok: false; message: string };

/**
 * What an admin typed, in the currency's smallest unit. Spaces and thousands commas are ignored; more
 * decimals than the currency has is refused (yen have none) rather than rounded away.
 */
export function parseAmount(text: string, currency: ProductCurrency): ParsedAmount {
  const typed = text.replace(/[\s,]/g, '');
  const match = /^(\d+)(?:\.(\d*))?$/.exec(typed);
  if (match === null) return { ok: false, message: 'Type the price as a number, e.g. 499.00.' };
  const fraction = match[2] ?? '';
  const code = currency.code.toUpperCase();
  if (fraction.length > currency.decimals) {
    return {
      ok: false,
      message:
        currency.decimals === 0
          ? `${code} has no decimals.`
          : `${code} has ${currency.decimals} decimals at most.`,
    };
  }
  const digits = `${match[1]}${fraction.padEnd(currency.decimals, '0')}`.replace(/^0+(?=\d)/, '');
  // Past 15 digits a number loses units; the server's limit is far below that anyway.
  if (digits.length > 15) return { ok: false, message: 'That price is too large.' };
  return { ok: true, amount: Number(digits) };
}

/** What a product sells: "Assessment: Communication" or "Pack of 10 seats". */
export function productWhat(product: Product): string {
  if (product.kind === 'seats') {
    return product.seats === 1 ? 'Pack of 1 seat' : `Pack of ${product.seats ?? 0} seats`;
  }
  return `Assessment: ${product.assessment_title ?? 'a removed assessment'}`;
}
