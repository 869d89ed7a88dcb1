/**
 * Medians over rounds of the static measurements, and the sgc/floor ratios.
 *
 * @module
 */
import { median, relativeSpread } from '../util/stats.js';
import { groupByKeyAndImpl, pairedRatio } from '../util/ab-samples.js';
import type { StaticSample } from './measure-static.js';
import { STATIC_IMPLS, type StaticImpl } from './static-servers.js';

/** Medians over rounds for one implementation at one file size. */
export interface StaticSummaryRow {
  readonly impl: StaticImpl;
  readonly size: number;
  readonly rounds: number;
  readonly requestsPerSec: number | undefined;
  readonly serverUsPerRequest: number | undefined;
  readonly loadUsPerRequest: number | undefined;
  /** Bad responses and failed requests, summed over the rounds' windows. */
  readonly errors: number;
  /** (max - min) / median of the request rate over rounds. */
  readonly spread: number | undefined;
}

/** sgc over the floor at one size, each the median of per-round ratios. */
export interface StaticRatioRow {
  readonly size: number;
  readonly sgcOverFloorRate: number | undefined;
  readonly sgcOverFloorServerCpu: number | undefined;
}

/**
 * Summarizes the samples per size and implementation.
 *
 * @param samples - every static sample of the run
 * @param sizes - file sizes in table order
 * @returns one row per size and implementation with samples, sgc before the floor
 */
export function summarizeStatic(samples: readonly StaticSample[], sizes: readonly number[]): StaticSummaryRow[] {
  return groupByKeyAndImpl(samples, sizes, STATIC_IMPLS, (s) => s.size).map(({ key: size, impl, samples: mine }) => ({
    impl,
    size,
    rounds: mine.length,
    requestsPerSec: median(mine.map((s) => s.requestsPerSec)),
    serverUsPerRequest: median(mine.map((s) => s.serverUsPerRequest)),
    loadUsPerRequest: median(mine.map((s) => s.loadUsPerRequest)),
    errors: mine.reduce((sum, s) => sum + s.errors, 0),
    spread: relativeSpread(mine.map((s) => s.requestsPerSec)),
  }));
}

/**
 * Computes sgc/floor per size, pairing the samples by round.
 *
 * @param samples - every static sample of the run
 * @param sizes - file sizes in table order
 * @returns one row per size that has samples (a ratio is `undefined` without a round that measured both)
 */
export function staticRatios(samples: readonly StaticSample[], sizes: readonly number[]): StaticRatioRow[] {
  return sizes.flatMap((size) => {
    const atSize = samples.filter((s) => s.size === size);
    if (atSize.length === 0) return [];
    return [
      {
        size,
        sgcOverFloorRate: pairedRatio(atSize, 'sgc', 'http', (s) => s.requestsPerSec),
        sgcOverFloorServerCpu: pairedRatio(atSize, 'sgc', 'http', (s) => s.serverUsPerRequest),
      },
    ];
  });
}
