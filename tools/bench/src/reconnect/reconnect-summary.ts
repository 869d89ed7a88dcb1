/**
 * Medians and p90s of the reconnect timings.
 *
 * @module
 */
import { median, percentile } from '../util/stats.js';
import type { ReconnectSample } from './measure-restart.js';

/** The timings a row of the reconnect table can show. */
export type ReconnectMetric = 'detectMs' | 'restartMs' | 'afterListenMs' | 'outageMs' | 'attempts';

/** One timing over all restarts. */
export interface ReconnectSummaryRow {
  readonly metric: ReconnectMetric;
  readonly median: number | undefined;
  readonly p90: number | undefined;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

/** The metrics in table order: the outage's parts first, then the whole. */
export const RECONNECT_METRICS: readonly ReconnectMetric[] = ['detectMs', 'restartMs', 'afterListenMs', 'outageMs', 'attempts'];

/**
 * Summarizes each metric over the restarts.
 *
 * @param samples - every restart of the run
 * @returns one row per metric, in {@link RECONNECT_METRICS} order (values `undefined` without samples)
 */
export function summarizeReconnect(samples: readonly ReconnectSample[]): ReconnectSummaryRow[] {
  return RECONNECT_METRICS.map((metric) => {
    const values = samples.map((s) => s[metric]);
    return {
      metric,
      median: median(values),
      p90: percentile(values, 0.9),
      min: values.length > 0 ? Math.min(...values) : undefined,
      max: values.length > 0 ? Math.max(...values) : undefined,
    };
  });
}
