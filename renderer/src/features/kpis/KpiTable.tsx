// The telecallers of the report, busiest first, each figure with a small bar against the best of the
// floor; picking a name focuses the screen's tiles and charts on that person (picking again lets go).
import type { KpiReport } from '../../../../src/contract/operations/kpis';
import { contactRate, conversionRate, percentText, personName, talkTimeText } from './kpi-figures';
import { useKpis } from './kpis-store';

type Person = KpiReport['people'][number];

function Bar({ share, tone }: { readonly share: number | null; readonly tone: 'accent' | 'ok' }) {
  return (
    <span className="kpi-bar" data-tone={tone} aria-hidden="true">
      <span style={{ width: `${Math.round((share ?? 0) * 100)}%` }} />
    </span>
  );
}

interface KpiTableProps {
  /** In table order. */
  readonly people: readonly Person[];
  readonly focus: string | null;
}

export function KpiTable({ people, focus }: KpiTableProps) {
  const mostCalls = Math.max(1, ...people.map((person) => person.totals.calls));
  return (
    <section className="kpi-panel kpi-table-panel" aria-label="Telecallers">
      <h3 className="kpi-panel-title">Telecallers</h3>
      {people.length === 0 ? (
        <p className="kpi-empty">No telecallers yet.</p>
      ) : (
        <table className="kpi-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Calls</th>
              <th scope="col">Contact rate</th>
              <th scope="col">Conversion</th>
              <th scope="col" className="kpi-fig">
                Talk time
              </th>
              <th scope="col" className="kpi-fig">
                Callbacks kept / missed
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => {
              const { totals } = person;
              const focused = person.user_id === focus;
              const rate = contactRate(totals);
              return (
                <tr
                  key={person.user_id}
                  data-user-id={person.user_id}
                  className={focused ? 'is-focused' : undefined}
                  onClick={() => useKpis.getState().toggleFocus(person.user_id)}
                >
                  <th scope="row">
                    <button
                      type="button"
                      className="kpi-person"
                      title={personName(person)}
                      aria-pressed={focused}
                      onClick={(event) => {
                        // The row's own click does the toggling; this button gives it a name and a key.
                        event.stopPropagation();
                        useKpis.getState().toggleFocus(person.user_id);
                      }}
                    >
                      {personName(person)}
                    </button>
                    {person.role !== 'telecaller' && (
                      <span className="kpi-role">{person.role}</span>
                    )}
                  </th>
                  <td>
                    <span className="kpi-num">{totals.calls}</span>
                    <Bar share={totals.calls / mostCalls} tone="accent" />
                  </td>
                  <td>
                    <span className="kpi-num">{percentText(rate)}</span>
                    <Bar share={rate} tone="ok" />
                  </td>
                  <td>
                    <span className="kpi-num">{percentText(conversionRate(totals))}</span>
                    {totals.conversions > 0 && (
                      <span className="kpi-faint">
                        {' · '}
                        {totals.conversions} {totals.conversions === 1 ? 'sale' : 'sales'}
                      </span>
                    )}
                  </td>
                  <td className="kpi-fig">{talkTimeText(totals.talk_seconds)}</td>
                  <td className="kpi-fig">
                    {totals.callbacks_kept}
                    <span className="kpi-faint"> / </span>
                    <span data-missed={totals.callbacks_missed > 0 || undefined}>
                      {totals.callbacks_missed}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
