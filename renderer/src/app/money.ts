// Money as its currency is written, from Stripe's smallest units (paise, cents; yen have none): what the
// admins' Integrations screen and a person's paid assessments both show.
const formats = new Map<string, Intl.NumberFormat>();

/**
 * 49900 inr is ₹499.00, in `locale` (the system's when undefined). An unknown currency code shows the
 * units with the code.
 */
export function formatMoney(amount: number, currency: string, locale: string | undefined): string {
  const code = currency.toUpperCase();
  const key = `${locale ?? ''}|${code}`;
  let format = formats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency: code });
    } catch {
      return `${amount} ${code}`;
    }
    formats.set(key, format);
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}
