// What a check or an apply found: the counts, then every refused line with its number and reason.
import type { LeadImportReport } from '../../../../src/domain/lead-import-run';

/** Rows drawn at once; the download holds every refused line. */
const SHOWN_REFUSALS = 1000;

const COUNTS = [
  ['inserted', 'New leads'],
  ['merged', 'Merged'],
  ['unchanged', 'Already there'],
  ['duplicate_in_file', 'Duplicate in file'],
  ['dnc', 'Do not call'],
  ['invalid', 'Invalid'],
] as const;

const KIND_WORDS = {
  invalid: 'Invalid',
  duplicate_in_file: 'Duplicate',
  dnc: 'Do not call',
} as const;

/** A reason as a sentence: the domain's code prefix ("PHONE_TOO_SHORT: ...") goes to the tooltip. */
function readableReason(reason: string): { readonly text: string; readonly code: string | null } {
  const coded = /^([A-Z][A-Z0-9_]+): (.+)$/.exec(reason);
  const text = coded?.[2] ?? reason;
  return { text: text.charAt(0).toUpperCase() + text.slice(1), code: coded?.[1] ?? null };
}

export function ImportReport({ report }: { readonly report: LeadImportReport }) {
  const shown = report.refused.slice(0, SHOWN_REFUSALS);
  return (
    <div className="im-report" aria-label="Import report" data-dry-run={report.dry_run}>
      <dl className="im-counts">
        {COUNTS.map(([key, label]) => (
          <div
            key={key}
            className={`im-count im-count-${key}${report[key] === 0 ? ' is-zero' : ''}`}
            data-count={key}
          >
            <dt>{label}</dt>
            <dd>{report[key].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      {report.refused.length === 0 ? (
        <p className="im-all-good">Every row of the file can be imported.</p>
      ) : (
        <div className="im-refused-scroll">
          <table className="im-refused" aria-label="Refused lines">
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Why</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((refusal) => {
                const reason = readableReason(refusal.reason);
                return (
                  <tr key={refusal.line} data-line={refusal.line} data-kind={refusal.kind}>
                    <td className="im-line">{refusal.line}</td>
                    <td>
                      <span className={`im-kind im-kind-${refusal.kind}`}>
                        {KIND_WORDS[refusal.kind]}
                      </span>
                    </td>
                    <td className="im-reason" title={reason.code ?? undefined}>
                      {reason.text}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {report.refused.length > shown.length ? (
            <p className="im-faint im-more">
              And {(report.refused.length - shown.length).toLocaleString()} more lines: download the
              refused rows for all of them.
            </p>
          ) : null}
        </div>
      )}
    </div>
  );
}
