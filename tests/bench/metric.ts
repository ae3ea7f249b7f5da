import type { PgCluster } from '../support/pg-cluster.js';

/** One figure as `npm run bench -- --json` prints it; every target is an upper bound. */
export interface Metric {
  value: number;
  unit: string;
  target: number;
  /** The same-process reference the value is compared with, in the value's own unit when it has one. */
  baseline?: number;
  /** The figures behind the value (medians, percentiles, sample counts, method), for people and logs. */
  details?: Record<string, number | string>;
}

export interface BenchContext {
  /** The throwaway PostgreSQL 15 cluster, started on first use and stopped by the runner. */
  postgres(): Promise<PgCluster>;
  /** Progress goes to stderr so stdout stays one JSON object in --json mode. */
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  run(context: BenchContext): Promise<Metric>;
}

/** Median of the samples (mean of the middle two for an even count). */
export function median(samples: readonly number[]): number {
  return percentile(samples, 0.5);
}

/** Linear-interpolated percentile, p in [0, 1]. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** Rounds for display and JSON: figures below 10 keep three significant decimals. */
export function round(value: number): number {
  return Math.abs(value) < 10 ? Number(value.toFixed(3)) : Number(value.toFixed(1));
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with PostgreSQL's clock_timestamp(). */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
