/**
 * What a fan-out bench reports: medians over rounds of its bursts per
 * implementation, and sgc over the baseline as medians of per-round ratios.
 *
 * @module
 */
import { median, relativeSpread } from '../util/stats.js';
import { groupByImpl, pairedRatio } from '../util/ab-samples.js';
import type { BurstShape, FanoutSuite } from './fanout-suite.js';
import type { FanoutSample } from './measure-burst.js';
import type { FanoutRun } from './run-fanout.js';

/** Medians over rounds for one implementation. */
export interface FanoutSummaryRow<I extends string> {
  readonly impl: I;
  readonly connections: number;
  /** Messages per burst. */
  readonly messages: number;
  readonly rounds: number;
  readonly deliveriesPerSec: number | undefined;
  readonly serverUsPerDelivery: number | undefined;
  /** (max - min) / median of the delivery rate over rounds. */
  readonly spread: number | undefined;
}

/** sgc over the baseline, each the median of per-round ratios (both bursts of a round over the same connections). */
export interface FanoutRatios {
  /** What is divided by what: `sgc/ws`, `sgc/http`. */
  readonly pair: string;
  readonly rate: number | undefined;
  readonly serverCpu: number | undefined;
}

/** A run's summary: what the report prints and saves. */
export interface FanoutSummary<I extends string> {
  readonly rows: FanoutSummaryRow<I>[];
  readonly ratios: FanoutRatios;
  readonly shape: BurstShape;
}

/**
 * Summarizes a run.
 *
 * @param run - a run with samples
 * @param suite - its bench: the implementations in table order, sgc first and the baseline last
 * @returns the medians and the ratios
 */
export function summarizeFanoutRun<I extends string>(run: FanoutRun<I>, suite: FanoutSuite<I>): FanoutSummary<I> {
  const { impls } = suite;
  return { rows: summarizeFanout(run.samples, impls), ratios: fanoutRatios(run.samples, impls[0]!, impls[impls.length - 1]!), shape: run.shape };
}

/**
 * Summarizes the samples per implementation.
 *
 * @param samples - every sample of the run
 * @param impls - the implementations in table order
 * @returns one row per implementation with samples, in `impls` order
 */
export function summarizeFanout<I extends string>(samples: readonly FanoutSample<I>[], impls: readonly I[]): FanoutSummaryRow<I>[] {
  return groupByImpl(samples, impls).map(({ impl, samples: mine }) => ({
    impl,
    connections: mine[0]!.connections,
    messages: mine[0]!.messages,
    rounds: mine.length,
    deliveriesPerSec: median(mine.map((s) => s.deliveriesPerSec)),
    serverUsPerDelivery: median(mine.map((s) => s.serverUsPerDelivery)),
    spread: relativeSpread(mine.map((s) => s.deliveriesPerSec)),
  }));
}

/**
 * Computes `sgc`/`baseline`, pairing the samples by round.
 *
 * @param samples - every sample of the run
 * @param sgc - the implementation on top
 * @param baseline - the one it is divided by
 * @returns the ratios (`undefined` without a round that measured both)
 */
export function fanoutRatios<I extends string>(samples: readonly FanoutSample<I>[], sgc: I, baseline: I): FanoutRatios {
  return {
    pair: `${sgc}/${baseline}`,
    rate: pairedRatio(samples, sgc, baseline, (s) => s.deliveriesPerSec),
    serverCpu: pairedRatio(samples, sgc, baseline, (s) => s.serverUsPerDelivery),
  };
}
