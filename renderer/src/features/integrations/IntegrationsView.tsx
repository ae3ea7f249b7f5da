// Integrations (admins): the Brevo email queue, the products sold through Stripe (ProductsPanel) and
// the Stripe payments, as the server holds them. The
// strip counts every email state and picks the one the table lists; a dead email shows why it died and
// can be sent again by an admin at aal2. Payments list the purchases and each webhook event with what
// it did, the ones where money may be taken with nothing granted marked.
import {
  EMAIL_STATES,
  type Email,
  type Purchase,
  type StripeEvent,
} from '../../../../src/contract/operations/integrations';
import { StepUpNotice, useLoadPerSession } from '../../app/admin-screens';
import { relativeTime, useNow } from '../../app/lead-clock';
import {
  EMAIL_STATE_WORDS,
  moneyText,
  offlineOr,
  outcomeWords,
  templateName,
} from './integrations-words';
import { useIntegrations } from './integrations-store';
import { ProductsPanel } from './ProductsPanel';
import { useProducts } from './products-store';
import '../../ui/screen.css';
import './integrations.css';

function when(at: string, now: number): { text: string; title: string } {
  const time = Date.parse(at);
  return { text: relativeTime(time, now), title: new Date(time).toLocaleString() };
}

function AalNotice() {
  const mfa = useIntegrations((state) => state.mfa);
  const hasDead = useIntegrations(
    (state) => (state.counts?.find((count) => count.state === 'dead')?.emails ?? 0) > 0,
  );
  if (mfa === null || mfa.level === 'aal2') return null;
  return (
    <StepUpNotice
      what={hasDead ? 'change products or send dead emails again' : 'change products'}
    />
  );
}

function StateStrip() {
  const counts = useIntegrations((state) => state.counts);
  const chosen = useIntegrations((state) => state.state);
  return (
    <div className="ig-strip" role="group" aria-label="Email states">
      {EMAIL_STATES.map((state) => {
        const count = counts?.find((entry) => entry.state === state);
        const words = EMAIL_STATE_WORDS[state];
        return (
          <button
            key={state}
            type="button"
            className="ig-strip-cell"
            data-tone={words.tone}
            data-email-state={state}
            aria-pressed={chosen === state}
            onClick={() => void useIntegrations.getState().show(state)}
          >
            <span className="ig-strip-count">{count?.emails ?? '–'}</span>
            <span className="state-dot ig-dot" data-tone={words.tone}>
              {words.label}
            </span>
          </button>
        );
      })}
    </div>
  );
}

function EmailRow({ email, now, canRequeue }: { email: Email; now: number; canRequeue: boolean }) {
  const busy = useIntegrations((state) => state.requeueing === email.id);
  const changed = when(email.sent_at ?? email.updated_at, now);
  return (
    <tr className="ig-row" data-email-id={email.id} data-email-state={email.state}>
      <td>
        <div className="ig-main">{email.recipient}</div>
        <div className="ig-sub">{templateName(email.template)}</div>
      </td>
      <td className="ig-num">
        {email.attempts}/{email.max_attempts}
      </td>
      <td className="ig-error" title={email.last_error ?? undefined}>
        {email.last_error ?? <span className="ig-sub">—</span>}
      </td>
      <td className="ig-when" title={changed.title}>
        {email.state === 'queued' && Date.parse(email.next_attempt_at) > now
          ? `next ${relativeTime(Date.parse(email.next_attempt_at), now)}`
          : changed.text}
      </td>
      <td className="ig-actions">
        {email.state === 'dead' && (
          <button
            type="button"
            className="button button-small"
            disabled={!canRequeue || busy}
            title={canRequeue ? undefined : 'Needs a second factor (People)'}
            aria-label={`Send again to ${email.recipient}`}
            onClick={() => void useIntegrations.getState().requeue(email)}
          >
            Send again
          </button>
        )}
      </td>
    </tr>
  );
}

function EmailPanel({ now }: { now: number }) {
  const emails = useIntegrations((state) => state.emails);
  const error = useIntegrations((state) => state.emailError);
  const chosen = useIntegrations((state) => state.state);
  const canRequeue = useIntegrations((state) => state.mfa?.level === 'aal2');
  return (
    <section className="panel ig-panel" aria-labelledby="ig-email-title">
      <header className="panel-header">
        <h3 id="ig-email-title" className="panel-title">
          Email queue
        </h3>
        <span className="ig-sub">Brevo, drained by email-sender</span>
      </header>
      <StateStrip />
      {error !== null ? (
        <p className="ig-empty" role="alert">
          {offlineOr(error, 'Emails')}
        </p>
      ) : emails === null ? null : emails.length === 0 ? (
        <p className="ig-empty">
          {chosen === 'dead'
            ? 'No dead emails: everything was delivered or is on its way.'
            : `No ${EMAIL_STATE_WORDS[chosen].label.toLowerCase()} emails.`}
        </p>
      ) : (
        <table className="screen-table ig-table ig-emails" aria-label="Emails">
          <thead>
            <tr>
              <th scope="col">Recipient</th>
              <th scope="col" className="ig-num">
                Tries
              </th>
              <th scope="col">Last error</th>
              <th scope="col">When</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {emails.map((email) => (
              <EmailRow key={email.id} email={email} now={now} canRequeue={canRequeue} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PurchaseRow({ purchase, now }: { purchase: Purchase; now: number }) {
  const paid = when(purchase.paid_at, now);
  return (
    <tr className="ig-row" data-purchase-id={purchase.id} data-status={purchase.status}>
      <td>
        <div className="ig-main">{purchase.product ?? 'A retired product'}</div>
        <div className="ig-sub">
          {purchase.kind === 'seats' ? `${purchase.seats ?? 0} seats` : 'Assessment'}
        </div>
      </td>
      <td className="ig-ellipsis">{purchase.buyer ?? 'A removed account'}</td>
      <td className="ig-num">{moneyText(purchase.amount_total, purchase.currency)}</td>
      <td>
        <span className="state-dot ig-dot" data-tone={purchase.status === 'paid' ? 'ok' : 'muted'}>
          {purchase.status === 'paid' ? 'Paid' : 'Refunded'}
        </span>
      </td>
      <td className="ig-when" title={paid.title}>
        {paid.text}
      </td>
    </tr>
  );
}

function EventRow({ event, now }: { event: StripeEvent; now: number }) {
  const words = outcomeWords(event.outcome);
  const received = when(event.received_at, now);
  return (
    <tr className="ig-row" data-event-id={event.id} data-outcome={event.outcome ?? 'applying'}>
      <td>
        <div className="ig-main ig-mono">{event.type}</div>
        <div className="ig-sub ig-mono" title={event.id}>
          {event.id}
          {event.livemode ? '' : ' · test'}
        </div>
      </td>
      <td>
        <span className="state-dot ig-dot" data-tone={words.tone}>
          {words.label}
        </span>
        {event.detail && <div className="ig-sub">{event.detail}</div>}
      </td>
      <td className="ig-when" title={received.title}>
        {received.text}
      </td>
    </tr>
  );
}

function PaymentsPanel({ now }: { now: number }) {
  const purchases = useIntegrations((state) => state.purchases);
  const events = useIntegrations((state) => state.events);
  const error = useIntegrations((state) => state.paymentsError);
  const seats = (purchases ?? [])
    .filter((purchase) => purchase.kind === 'seats' && purchase.status === 'paid')
    .reduce((sum, purchase) => sum + (purchase.seats ?? 0), 0);
  const warnings = (events ?? []).filter((event) => outcomeWords(event.outcome).tone === 'warn');
  return (
    <section className="panel ig-panel" aria-labelledby="ig-payments-title">
      <header className="panel-header">
        <h3 id="ig-payments-title" className="panel-title">
          Payments
        </h3>
        <span className="ig-sub">
          {purchases === null ? 'Stripe' : `Stripe · ${seats} seats paid for`}
        </span>
      </header>
      {error !== null ? (
        <p className="ig-empty" role="alert">
          {offlineOr(error, 'Payments')}
        </p>
      ) : purchases === null || events === null ? null : (
        <>
          {warnings.length > 0 && (
            <p className="ig-warning" role="status">
              {warnings.length === 1 ? 'One event' : `${warnings.length} events`} granted nothing:
              check them in Stripe’s dashboard in case a payment was taken.
            </p>
          )}
          <h4 className="ig-subtitle">Purchases</h4>
          {purchases.length === 0 ? (
            <p className="ig-empty">
              No purchases yet. Checkouts appear here once Stripe confirms them.
            </p>
          ) : (
            <table className="screen-table ig-table ig-purchases" aria-label="Purchases">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">Buyer</th>
                  <th scope="col" className="ig-num">
                    Amount
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">Paid</th>
                </tr>
              </thead>
              <tbody>
                {purchases.map((purchase) => (
                  <PurchaseRow key={purchase.id} purchase={purchase} now={now} />
                ))}
              </tbody>
            </table>
          )}
          <h4 className="ig-subtitle">Webhook events</h4>
          {events.length === 0 ? (
            <p className="ig-empty">No events from Stripe yet.</p>
          ) : (
            <table className="screen-table ig-table ig-events" aria-label="Stripe events">
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">What it did</th>
                  <th scope="col">Received</th>
                </tr>
              </thead>
              <tbody>
                {events.map((event) => (
                  <EventRow key={event.id} event={event} now={now} />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

const load = () => {
  void useIntegrations.getState().load();
  void useProducts.getState().load();
};

export default function IntegrationsView() {
  const now = useNow(30_000);
  useLoadPerSession(load);
  return (
    <section className="screen" aria-labelledby="ig-title">
      <header className="screen-header">
        <h2 id="ig-title" className="screen-title">
          Integrations
        </h2>
        <button type="button" className="button button-small" onClick={load}>
          Refresh
        </button>
      </header>
      <AalNotice />
      <div className="screen-scroll ig-columns">
        <EmailPanel now={now} />
        <div className="ig-stack">
          <ProductsPanel />
          <PaymentsPanel now={now} />
        </div>
      </div>
    </section>
  );
}
