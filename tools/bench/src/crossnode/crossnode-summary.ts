/**
 * Median, p99 and range of the publish latencies on each path, and of the
 * Redis hop: each publish's cross-node latency minus its own same-node latency.
 *
 * @module
 */
import { median, percentile } from '../util/stats.js';
import type { PublishLatency } from './latency-probe.js';

/** A row of the cross-node table. */
export type CrossnodePath = 'sameNode' | 'crossNode' | 'redisHop';

/** One path over all publishes, in milliseconds. */
export interface CrossnodeSummaryRow {
  readonly path: CrossnodePath;
  readonly publishes: number;
  readonly median: number | undefined;
  readonly p99: number | undefined;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

/** How each row's value is read off one publish. */
const PATHS: readonly { readonly path: CrossnodePath; readonly value: (l: PublishLatency) => number }[] = [
  { path: 'sameNode', value: (l) => l.sameNodeMs },
  { path: 'crossNode', value: (l) => l.crossNodeMs },
  // Per publish, so both sides of the difference saw the same moment's load.
  { path: 'redisHop', value: (l) => l.crossNodeMs - l.sameNodeMs },
];

/**
 * Summarizes the publishes.
 *
 * @param latencies - every measured publish of the run
 * @returns one row per path: same node, cross node, Redis hop (values `undefined` without publishes)
 */
export function summarizeCrossnode(latencies: readonly PublishLatency[]): CrossnodeSummaryRow[] {
  return PATHS.map(({ path, value }) => {
    const values = latencies.map(value);
    return {
      path,
      publishes: values.length,
      median: median(values),
      p99: percentile(values, 0.99),
      min: values.length > 0 ? Math.min(...values) : undefined,
      max: values.length > 0 ? Math.max(...values) : undefined,
    };
  });
}
