/**
 * Medians over rounds of the throttle measurements, and the target:
 * "the throttle must hold the configured rate within 5%".
 *
 * @module
 */
import { median, relativeSpread } from '../util/stats.js';
import type { ThrottleDirection, ThrottleSample } from './measure-rate.js';

/** The tolerance: |measured / configured - 1| at most this. */
export const THROTTLE_TOLERANCE = 0.05;

/** A target check's outcome; `n/a` without a measurement. */
export type Verdict = 'PASS' | 'FAIL' | 'n/a';

/** One direction at one rate, over rounds. */
export interface ThrottleSummaryRow {
  readonly direction: ThrottleDirection;
  readonly bitsPerSecond: number;
  readonly messageSize: number;
  readonly rounds: number;
  /** Median frame bits per second at the receiving side. */
  readonly measuredBitsPerSecond: number | undefined;
  /** Median of the per-round ratios measured / configured. */
  readonly ratio: number | undefined;
  /** (max - min) / median of the ratios. */
  readonly spread: number | undefined;
  readonly verdict: Verdict;
}

/**
 * Checks a ratio against the tolerance.
 *
 * @param ratio - measured / configured
 * @param tolerance - the allowed deviation from 1
 * @returns PASS when |ratio - 1| <= tolerance, `n/a` without a ratio
 */
export function throttleVerdict(ratio: number | undefined, tolerance: number = THROTTLE_TOLERANCE): Verdict {
  if (ratio === undefined || !Number.isFinite(ratio)) return 'n/a';
  // The epsilon keeps a ratio of exactly 1.05 from failing on float error.
  return Math.abs(ratio - 1) <= tolerance + 1e-9 ? 'PASS' : 'FAIL';
}

/**
 * Summarizes samples per direction and rate.
 *
 * @param samples - every throttle sample of the run
 * @param rates - configured rates in table order
 * @returns one row per rate and direction, in that order, for those with samples
 */
export function summarizeThrottle(samples: readonly ThrottleSample[], rates: readonly number[]): ThrottleSummaryRow[] {
  const rows: ThrottleSummaryRow[] = [];
  for (const bitsPerSecond of rates) {
    for (const direction of ['send', 'receive'] as const) {
      const mine = samples.filter((s) => s.direction === direction && s.bitsPerSecond === bitsPerSecond);
      const first = mine[0];
      if (!first) continue;
      const ratio = median(mine.map((s) => s.ratio));
      rows.push({
        direction,
        bitsPerSecond,
        messageSize: first.messageSize,
        rounds: mine.length,
        measuredBitsPerSecond: median(mine.map((s) => s.frameBitsPerSecond)),
        ratio,
        spread: relativeSpread(mine.map((s) => s.ratio)),
        verdict: throttleVerdict(ratio),
      });
    }
  }
  return rows;
}
