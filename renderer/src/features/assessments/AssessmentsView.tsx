// Assessments: the person's own assigned ones, or one run with the lead on the call. Scored by the server.
import { useEffect, useState } from 'react';
import { core } from '../../app/client';
import { useKey } from '../../app/keys';
import { formatOnLeadClock, relativeTime, useNow } from '../../app/lead-clock';
import { useSignedInUser } from '../../app/session';
import { useWorkspace } from '../../app/workspace';
import { AssessmentRun } from './AssessmentRun';
import {
  formatPrice,
  openPaidLabel,
  useAssessments,
  type AssessmentSummary,
} from './assessments-store';
import { ServerNeeded } from './ServerNeeded';
import './assessments.css';

const GROUP = 'Assessments';

/** The open lead's name, to say whom an assessment would be run with. */
function useOpenLeadName(leadId: string | null): string | null {
  const [name, setName] = useState<{ id: string; name: string } | null>(null);
  useEffect(() => {
    if (leadId === null) return;
    let live = true;
    void core()
      .leads.get({ lead_id: leadId })
      .then((answer) => {
        if (live && answer.success) setName({ id: leadId, name: answer.data.lead.name });
      });
    return () => {
      live = false;
    };
  }, [leadId]);
  return name !== null && name.id === leadId ? name.name : null;
}

export function AssessmentsView() {
  const me = useSignedInUser();
  const list = useAssessments((s) => s.list);
  const listError = useAssessments((s) => s.listError);
  const loadingList = useAssessments((s) => s.loadingList);
  const selected = useAssessments((s) => s.selected);
  const run = useAssessments((s) => s.run);
  const starting = useAssessments((s) => s.starting);
  const buying = useAssessments((s) => s.buying);
  const awaitingPayment = useAssessments((s) => s.awaitingPayment);
  const actionError = useAssessments((s) => s.actionError);
  const openLeadId = useWorkspace((s) => s.openLeadId);
  const leadName = useOpenLeadName(openLeadId);
  const [withLead, setWithLead] = useState(true);
  const now = useNow(60_000);
  const leadForRun = withLead ? openLeadId : null;

  useEffect(() => {
    void useAssessments.getState().load();
  }, []);
  usePurchaseReturn();

  const items = list ?? [];
  const current = items[selected];
  const listing = run === null;
  const move = (by: number): void => useAssessments.getState().select(selected + by);
  useKey({ key: 'j', description: 'Next assessment', group: GROUP }, () => move(1), listing);
  useKey({ key: 'k', description: 'Previous assessment', group: GROUP }, () => move(-1), listing);
  useKey(
    { key: 'Enter', description: 'Start the highlighted assessment', group: GROUP },
    () => {
      if (current !== undefined)
        void useAssessments.getState().start(current.assessment_id, leadForRun);
    },
    listing,
  );

  if (run !== null)
    return <AssessmentRun run={run} leadName={run.leadId === null ? null : leadName} />;

  return (
    <section className="as-view" aria-labelledby="as-title">
      <header className="as-header">
        <h2 id="as-title" className="as-title">
          Assessments
        </h2>
        {openLeadId !== null ? (
          <label className="as-with-lead">
            <input
              type="checkbox"
              checked={withLead}
              onChange={(event) => setWithLead(event.target.checked)}
            />
            Run with the open lead{leadName !== null ? `: ${leadName}` : ''}
          </label>
        ) : (
          <span className="as-faint">
            Open a lead first to run an assessment with them on the call.
          </span>
        )}
      </header>
      {actionError !== null ? <ServerNeeded error={actionError} /> : null}
      {listError !== null ? (
        <ServerNeeded error={listError} onRetry={() => void useAssessments.getState().load()} />
      ) : null}
      {list === null && listError === null ? (
        <p className="as-faint as-pad">
          {loadingList ? 'Asking the server for your assessments…' : ''}
        </p>
      ) : null}
      {list !== null && items.length === 0 ? (
        <div className="as-empty">
          <p className="as-empty-title">No assessments for you</p>
          <p className="as-faint">When an admin assigns one to you, it shows here.</p>
        </div>
      ) : null}
      <ul className="as-list" role="listbox" aria-label="Assessments">
        {items.map((item, index) => (
          <AssessmentItem
            key={item.assessment_id}
            item={item}
            selected={index === selected}
            starting={starting === item.assessment_id}
            buying={buying === item.assessment_id}
            awaitingPayment={awaitingPayment.includes(item.assessment_id)}
            role={me?.role}
            now={now}
            onSelect={() => useAssessments.getState().select(index)}
            onStart={() => void useAssessments.getState().start(item.assessment_id, leadForRun)}
            onBuy={() => void useAssessments.getState().buy(item.assessment_id)}
          />
        ))}
      </ul>
    </section>
  );
}

/**
 * The purchase lands through Stripe's webhook while the person is in their browser: when they come
 * back to the app (focus, or the tab shown again) the list is asked again, only while one is awaited.
 */
function usePurchaseReturn(): void {
  useEffect(() => {
    const refresh = (): void => {
      if (document.visibilityState === 'visible')
        void useAssessments.getState().refreshIfAwaiting();
    };
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', refresh);
    return () => {
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', refresh);
    };
  }, []);
}

interface AssessmentItemProps {
  readonly item: AssessmentSummary;
  readonly selected: boolean;
  readonly starting: boolean;
  readonly buying: boolean;
  readonly awaitingPayment: boolean;
  /** The signed-in person's role: staff take paid assessments without buying them. */
  readonly role: string | undefined;
  readonly now: number;
  readonly onSelect: () => void;
  readonly onStart: () => void;
  readonly onBuy: () => void;
}

/** A locked paid assessment's action: Buy at its price, or why it cannot be bought. */
function BuyAction({
  item,
  buying,
  onBuy,
}: Pick<AssessmentItemProps, 'item' | 'buying' | 'onBuy'>) {
  if (item.price === null || !item.price.on_sale) {
    return <span className="as-faint as-not-sold">Not on sale: ask an admin</span>;
  }
  const price = formatPrice(item.price);
  return (
    <button
      type="button"
      className="button button-primary as-buy"
      aria-label={`Buy ${item.title} for ${price}`}
      disabled={buying}
      onClick={(event) => {
        event.stopPropagation();
        onBuy();
      }}
    >
      {buying ? 'Opening checkout…' : `Buy · ${price}`}
    </button>
  );
}

function AssessmentItem({
  item,
  selected,
  starting,
  buying,
  awaitingPayment,
  role,
  now,
  onSelect,
  onStart,
  onBuy,
}: AssessmentItemProps) {
  const due = item.due_at === null ? null : Date.parse(item.due_at);
  const done = item.assignment_status === 'completed';
  const openLabel = openPaidLabel(item, role);
  return (
    <li
      role="option"
      aria-selected={selected}
      className={`list-row as-item${selected ? ' is-selected' : ''}`}
      data-assessment-id={item.assessment_id}
      onClick={onSelect}
    >
      <div className="as-item-main">
        <span className="as-item-title">{item.title}</span>
        {item.description !== '' ? <span className="as-item-desc">{item.description}</span> : null}
      </div>
      <div className="as-item-meta">
        {done ? <span className="as-tag as-tag-ok">Completed</span> : null}
        {item.locked ? <span className="as-tag as-tag-paid">Paid</span> : null}
        {item.locked && awaitingPayment ? (
          <span className="as-faint" role="status">
            Waiting for the payment to arrive
          </span>
        ) : null}
        {openLabel !== null ? <span className="as-tag as-tag-ok">{openLabel}</span> : null}
        {item.assignment_id === null ? <span className="as-tag">Run with a lead</span> : null}
        {due !== null && !done ? (
          <span
            className={due < now ? 'as-due is-late' : 'as-due'}
            title={formatOnLeadClock(due, null)}
          >
            due {relativeTime(due, now)}
          </span>
        ) : null}
      </div>
      {item.locked ? (
        <BuyAction item={item} buying={buying} onBuy={onBuy} />
      ) : (
        <button
          type="button"
          className="button button-primary"
          aria-label={`Start ${item.title}`}
          disabled={starting}
          onClick={(event) => {
            event.stopPropagation();
            onStart();
          }}
        >
          {starting ? 'Starting…' : 'Start'}
        </button>
      )}
    </li>
  );
}
