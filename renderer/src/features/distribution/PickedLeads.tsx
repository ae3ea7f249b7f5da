// The leads the filter picks, in the order a distribution takes them; chosen ones can be moved to one
// telecaller or back to the unassigned pool.
import type { ManagedLead, Telecaller } from './distribution-store';
import { personName } from './Recipients';

const POOL = '';

export function PickedLeads({
  leads,
  total,
  excludesChosen,
  telecallers,
  selected,
  moveTo,
  moving,
  onToggle,
  onSelectShown,
  onMoveTo,
  onMove,
}: {
  readonly leads: readonly ManagedLead[];
  readonly total: number;
  /** Telecallers are chosen above, so their own leads are not in the list. */
  readonly excludesChosen: boolean;
  readonly telecallers: readonly Telecaller[];
  readonly selected: ReadonlySet<string>;
  readonly moveTo: string | null;
  readonly moving: boolean;
  readonly onToggle: (id: string) => void;
  readonly onSelectShown: (all: boolean) => void;
  readonly onMoveTo: (email: string | null) => void;
  readonly onMove: () => void;
}) {
  const holders = new Map(telecallers.map((person) => [person.id, personName(person)]));
  const allShown = leads.length > 0 && leads.every((lead) => selected.has(lead.id));
  return (
    <div className="ds-picked">
      <div className="ds-move" role="group" aria-label="Reassign">
        <label className="ds-check">
          <input
            type="checkbox"
            aria-label="Select every listed lead"
            checked={allShown}
            disabled={leads.length === 0}
            onChange={(event) => onSelectShown(event.currentTarget.checked)}
          />
          <span className="ds-faint">
            {selected.size > 0 ? `${selected.size} selected` : 'Select leads to move them'}
          </span>
        </label>
        <span className="ds-spacer" />
        <select
          className="input ds-input ds-select"
          aria-label="Move the selected leads to"
          value={moveTo ?? POOL}
          onChange={(event) =>
            onMoveTo(event.currentTarget.value === POOL ? null : event.currentTarget.value)
          }
        >
          <option value={POOL}>Unassigned pool</option>
          {telecallers.map((person) => (
            <option key={person.id} value={person.email}>
              {personName(person)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          disabled={selected.size === 0 || moving}
          onClick={onMove}
        >
          {moving ? 'Moving…' : `Move ${selected.size || ''} lead${selected.size === 1 ? '' : 's'}`}
        </button>
      </div>
      {leads.length === 0 ? (
        <p className="ds-empty">No lead matches this filter.</p>
      ) : (
        <ul className="ds-leads" aria-label="Picked leads">
          {leads.map((lead) => (
            <li
              key={lead.id}
              className={
                selected.has(lead.id) ? 'list-row ds-lead is-selected' : 'list-row ds-lead'
              }
              data-lead-id={lead.id}
            >
              <label className="ds-lead-label">
                <input
                  type="checkbox"
                  aria-label={`Select ${lead.name}`}
                  checked={selected.has(lead.id)}
                  onChange={() => onToggle(lead.id)}
                />
                <span className="ds-lead-name">{lead.name}</span>
                <span className="ds-lead-phone">{lead.phone_e164}</span>
                <span className="ds-lead-meta">
                  {lead.status}
                  {lead.source === null ? '' : ` · ${lead.source}`}
                  {lead.time_zone === null ? '' : ` · ${lead.time_zone}`}
                </span>
                <span className="ds-lead-holder">
                  {lead.assigned_to === null
                    ? 'unassigned'
                    : (holders.get(lead.assigned_to) ?? 'someone else')}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <p className="ds-faint ds-more">
        {total > leads.length
          ? `The first ${leads.length} of ${total.toLocaleString()}, in the order a distribution takes them. `
          : ''}
        {excludesChosen ? 'Leads the chosen telecallers hold already are left out.' : ''}
      </p>
    </div>
  );
}
