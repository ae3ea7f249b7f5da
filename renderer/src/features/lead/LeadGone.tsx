// The open lead left this person's list (a manager reassigned it, or it was removed): say so, keep the notes.
import { core } from '../../app/client';
import { useKey } from '../../app/keys';
import { useWorkspace } from '../../app/workspace';
import { useLead } from './lead-store';

async function openNextLead(leadId: string): Promise<void> {
  const answer = await core().leads.queue({ limit: 2 });
  const next = answer.success
    ? answer.data.entries.find((entry) => entry.lead.id !== leadId)
    : undefined;
  useWorkspace.getState().openLead(next?.lead.id ?? null);
}

interface LeadGoneProps {
  readonly leadId: string;
  readonly name: string | null;
}

export function LeadGone({ leadId, name }: LeadGoneProps) {
  const draft = useLead((s) => s.drafts[leadId] ?? '');

  useKey({ key: 'Enter', description: 'Open the next lead', group: 'Lead' }, () => {
    void openNextLead(leadId);
  });

  return (
    <div className="lc-gone" role="alert">
      <h2 className="lc-gone-title">{name ?? 'This lead'} is no longer yours</h2>
      <p className="lc-gone-body">
        It was reassigned to someone else or removed, so it has left your queue. Anything you
        already logged on it is kept and still syncs.
      </p>
      {draft.trim() !== '' ? (
        <label className="lc-notes">
          <span className="lc-notes-label">Your unsaved notes (copy them if you need them)</span>
          <textarea className="lc-notes-input" readOnly value={draft} rows={4} />
        </label>
      ) : null}
      <div>
        <button
          type="button"
          className="button button-primary"
          aria-label="Open the next lead"
          onClick={() => void openNextLead(leadId)}
        >
          Open the next lead <kbd className="lc-kbd lc-kbd-inverted">Enter</kbd>
        </button>
      </div>
    </div>
  );
}
