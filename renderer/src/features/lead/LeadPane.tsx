// The lead card: everything for the current call on one screen (VICIdial's agent screen), keyboard first.
import { useCallback, useEffect } from 'react';
import type { EventPayload } from '../../../../src/contract/events';
import { useCoreEvent } from '../../app/client';
import { useNow } from '../../app/lead-clock';
import { useWorkspace } from '../../app/workspace';
import { useCallFlow } from './call-flow';
import { CallBar } from './CallBar';
import { DispositionPad } from './DispositionPad';
import { LeadDetails } from './LeadDetails';
import { LeadHeader } from './LeadHeader';
import { LeadHistory } from './LeadHistory';
import { useLead } from './lead-store';
import { LeadGone } from './LeadGone';
import { NotesBox } from './NotesBox';
import { WrapUpBanner } from './WrapUpBanner';
import './lead.css';

const CARD_TABLES = new Set(['leads', 'interactions', 'callbacks']);

export function LeadPane() {
  const openLeadId = useWorkspace((s) => s.openLeadId);
  const card = useLead((s) => s.card);
  const gone = useLead((s) => s.gone);
  const loadError = useLead((s) => s.loadError);
  const actionError = useLead((s) => s.actionError);
  const now = useNow();

  useEffect(() => {
    useLead.getState().open(openLeadId);
    useCallFlow.getState().leadOpened(openLeadId);
  }, [openLeadId]);

  useEffect(() => {
    void useLead.getState().loadDispositions();
  }, []);

  const onCacheChanged = useCallback((change: EventPayload<'cache:changed'>) => {
    const { leadId } = useLead.getState();
    if (change.tables.includes('dispositions')) void useLead.getState().loadDispositions();
    if (leadId === null || !change.tables.some((table) => CARD_TABLES.has(table))) return;
    if (change.lead_ids === null || change.lead_ids.includes(leadId)) {
      void useLead.getState().reload();
    }
  }, []);
  useCoreEvent('cache:changed', onCacheChanged);

  if (openLeadId === null) {
    return (
      <section className="lc-pane lc-empty" aria-label="Lead">
        <div className="lc-empty-inner">
          <p className="lc-empty-title">No lead open</p>
          <p className="lc-empty-body">
            Pick a lead in the queue, or press <kbd className="lc-kbd">Enter</kbd> to open the
            highlighted one. <kbd className="lc-kbd">J</kbd> <kbd className="lc-kbd">K</kbd> move,{' '}
            <kbd className="lc-kbd">/</kbd> searches, <kbd className="lc-kbd">?</kbd> lists every
            key.
          </p>
        </div>
      </section>
    );
  }

  if (gone) {
    return (
      <section className="lc-pane" aria-label="Lead" data-lead-id={openLeadId}>
        <LeadGone leadId={openLeadId} name={card?.lead.name ?? null} />
      </section>
    );
  }

  if (card === null || card.lead.id !== openLeadId) {
    return (
      <section className="lc-pane" aria-label="Lead" data-lead-id={openLeadId} aria-busy="true">
        {loadError !== null ? (
          <p className="lc-error" role="alert">
            {loadError.message}
          </p>
        ) : null}
      </section>
    );
  }

  return (
    <section
      className="lc-pane"
      aria-label="Lead"
      data-lead-id={card.lead.id}
      data-status={card.lead.status}
    >
      <LeadHeader card={card} now={now} />
      <div className="lc-body">
        <div className="lc-main">
          <div className="lc-work">
            <CallBar card={card} now={now} />
            <WrapUpBanner leadId={card.lead.id} />
            <NotesBox leadId={card.lead.id} />
            {actionError !== null ? (
              <div className="lc-error" role="alert">
                <strong>{actionError.code.replace(/_/g, ' ').toLowerCase()}</strong>
                <span>{actionError.message}</span>
                <button
                  type="button"
                  className="lc-link"
                  onClick={() => useLead.getState().clearError()}
                >
                  Dismiss
                </button>
              </div>
            ) : null}
            <DispositionPad card={card} now={now} />
          </div>
          <LeadDetails card={card} now={now} />
        </div>
        <LeadHistory card={card} now={now} />
      </div>
    </section>
  );
}
