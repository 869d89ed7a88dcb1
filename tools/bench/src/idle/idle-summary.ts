/**
 * Medians over rounds of memory per idle connection, and the sgc/ws ratios.
 *
 * @module
 */
import type { ImplName } from '../impl/types.js';
import type { IdleSample } from './measure-idle.js';
import { median } from '../util/stats.js';
import { groupByKeyAndImpl, pairedRatio } from '../util/ab-samples.js';

/** Medians for one implementation at one connection count, in bytes per connection. */
export interface IdleSummaryRow {
  readonly impl: ImplName;
  readonly count: number;
  readonly rounds: number;
  readonly heapPerConn: number | undefined;
  readonly rssPerConn: number | undefined;
  readonly externalPerConn: number | undefined;
}

/** sgc over ws at one connection count (median of per-round ratios). */
export interface IdleRatioRow {
  readonly count: number;
  readonly sgcOverWsHeap: number | undefined;
  readonly sgcOverWsRss: number | undefined;
}

/**
 * Summarizes samples per implementation and count.
 *
 * @param samples - every idle sample of the run
 * @param impls - implementations in table order
 * @param counts - counts in table order
 * @returns one row per implementation and count that has samples
 */
export function summarizeIdle(samples: readonly IdleSample[], impls: readonly ImplName[], counts: readonly number[]): IdleSummaryRow[] {
  return groupByKeyAndImpl(samples, counts, impls, (s) => s.count).map(({ key: count, impl, samples: mine }) => ({
    impl,
    count,
    rounds: mine.length,
    heapPerConn: median(mine.map((s) => s.heapPerConn)),
    rssPerConn: median(mine.map((s) => s.rssPerConn)),
    externalPerConn: median(mine.map((s) => s.externalPerConn)),
  }));
}

/**
 * Computes sgc/ws per count, pairing samples by round.
 *
 * @param samples - every idle sample of the run
 * @param counts - counts in table order
 * @returns one row per count
 */
export function idleRatios(samples: readonly IdleSample[], counts: readonly number[]): IdleRatioRow[] {
  return counts.map((count) => {
    const at = samples.filter((s) => s.count === count);
    return { count, sgcOverWsHeap: pairedRatio(at, 'sgc', 'ws', (s) => s.heapPerConn), sgcOverWsRss: pairedRatio(at, 'sgc', 'ws', (s) => s.rssPerConn) };
  });
}
