// Which leads: statuses, sources, unassigned only, age, time zones and a limit. Every change asks the
// server again for the count, so the number beside the button is what a distribution would take.
import { LEAD_STATUSES } from '../../../../src/domain/lead';
import type { LeadFilterForm } from './distribution-plan';

/** The typed fields, in order; the short ones take a number. */
const TEXT_FIELDS: readonly {
  readonly key: 'sources' | 'timeZones' | 'olderThanDays' | 'limit';
  readonly label: string;
  readonly placeholder: string;
  readonly short: boolean;
}[] = [
  { key: 'sources', label: 'Sources', placeholder: 'e.g. web, referral', short: false },
  { key: 'timeZones', label: 'Time zones', placeholder: 'any, e.g. Asia/Kolkata', short: false },
  { key: 'olderThanDays', label: 'Older than (days)', placeholder: 'any', short: true },
  { key: 'limit', label: 'At most', placeholder: 'all', short: true },
];

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
        {TEXT_FIELDS.map(({ key, label, placeholder, short }) => (
          <label key={key} className={short ? 'ds-field ds-field-short' : 'ds-field'}>
            <span>{label}</span>
            <input
              className="input ds-input"
              inputMode={short ? 'numeric' : undefined}
              placeholder={placeholder}
              value={filter[key]}
              onChange={(event) => onChange({ [key]: event.currentTarget.value })}
            />
          </label>
        ))}
      </div>
    </fieldset>
  );
}
