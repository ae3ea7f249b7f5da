// The sync view: the health figures in full, writes the server refused (retry or dismiss each), and the
// conflicts it logged. Nothing is ever dropped silently (DESIGN.md section 6); this is where it shows.
import { useEffect, useState } from 'react';
import type { DeadLetter, SyncConflict } from '../../../../src/contract/operations/sync';
import { useKey } from '../../app/keys';
import { useSignedInUser } from '../../app/session';
import { useSyncHealth } from '../../app/sync-health';
import { ageOf, agoPhrase, syncHeadline, syncStateOf } from '../../app/sync-summary';
import { useNow } from '../../app/lead-clock';
import { useWorkspace } from '../../app/workspace';
import { Kbd } from '../../ui/Kbd';
import { CONFLICT_KIND_LABELS, intentExcerpt, intentTitle, jsonPhrase } from './dead-letter-words';
import { SYNC_NOW_BINDING } from './SyncStatus';
import { useSyncView } from './sync-store';
import '../../ui/screen.css';
import './sync-view.css';

const GROUP = 'Sync';

function openLead(leadId: string): void {
  const workspace = useWorkspace.getState();
  workspace.openLead(leadId);
  workspace.showView('queue');
}

function LeadLink({ leadId }: { readonly leadId: string | null }) {
  const name = useSyncView((state) => (leadId === null ? null : state.leadNames[leadId]));
  // undefined: still being looked up; null: the lead left this person's cache (reassigned).
  if (leadId === null || name === undefined) return null;
  if (name === null) {
    return <span className="sv-lead sv-lead-gone">a lead no longer yours</span>;
  }
  return (
    <button type="button" className="sv-lead" onClick={() => openLead(leadId)}>
      {name}
    </button>
  );
}

interface DeadLetterItemProps {
  readonly letter: DeadLetter;
  readonly selected: boolean;
  readonly now: number;
  readonly onSelect: () => void;
}

function DeadLetterItem({ letter, selected, now, onSelect }: DeadLetterItemProps) {
  const settling = useSyncView((state) => state.settling === letter.seq);
  const excerpt = intentExcerpt(letter.intent);
  return (
    <li className="sv-item" data-selected={selected || undefined} onClick={onSelect}>
      <div className="sv-item-head">
        <span className="sv-item-title">{intentTitle(letter.intent)}</span>
        <LeadLink leadId={letter.lead_id} />
        <span className="sv-item-when">refused {agoPhrase(letter.failed_at, now)}</span>
      </div>
      <p className="sv-reason">
        <span className="sv-code">{letter.code}</span>
        {letter.message}
      </p>
      {excerpt !== null && <p className="sv-excerpt">“{excerpt}”</p>}
      <div className="sv-actions">
        {letter.status === 'rejected' ? (
          <button
            type="button"
            className="button button-small"
            disabled={settling}
            aria-keyshortcuts={selected ? 'R' : undefined}
            onClick={() => void useSyncView.getState().retry(letter.seq)}
          >
            Retry
          </button>
        ) : (
          <span className="sv-hint">A conflict is settled on the lead, not retried.</span>
        )}
        <button
          type="button"
          className="button button-small"
          disabled={settling}
          aria-keyshortcuts={selected ? 'X' : undefined}
          onClick={() => void useSyncView.getState().dismiss(letter.seq)}
        >
          Dismiss
        </button>
      </div>
    </li>
  );
}

/** Only a contact field's value can be put back; the other kinds are kept (seen and closed). */
function restorable(conflict: SyncConflict): boolean {
  return conflict.kind === 'field_conflict' && conflict.lead_id !== null;
}

function ConflictItem({
  conflict,
  now,
  canSettle,
}: {
  readonly conflict: SyncConflict;
  readonly now: number;
  /** Managers and admins settle conflicts; the server refuses anyone else. */
  readonly canSettle: boolean;
}) {
  const settling = useSyncView((state) => state.settlingConflict === conflict.id);
  const settle = (settlement: 'kept' | 'restored'): void =>
    void useSyncView.getState().settleConflict(conflict.id, settlement);
  return (
    <li
      className="sv-item sv-conflict"
      data-conflict-id={conflict.id}
      data-settlement={conflict.settlement ?? 'open'}
    >
      <div className="sv-item-head">
        <span className="sv-item-title">{CONFLICT_KIND_LABELS[conflict.kind]}</span>
        <LeadLink leadId={conflict.lead_id} />
        <span className="sv-item-when">{agoPhrase(conflict.occurred_at, now)}</span>
      </div>
      {conflict.field !== null && (
        <p className="sv-compare">
          <span className="sv-field">{conflict.field}</span>
          {canSettle ? 'written' : 'you set'} <strong>{jsonPhrase(conflict.attempted)}</strong>, the
          server had <strong>{jsonPhrase(conflict.server)}</strong>
        </p>
      )}
      {conflict.settlement !== null ? (
        <p className="sv-settled">
          {conflict.settlement === 'restored' ? 'Restored' : 'Kept'}{' '}
          {agoPhrase(conflict.settled_at, now)}
        </p>
      ) : canSettle ? (
        <div className="sv-actions">
          <button
            type="button"
            className="button button-small"
            disabled={settling}
            onClick={() => settle('kept')}
          >
            Keep
          </button>
          {restorable(conflict) && (
            <button
              type="button"
              className="button button-small"
              disabled={settling}
              onClick={() => settle('restored')}
            >
              Restore {jsonPhrase(conflict.server)}
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
}

function Conflicts({ now }: { readonly now: number }) {
  const conflicts = useSyncView((state) => state.conflicts);
  const error = useSyncView((state) => state.conflictsError);
  const role = useSignedInUser()?.role;
  const canSettle = role === 'manager' || role === 'admin';
  const open = conflicts?.filter((conflict) => conflict.settlement === null).length ?? null;
  return (
    <section className="sv-section" aria-labelledby="sv-conflicts-title">
      <h3 id="sv-conflicts-title" className="sv-section-title">
        Conflicts {open !== null && <span className="sv-count">{open} open</span>}
      </h3>
      <p className="sv-section-lede">
        {canSettle
          ? 'Writes on the floor that the server applied otherwise than meant. Keep each, or restore the value a write overwrote.'
          : 'Writes the server applied otherwise than you meant. Your manager sees them too, and settles each.'}
      </p>
      {error !== null ? (
        <p className="sv-empty">
          {error.code === 'OFFLINE'
            ? 'Conflicts are kept on the server: they show here when you are back online.'
            : error.message}
        </p>
      ) : conflicts === null ? null : conflicts.length === 0 ? (
        <p className="sv-empty">No conflicts.</p>
      ) : (
        <ul className="sv-list" aria-label="Conflicts">
          {conflicts.map((conflict) => (
            <ConflictItem key={conflict.id} conflict={conflict} now={now} canSettle={canSettle} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function SyncView() {
  const progress = useSyncHealth((state) => state.progress);
  const syncingNow = useSyncHealth((state) => state.syncingNow);
  const letters = useSyncView((state) => state.deadLetters);
  const lettersError = useSyncView((state) => state.deadLettersError);
  const [selected, setSelected] = useState(0);
  const now = useNow(10_000);
  const deadLetterCount = progress?.dead_letters ?? null;
  const lastPush = progress?.last_push_at ?? null;

  // The status counts refusals; the list follows whenever the count moves.
  useEffect(() => {
    void useSyncView.getState().loadDeadLetters();
  }, [deadLetterCount]);
  // New conflicts can only come from a push.
  useEffect(() => {
    void useSyncView.getState().loadConflicts();
  }, [lastPush]);

  const list = letters ?? [];
  const current = list[Math.min(selected, list.length - 1)];
  const move = (step: number): void =>
    setSelected((at) => Math.max(0, Math.min(list.length - 1, at + step)));

  useKey({ key: 'j', description: 'Next refused write', group: GROUP }, () => move(1));
  useKey({ key: 'k', description: 'Previous refused write', group: GROUP }, () => move(-1));
  useKey({ key: 'r', description: 'Retry the refused write', group: GROUP }, () => {
    if (current?.status === 'rejected') void useSyncView.getState().retry(current.seq);
  });
  useKey({ key: 'x', description: 'Dismiss the refused write', group: GROUP }, () => {
    if (current !== undefined) void useSyncView.getState().dismiss(current.seq);
  });
  useKey({ key: 'Enter', description: 'Open its lead', group: GROUP }, () => {
    if (current?.lead_id) openLead(current.lead_id);
  });

  return (
    <section className="screen" aria-labelledby="sv-title">
      <header className="screen-header">
        <div>
          <h2 id="sv-title" className="screen-title">
            Sync
          </h2>
          {progress !== null && (
            <p className="sv-state" data-state={syncStateOf(progress)}>
              {syncHeadline(progress)}
              {progress.last_error !== null && ` · ${progress.last_error.message}`}
            </p>
          )}
        </div>
        <button
          type="button"
          className="button"
          disabled={syncingNow}
          aria-keyshortcuts="Control+S"
          onClick={() => void useSyncHealth.getState().syncNow()}
        >
          {syncingNow ? 'Syncing…' : 'Sync now'} <Kbd binding={SYNC_NOW_BINDING} />
        </button>
      </header>
      <div className="sv-scroll">
        {progress !== null && (
          <dl className="sv-facts">
            <div>
              <dt>Pending writes</dt>
              <dd>{progress.pending}</dd>
            </div>
            <div>
              <dt>Oldest pending</dt>
              <dd>{ageOf(progress.oldest_pending_at, now) ?? '—'}</dd>
            </div>
            <div>
              <dt>Last sent</dt>
              <dd>{agoPhrase(progress.last_push_at, now)}</dd>
            </div>
            <div>
              <dt>Last received</dt>
              <dd>{agoPhrase(progress.last_pull_at, now)}</dd>
            </div>
            <div data-alert={progress.dead_letters > 0 || undefined}>
              <dt>Refused</dt>
              <dd>{progress.dead_letters}</dd>
            </div>
          </dl>
        )}
        <section className="sv-section" aria-labelledby="sv-refused-title">
          <h3 id="sv-refused-title" className="sv-section-title">
            Refused writes {letters !== null && <span className="sv-count">{letters.length}</span>}
          </h3>
          <p className="sv-section-lede">
            The server refused these. They are kept, not lost: retry once the reason is settled, or
            dismiss them. <Kbd binding={{ key: 'r' }} readable /> retries,{' '}
            <Kbd binding={{ key: 'x' }} readable /> dismisses.
          </p>
          {lettersError !== null ? (
            <p className="sv-empty">{lettersError.message}</p>
          ) : letters === null ? null : letters.length === 0 ? (
            <p className="sv-empty">Nothing refused: every write the server judged was accepted.</p>
          ) : (
            <ul className="sv-list" aria-label="Refused writes">
              {letters.map((letter, index) => (
                <DeadLetterItem
                  key={letter.seq}
                  letter={letter}
                  now={now}
                  selected={letter === current}
                  onSelect={() => setSelected(index)}
                />
              ))}
            </ul>
          )}
        </section>
        <Conflicts now={now} />
      </div>
    </section>
  );
}
