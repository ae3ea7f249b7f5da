// The managers' KPI screen: the floor's headline figures for today, the week or the month, calls and
// contact rate over time, and a table of telecallers; picking one focuses the tiles and charts on them.
// The server counts everything (kpis:get); this screen only divides and draws.
import { useCallback, useEffect, useRef } from 'react';
import type { EventPayload } from '../../../../src/contract/events';
import {
  KPI_RANGES,
  type KpiRange,
  type KpiReport,
} from '../../../../src/contract/operations/kpis';
import { useCoreEvent } from '../../app/client';
import { useKey } from '../../app/keys';
import { Kbd } from '../../ui/Kbd';
import {
  bucketLabel,
  contactRate,
  conversionRate,
  keptRate,
  lineOf,
  percentText,
  personName,
  rankedPeople,
  talkTimeText,
} from './kpi-figures';
import { KpiChart } from './KpiChart';
import { useKpis } from './kpis-store';
import { KpiTable } from './KpiTable';
import '../../ui/screen.css';
import './kpis.css';

const GROUP = 'KPIs';
/** Telecallers' calls reach the server without telling this window: look again this often. */
const REFRESH_MS = 60_000;

const RANGE_LABELS: Readonly<Record<KpiRange, { label: string; key: string }>> = {
  today: { label: 'Today', key: 't' },
  week: { label: 'Week', key: 'w' },
  month: { label: 'Month', key: 'm' },
};

function periodText(report: KpiReport): string {
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone: report.time_zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
  const first = day.format(Date.parse(report.from));
  // `to` is the next midnight: the last day shown is the one before it.
  const last = day.format(Date.parse(report.to) - 1);
  return first === last ? first : `${first} – ${last}`;
}

function Tiles({ report, focus }: { readonly report: KpiReport; readonly focus: string | null }) {
  const totals = lineOf(report, focus).totals;
  const perCall =
    totals.calls > 0
      ? `${talkTimeText(Math.round(totals.talk_seconds / totals.calls))} per call`
      : 'no calls yet';
  const judged = totals.callbacks_kept + totals.callbacks_missed;
  const tiles = [
    {
      kpi: 'calls',
      label: 'Calls',
      value: String(totals.calls),
      note: `${totals.contacts} reached a person`,
    },
    {
      kpi: 'contact-rate',
      label: 'Contact rate',
      value: percentText(contactRate(totals)),
      note: `${totals.contacts} of ${totals.calls} ${totals.calls === 1 ? 'call' : 'calls'}`,
    },
    {
      kpi: 'conversion',
      label: 'Conversion',
      value: percentText(conversionRate(totals)),
      note: `${totals.conversions} ${totals.conversions === 1 ? 'sale' : 'sales'} of ${totals.contacts} contacts`,
    },
    {
      kpi: 'talk-time',
      label: 'Talk time',
      value: talkTimeText(totals.talk_seconds),
      note: perCall,
    },
    {
      kpi: 'callbacks',
      label: 'Callbacks kept',
      value: `${totals.callbacks_kept} / ${judged}`,
      note:
        judged === 0
          ? 'none due yet'
          : `${totals.callbacks_missed} missed · ${percentText(keptRate(totals))} kept`,
    },
  ];
  return (
    <dl className="kpi-tiles" aria-label="Headline figures">
      {tiles.map((tile) => (
        <div key={tile.kpi} className="kpi-tile" data-kpi={tile.kpi}>
          <dt className="kpi-tile-label">{tile.label}</dt>
          <dd className="kpi-tile-value">{tile.value}</dd>
          <dd className="kpi-tile-note">{tile.note}</dd>
        </div>
      ))}
    </dl>
  );
}

function Charts({ report, focus }: { readonly report: KpiReport; readonly focus: string | null }) {
  const line = lineOf(report, focus);
  const labels = report.buckets.map((start) => bucketLabel(start, report));
  const per = report.bucket === 'hour' ? 'hour' : 'day';
  const calls = line.series.map((counts) => counts.calls);
  const busiest = calls.reduce(
    (best, value, index) => (value > (calls[best] ?? 0) ? index : best),
    0,
  );
  const callsSummary =
    line.totals.calls === 0
      ? `Calls per ${per}: none in this period.`
      : `Calls per ${per}: ${line.totals.calls} in all, most at ${labels[busiest] ?? ''} (${calls[busiest] ?? 0}).`;
  const rates = line.series.map(contactRate);
  const focusedPerson = report.people.find((person) => person.user_id === focus);
  const name = focusedPerson === undefined ? null : personName(focusedPerson);
  return (
    <div className="kpi-charts">
      <section className="kpi-panel" aria-label={`Calls per ${per}`}>
        <h3 className="kpi-panel-title">Calls per {per}</h3>
        <KpiChart
          summary={callsSummary}
          labels={labels}
          format={(value) => String(Math.round(value))}
          series={[
            { label: 'Calls', color: '--accent', kind: 'bars', values: calls },
            {
              label: 'Contacts',
              color: '--ok',
              kind: 'line',
              values: line.series.map((counts) => counts.contacts),
            },
          ]}
        />
      </section>
      <section className="kpi-panel" aria-label="Contact rate over time">
        <h3 className="kpi-panel-title">Contact rate</h3>
        <KpiChart
          summary={`Contact rate: ${percentText(contactRate(line.totals))} over the period.`}
          labels={labels}
          max={1}
          format={(value) => percentText(value)}
          series={[
            {
              label: name ?? 'Floor',
              color: '--accent',
              kind: 'line',
              values: rates,
            },
            ...(name !== null
              ? [
                  {
                    label: 'Floor',
                    color: '--text-faint',
                    kind: 'line' as const,
                    faint: true,
                    values: report.floor.series.map(contactRate),
                  },
                ]
              : []),
          ]}
        />
      </section>
    </div>
  );
}

export default function KpisView() {
  const range = useKpis((state) => state.range);
  const report = useKpis((state) => state.report);
  const error = useKpis((state) => state.error);
  // Only a switch of range dims the figures: the minute's refresh lands in place without a blink.
  const switching = useKpis((state) => state.loading && state.reportRange !== state.range);
  const focus = useKpis((state) => state.focus);

  useEffect(() => {
    const { load } = useKpis.getState();
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, []);

  // A pull means the server had news for this window; the figures may have moved with it.
  const lastPull = useRef<string | null>(null);
  const onProgress = useCallback((progress: EventPayload<'sync:progress'>) => {
    if (progress.last_pull_at === lastPull.current) return;
    const first = lastPull.current === null;
    lastPull.current = progress.last_pull_at;
    if (!first) void useKpis.getState().load();
  }, []);
  useCoreEvent('sync:progress', onProgress);

  const show = (name: KpiRange) => () => useKpis.getState().setRange(name);
  useKey({ key: 't', description: 'Show today', group: GROUP }, show('today'));
  useKey({ key: 'w', description: 'Show the last 7 days', group: GROUP }, show('week'));
  useKey({ key: 'm', description: 'Show the last 30 days', group: GROUP }, show('month'));
  const people = report === null ? [] : rankedPeople(report);
  const step = (by: number): void => {
    if (people.length === 0) return;
    const at = people.findIndex((person) => person.user_id === focus);
    const next =
      at === -1
        ? by > 0
          ? 0
          : people.length - 1
        : Math.max(0, Math.min(people.length - 1, at + by));
    const person = people[next];
    if (person !== undefined && person.user_id !== focus)
      useKpis.getState().toggleFocus(person.user_id);
  };
  useKey({ key: 'j', description: 'Focus the next telecaller', group: GROUP }, () => step(1));
  useKey({ key: 'k', description: 'Focus the previous telecaller', group: GROUP }, () => step(-1));
  useKey(
    { key: 'Escape', description: 'Back to the whole floor', group: GROUP },
    () => useKpis.getState().toggleFocus(null),
    focus !== null,
  );
  useKey(
    { key: 'r', description: 'Count again', group: GROUP },
    () => void useKpis.getState().load(),
  );

  const focusedPerson = report?.people.find((person) => person.user_id === focus) ?? null;

  return (
    <section
      className="screen kpi-view"
      aria-labelledby="kpi-title"
      data-loading={switching || undefined}
    >
      <header className="screen-header">
        <div className="kpi-heading">
          <h2 id="kpi-title" className="screen-title">
            KPIs
          </h2>
          <p className="kpi-sub">
            {report === null ? 'Counting…' : periodText(report)}
            {' · '}
            {focusedPerson === null ? (
              'Whole floor'
            ) : (
              <>
                {personName(focusedPerson)}{' '}
                <button
                  type="button"
                  className="kpi-clear"
                  onClick={() => useKpis.getState().toggleFocus(null)}
                >
                  Show the whole floor
                </button>
              </>
            )}
          </p>
        </div>
        <div className="kpi-ranges" role="group" aria-label="Range">
          {KPI_RANGES.map((name) => (
            <button
              key={name}
              type="button"
              className="kpi-range"
              aria-pressed={range === name}
              aria-keyshortcuts={RANGE_LABELS[name].key.toUpperCase()}
              onClick={() => useKpis.getState().setRange(name)}
            >
              {RANGE_LABELS[name].label} <Kbd binding={{ key: RANGE_LABELS[name].key }} />
            </button>
          ))}
        </div>
      </header>
      <div className="kpi-scroll">
        {error !== null && (
          <p className="kpi-error" role="alert">
            {error.code === 'OFFLINE'
              ? 'KPIs are counted on the server: they show here when you are back online.'
              : error.message}
          </p>
        )}
        {report !== null && (
          <>
            <Tiles report={report} focus={focus} />
            {report.floor.totals.calls === 0 && (
              <p className="kpi-empty">No calls in this period yet.</p>
            )}
            <Charts report={report} focus={focus} />
            <KpiTable people={people} focus={focus} />
          </>
        )}
      </div>
    </section>
  );
}
