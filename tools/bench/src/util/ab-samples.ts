/**
 * What every summary does with samples taken in A/B rounds (each round
 * measures every implementation once, so drifting machine load hits all of
 * them alike): group them per implementation, and per size or count where a
 * bench has several, for the medians; and pair them by round for the ratios.
 *
 * @module
 */
import { median } from './stats.js';

/** A sample of one implementation in one A/B round. */
export interface RoundSample {
  readonly impl: string;
  readonly round: number;
}

/** The samples of one implementation: what one row of a medians table summarizes. */
export interface ImplGroup<S extends RoundSample> {
  readonly impl: S['impl'];
  readonly samples: S[];
}

/** The samples of one implementation at one size or count. */
export interface KeyedImplGroup<S extends RoundSample, K> extends ImplGroup<S> {
  readonly key: K;
}

/**
 * Groups samples per implementation.
 *
 * @param samples - samples in any order
 * @param impls - implementations in table order
 * @returns one group per implementation that has samples, in `impls` order
 */
export function groupByImpl<S extends RoundSample>(samples: readonly S[], impls: readonly S['impl'][]): ImplGroup<S>[] {
  return impls.map((impl) => ({ impl, samples: samples.filter((s) => s.impl === impl) })).filter((group) => group.samples.length > 0);
}

/**
 * Groups samples per size (or count) and implementation.
 *
 * @param samples - samples in any order
 * @param keys - sizes or counts in table order
 * @param impls - implementations in table order
 * @param keyOf - a sample's size or count
 * @returns one group per key and implementation that has samples: keys outer, implementations inner
 */
export function groupByKeyAndImpl<S extends RoundSample, K>(
  samples: readonly S[],
  keys: readonly K[],
  impls: readonly S['impl'][],
  keyOf: (sample: S) => K,
): KeyedImplGroup<S, K>[] {
  return keys.flatMap((key) => groupByImpl(samples.filter((s) => keyOf(s) === key), impls).map((group) => ({ key, ...group })));
}

/**
 * The median over rounds of metric(a) / metric(b). Only rounds that measured
 * both count, so a round slowed down for both still gives a fair ratio.
 *
 * @param samples - samples of one size or count (or of a bench that has one)
 * @param a - the implementation on top
 * @param b - the one below, usually the baseline
 * @param metric - the figure compared
 * @returns the ratio, or `undefined` without a round that measured both (or where b's figure is 0)
 */
export function pairedRatio<S extends RoundSample>(samples: readonly S[], a: S['impl'], b: S['impl'], metric: (sample: S) => number): number | undefined {
  const ratios: number[] = [];
  for (const sa of samples) {
    if (sa.impl !== a) continue;
    const sb = samples.find((s) => s.impl === b && s.round === sa.round);
    if (sb && metric(sb) > 0) ratios.push(metric(sa) / metric(sb));
  }
  return median(ratios);
}
