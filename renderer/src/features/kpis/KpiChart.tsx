// One uPlot chart over the report's buckets: x is the bucket's index (labels come from the report, so
// the manager's hours and days never depend on uPlot's own time zone handling), y one or two series.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  readonly label: string;
  /** A tokens.css variable, e.g. '--accent'; read when drawn, so dark mode gets its own shade. */
  readonly color: string;
  readonly values: readonly (number | null)[];
  readonly kind: 'bars' | 'line';
  /** A line to compare against (the floor behind one person): thin and dashed. */
  readonly faint?: boolean;
}

interface KpiChartProps {
  /** What the chart shows, read out in place of the canvas. */
  readonly summary: string;
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** Formats a y value on the axis and in the legend. */
  readonly format: (value: number) => string;
  /** A fixed top for the y scale (1 for rates); otherwise it fits the data in whole steps (counts). */
  readonly max?: number;
  readonly height?: number;
}

function token(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

const DARK = '(prefers-color-scheme: dark)';
const WHOLE_STEPS = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000,
];

function optionsFor(props: KpiChartProps, width: number): uPlot.Options {
  const { labels, format, max } = props;
  const grid = { stroke: token('--border'), width: 1 };
  const axisFont = `11px ${token('--font-sans')}`;
  const muted = token('--text-muted');
  return {
    width,
    height: props.height ?? 180,
    // The legend names the series; values show on the axes (a live legend reads '—' at rest).
    legend: { show: true, live: false },
    cursor: { points: { size: 6 }, drag: { x: false, y: false } },
    scales: {
      x: { time: false, range: [-0.5, Math.max(labels.length - 0.5, 0.5)] },
      y: { range: (_u, _min, dataMax) => [0, max ?? Math.max(dataMax * 1.15, 1)] },
    },
    axes: [
      {
        stroke: muted,
        font: axisFont,
        grid: { show: false },
        ticks: { show: false },
        // Whole buckets only, and never more labels than fit: the spacing follows the longest label
        // (about 6.5 px a character at 11 px), as a month's "Mon 30 Nov" needs more room than "14:00".
        incrs: [1, 2, 3, 4, 5, 6, 7, 8, 12, 14, 24],
        space: Math.max(
          44,
          Math.ceil(Math.max(0, ...labels.map((label) => label.length)) * 6.5) + 16,
        ),
        size: 28,
        values: (_u, splits) =>
          splits.map((at) => (Number.isInteger(at) ? (labels[at] ?? '') : '')),
      },
      {
        stroke: muted,
        font: axisFont,
        grid,
        ticks: { show: false },
        size: 44,
        // Counts step in whole numbers: a scale of 0..1 calls must not read 0, 0, 1, 1.
        ...(max === undefined ? { incrs: WHOLE_STEPS } : {}),
        values: (_u, splits) => splits.map((value) => format(value)),
      },
    ],
    series: [
      {},
      ...props.series.map((line): uPlot.Series => {
        const color = token(line.color);
        return {
          label: line.label,
          stroke: color,
          width: line.kind === 'bars' ? 0 : line.faint === true ? 1 : 2,
          ...(line.faint === true ? { dash: [4, 4] } : {}),
          ...(line.kind === 'bars'
            ? {
                fill: color,
                paths: uPlot.paths.bars?.({ size: [0.7, 28], radius: 0.15 }),
                points: { show: false },
              }
            : { points: { show: true, size: 4, fill: color } }),
          value: (_u, value) => (value === null ? '—' : format(value)),
        };
      }),
    ],
  };
}

function dataOf(props: KpiChartProps): uPlot.AlignedData {
  return [props.labels.map((_, index) => index), ...props.series.map((line) => [...line.values])];
}

export function KpiChart(props: KpiChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  // Rebuilt when the shape changes (series, buckets); data alone is set in place.
  const shape = `${props.series.map((s) => `${s.label}:${s.kind}:${s.color}`).join('|')}#${props.labels.join(',')}`;

  useEffect(() => {
    const element = holder.current;
    if (element === null) return;
    const build = (): void => {
      chartRef.current?.destroy();
      chartRef.current = new uPlot(
        optionsFor(latest.current, element.clientWidth),
        dataOf(latest.current),
        element,
      );
    };
    build();
    const resize = new ResizeObserver(() => {
      const chart = chartRef.current;
      if (chart !== null && element.clientWidth !== chart.width) {
        chart.setSize({ width: element.clientWidth, height: chart.height });
      }
    });
    resize.observe(element);
    // Colours are read once per build: a switch of the OS theme builds the chart again.
    const scheme = window.matchMedia(DARK);
    scheme.addEventListener('change', build);
    return () => {
      scheme.removeEventListener('change', build);
      resize.disconnect();
      chartRef.current?.destroy();
      chartRef.current = null;
    };
  }, [shape]);

  // New figures for the same buckets (a refresh) are set in place, without a rebuild.
  const values = JSON.stringify(props.series.map((line) => line.values));
  useEffect(() => {
    chartRef.current?.setData(dataOf(latest.current));
  }, [values]);

  return (
    <div className="kpi-chart" role="img" aria-label={props.summary}>
      <div ref={holder} className="kpi-chart-canvas" />
    </div>
  );
}
