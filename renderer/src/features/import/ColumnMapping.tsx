// The mapping step: each column of the file, what it fills (guessed from its header, changeable), and
// its first values; with the country national numbers are read in.
import { useMemo } from 'react';
import {
  LEAD_IMPORT_FIELDS,
  REQUIRED_IMPORT_FIELDS,
  type ColumnMapping as Mapping,
  type LeadImportField,
} from '../../../../src/domain/lead-import';
import { countryOptions, fieldOfColumn, type CsvPreview } from './import-file';

export const FIELD_LABELS: Readonly<Record<LeadImportField, string>> = {
  name: 'Name',
  phone: 'Phone',
  email: 'Email',
  company: 'Company',
  source: 'Source',
  time_zone: 'Time zone',
  country: 'Country',
};

const IGNORE = '';

export function ColumnMapping({
  preview,
  mapping,
  country,
  disabled,
  onColumn,
  onCountry,
}: {
  readonly preview: CsvPreview;
  readonly mapping: Mapping;
  readonly country: string;
  readonly disabled: boolean;
  readonly onColumn: (header: string, field: LeadImportField | null) => void;
  readonly onCountry: (country: string) => void;
}) {
  const locale = globalThis.navigator?.language ?? 'en';
  const countries = useMemo(() => countryOptions(locale), [locale]);
  return (
    <div className="im-mapping">
      <label className="im-country">
        <span>Phones without a country code are in</span>
        <select
          className="im-select"
          aria-label="Default country for phones"
          value={country}
          disabled={disabled}
          onChange={(event) => onCountry(event.currentTarget.value)}
        >
          {countries.map((option) => (
            <option key={option.code} value={option.code}>
              {option.name} ({option.code})
            </option>
          ))}
        </select>
      </label>
      <table className="im-columns" aria-label="Column mapping">
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">Imports as</th>
            <th scope="col">First rows</th>
          </tr>
        </thead>
        <tbody>
          {preview.headers.map((header, index) => {
            const field = fieldOfColumn(mapping, header);
            return (
              <tr key={`${index}:${header}`} className={field === null ? 'is-ignored' : undefined}>
                <th scope="row" className="im-column-name">
                  {header === '' ? <em>(no header)</em> : header}
                </th>
                <td>
                  <select
                    className="im-select"
                    aria-label={`Column ${header}`}
                    value={field ?? IGNORE}
                    disabled={disabled}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      onColumn(header, value === IGNORE ? null : (value as LeadImportField));
                    }}
                  >
                    <option value={IGNORE}>Ignore</option>
                    {LEAD_IMPORT_FIELDS.map((each) => (
                      <option key={each} value={each}>
                        {FIELD_LABELS[each]}
                        {REQUIRED_IMPORT_FIELDS.includes(each) ? ' (required)' : ''}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="im-samples">
                  {preview.rows
                    .map((row) => row[index]?.trim() ?? '')
                    .filter((value) => value !== '')
                    .join(' · ') || <span className="im-faint">empty</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
