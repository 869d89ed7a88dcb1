/**
 * Medians over the A/B rounds and the ratios the targets are stated in.
 *
 * @module
 */
import type { ImplName } from '../impl/types.js';
import type { EchoSample } from './measure-echo.js';
import { median, relativeSpread } from '../util/stats.js';
import { groupByKeyAndImpl, pairedRatio } from '../util/ab-samples.js';

/** Medians over rounds for one implementation at one size. */
export interface EchoSummaryRow {
  readonly impl: ImplName;
  readonly size: number;
  readonly rounds: number;
  readonly rtPerSec: number | undefined;
  readonly serverUsPerRt: number | undefined;
  readonly clientUsPerRt: number | undefined;
  readonly totalUsPerRt: number | undefined;
  /** (max - min) / median of the total CPU per round trip over rounds. */
  readonly spread: number | undefined;
}

/** Ratios at one size. Each is the median of per-round ratios (both sides measured in the same round). */
export interface EchoRatioRow {
  readonly size: number;
  /** sgc (server + client) CPU per round trip over the net floor's. */
  readonly sgcOverFloorCpu: number | undefined;
  /** ws (server + client) CPU per round trip over the net floor's. */
  readonly wsOverFloorCpu: number | undefined;
  /** sgc round trips per second over ws's. */
  readonly sgcOverWsThroughput: number | undefined;
  /** sgc server CPU per round trip over ws's (server side alone, as in WS-ANCHORS §4). */
  readonly sgcOverWsServerCpu: number | undefined;
}

/**
 * Summarizes samples per implementation and size.
 *
 * @param samples - every echo sample of the run
 * @param impls - implementations in table order
 * @param sizes - sizes in table order
 * @returns one row per implementation and size that has samples
 */
export function summarizeEcho(samples: readonly EchoSample[], impls: readonly ImplName[], sizes: readonly number[]): EchoSummaryRow[] {
  return groupByKeyAndImpl(samples, sizes, impls, (s) => s.size).map(({ key: size, impl, samples: mine }) => ({
    impl,
    size,
    rounds: mine.length,
    rtPerSec: median(mine.map((s) => s.rtPerSec)),
    serverUsPerRt: median(mine.map((s) => s.serverUsPerRt)),
    clientUsPerRt: median(mine.map((s) => s.clientUsPerRt)),
    totalUsPerRt: median(mine.map((s) => s.totalUsPerRt)),
    spread: relativeSpread(mine.map((s) => s.totalUsPerRt)),
  }));
}

/**
 * Computes the ratios per size, pairing samples by round.
 *
 * @param samples - every echo sample of the run
 * @param sizes - sizes in table order
 * @returns one row per size
 */
export function echoRatios(samples: readonly EchoSample[], sizes: readonly number[]): EchoRatioRow[] {
  return sizes.map((size) => {
    const at = samples.filter((s) => s.size === size);
    return {
      size,
      sgcOverFloorCpu: pairedRatio(at, 'sgc', 'net', (s) => s.totalUsPerRt),
      wsOverFloorCpu: pairedRatio(at, 'ws', 'net', (s) => s.totalUsPerRt),
      sgcOverWsThroughput: pairedRatio(at, 'sgc', 'ws', (s) => s.rtPerSec),
      sgcOverWsServerCpu: pairedRatio(at, 'sgc', 'ws', (s) => s.serverUsPerRt),
    };
  });
}
