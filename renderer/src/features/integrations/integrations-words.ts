// The Integrations screen's words: email states and Stripe outcomes as people say them, with the tone
// each shows in, and money in the buyer's currency from Stripe's smallest units.
import type { EmailState, StripeEvent } from '../../../../src/contract/operations/integrations';
import { formatMoney } from '../../app/money';

export type Tone = 'ok' | 'info' | 'warn' | 'danger' | 'muted';

export const EMAIL_STATE_WORDS: Readonly<Record<EmailState, { label: string; tone: Tone }>> = {
  queued: { label: 'Queued', tone: 'info' },
  sending: { label: 'Sending', tone: 'info' },
  sent: { label: 'Sent', tone: 'ok' },
  dead: { label: 'Dead', tone: 'danger' },
};

type Outcome = NonNullable<StripeEvent['outcome']>;

/**
 * What applying a Stripe event did. `ignored` and `awaiting_payment` are warnings: money may have been
 * taken while nothing was granted, which an admin should look at in Stripe's dashboard.
 */
export const OUTCOME_WORDS: Readonly<Record<Outcome | 'applying', { label: string; tone: Tone }>> =
  {
    unlocked: { label: 'Assessment unlocked', tone: 'ok' },
    seats_added: { label: 'Seats added', tone: 'ok' },
    revoked: { label: 'Refunded, revoked', tone: 'muted' },
    already_applied: { label: 'Already applied', tone: 'muted' },
    awaiting_payment: { label: 'Awaiting payment', tone: 'warn' },
    ignored: { label: 'Ignored', tone: 'warn' },
    applying: { label: 'Applying', tone: 'info' },
  };

export function outcomeWords(outcome: StripeEvent['outcome']): { label: string; tone: Tone } {
  return OUTCOME_WORDS[outcome ?? 'applying'];
}

/**
 * An amount in the currency's smallest unit (paise, cents; yen have none) as the currency is written:
 * 49900 inr is ₹499.00. An unknown currency code shows the units with the code.
 */
export function moneyText(amount: number, currency: string): string {
  return formatMoney(amount, currency, 'en-IN');
}

/** The email templates' names as the screen shows them: callback_reminder is "Callback reminder". */
export function templateName(template: string): string {
  const words = template.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A refusal as the screen says it: offline, what is kept on the server and shows when back online. */
export function offlineOr(error: { code: string; message: string }, what: string): string {
  return error.code === 'OFFLINE'
    ? `${what} are kept on the server: they show here when you are back online.`
    : error.message;
}
