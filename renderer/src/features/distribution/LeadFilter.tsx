// Which leads: statuses, sources, unassigned only, age, time zones and a limit. Every change asks the
// server again for the count, so the number beside the button is what a distribution would take.
import { LEAD_STATUSES } from '../../../../src/domain/lead';
import type { LeadFilterForm } from './distribution-plan';

export function LeadFilter({
  filter,
  onChange,
}: {
  readonly filter: LeadFilterForm;
  readonly onChange: (patch: Partial<LeadFilterForm>) => void;
}) {
  return (
    <fieldset className="ds-filter">
      <legend className="ds-legend">Which leads</legend>
      <div className="ds-statuses" role="group" aria-label="Statuses">
        {LEAD_STATUSES.map((status) => (
          <label key={status} className="ds-check">
            <input
              type="checkbox"
              checked={filter.statuses.includes(status)}
              onChange={(event) =>
                onChange({
                  statuses: event.currentTarget.checked
                    ? [...filter.statuses, status]
                    : filter.statuses.filter((each) => each !== status),
                })
              }
            />
            {status}
          </label>
        ))}
      </div>
      <label className="ds-check ds-unassigned">
        <input
          type="checkbox"
          checked={filter.unassigned}
          onChange={(event) => onChange({ unassigned: event.currentTarget.checked })}
        />
        Unassigned only
      </label>
      <div className="ds-fields">
        <label className="ds-field">
          <span>Sources</span>
          <input
            className="ds-input"
            placeholder="any (comma-separated)"
            value={filter.sources}
            onChange={(event) => onChange({ sources: event.currentTarget.value })}
          />
        </label>
        <label className="ds-field">
          <span>Time zones</span>
          <input
            className="ds-input"
            placeholder="any, e.g. Asia/Kolkata"
            value={filter.timeZones}
            onChange={(event) => onChange({ timeZones: event.currentTarget.value })}
          />
        </label>
        <label className="ds-field ds-field-short">
          <span>Older than (days)</span>
          <input
            className="ds-input"
            inputMode="numeric"
            placeholder="any"
            value={filter.olderThanDays}
            onChange={(event) => onChange({ olderThanDays: event.currentTarget.value })}
          />
        </label>
        <label className="ds-field ds-field-short">
          <span>At most</span>
          <input
            className="ds-input"
            inputMode="numeric"
            placeholder="all"
            value={filter.limit}
            onChange={(event) => onChange({ limit: event.currentTarget.value })}
          />
        </label>
      </div>
    </fieldset>
  );
}
