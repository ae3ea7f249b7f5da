// The managers' distribution and reassignment: a filter with the count it picks, the telecallers and
// the mode, a confirmation of who gets how many, then the server's answer.
import { useCallback, useEffect } from 'react';
import { useCoreEvent } from '../../app/client';
import { ConfirmDistribution } from './ConfirmDistribution';
import { LeadFilter } from './LeadFilter';
import { PickedLeads } from './PickedLeads';
import { personName, Recipients } from './Recipients';
import { chosenRecipients, planOf, useDistribution } from './distribution-store';
import '../../ui/screen.css';
import './distribution.css';

export function DistributionPanel() {
  const state = useDistribution();
  const { preview, telecallers, result, moved, problem, actionError } = state;
  const refresh = useDistribution((s) => s.refresh);
  // The result names people as the list above does; an email only for someone no longer listed.
  const resultName = (assignment: { user_id: string; email: string }): string => {
    const person = telecallers?.find((candidate) => candidate.id === assignment.user_id);
    return person === undefined ? assignment.email : personName(person);
  };

  useEffect(() => {
    void refresh();
  }, [refresh]);
  // The pool changes with the manager's own writes and pulls; others' moves are read on the next change.
  useCoreEvent(
    'cache:changed',
    useCallback(() => void refresh(), [refresh]),
  );

  const recipients = chosenRecipients(telecallers ?? [], state.choices);
  const total = preview?.total ?? 0;
  const canDistribute = recipients.length > 0 && total > 0 && problem === null;

  return (
    <section className="panel" aria-labelledby="ds-title">
      <header className="panel-header">
        <h2 id="ds-title" className="panel-title">
          Distribute leads
        </h2>
        <button
          type="button"
          className="button button-quiet button-small"
          onClick={() => void refresh()}
        >
          Refresh
        </button>
      </header>
      <div className="ds-body">
        <LeadFilter filter={state.filter} onChange={state.setFilter} />
        <Recipients
          telecallers={telecallers}
          choices={state.choices}
          mode={state.mode}
          cap={state.cap}
          onChoose={state.choose}
          onWeight={state.setWeight}
          onMode={state.setMode}
          onCap={state.setCap}
        />
        {problem !== null ? (
          <p className="ds-error" role="alert">
            {problem.code === 'FILTER' ? null : (
              <span className="ds-error-code">{problem.code}</span>
            )}{' '}
            {problem.message}
          </p>
        ) : null}
        {actionError !== null && !state.confirming ? (
          <p className="ds-error" role="alert">
            <span className="ds-error-code">{actionError.code}</span> {actionError.message}
          </p>
        ) : null}
        <div className="ds-go">
          <p className="ds-count" aria-live="polite" data-picked={preview?.total ?? ''}>
            {preview === null ? (
              'Counting…'
            ) : (
              <>
                <strong>{total.toLocaleString()}</strong> lead{total === 1 ? '' : 's'} match
                {state.loading ? <span className="ds-faint"> · updating</span> : null}
              </>
            )}
          </p>
          <button
            type="button"
            className="button button-primary"
            disabled={!canDistribute}
            onClick={state.confirm}
          >
            {recipients.length === 0
              ? 'Choose telecallers'
              : `Distribute to ${recipients.length} telecaller${recipients.length === 1 ? '' : 's'}…`}
          </button>
        </div>
        {result !== null ? (
          <div className="ds-result" role="status">
            <p className="ds-result-title">
              Distributed {result.total.toLocaleString()} lead{result.total === 1 ? '' : 's'}
            </p>
            <ul className="ds-result-list" aria-label="Distribution result">
              {result.assignments.map((assignment) => (
                <li
                  key={assignment.user_id}
                  data-email={assignment.email}
                  data-count={assignment.count}
                >
                  <span>{resultName(assignment)}</span>
                  <span className="ds-num">{assignment.count.toLocaleString()}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {moved !== null ? (
          <p className="ds-result ds-result-title" role="status">
            Moved {moved.moved.toLocaleString()} lead{moved.moved === 1 ? '' : 's'}
            {moved.unchanged > 0 ? `; ${moved.unchanged} were there already` : ''}
            {moved.missing.length > 0 ? `; ${moved.missing.length} no longer exist` : ''}.
          </p>
        ) : null}
        {preview !== null ? (
          <PickedLeads
            leads={preview.leads}
            total={preview.total}
            excludesChosen={recipients.length > 0}
            telecallers={telecallers ?? []}
            selected={state.selected}
            moveTo={state.moveTo}
            moving={state.moving}
            onToggle={state.toggleLead}
            onSelectShown={state.selectShown}
            onMoveTo={state.setMoveTo}
            onMove={() => void state.reassign()}
          />
        ) : null}
      </div>
      <ConfirmDistribution
        open={state.confirming}
        plan={planOf(state)}
        mode={state.mode}
        distributing={state.distributing}
        error={state.confirming ? actionError : null}
        onConfirm={() => void state.distribute()}
        onClose={state.closeConfirm}
      />
    </section>
  );
}
