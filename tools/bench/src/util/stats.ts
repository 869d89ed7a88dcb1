/**
 * Order statistics for per-round samples. Medians, because a shared 2-core
 * machine produces the occasional wild round that would drag a mean.
 *
 * @module
 */

/**
 * The median of `values`, or `undefined` for an empty list.
 *
 * @param values - samples in any order
 * @returns the middle value (the mean of the two middle values for an even count)
 */
export function median(values: readonly number[]): number | undefined {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  const mid = finite.length >> 1;
  return finite.length % 2 === 1 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}

/**
 * How far the samples spread around their median: (max - min) / median.
 *
 * @param values - samples in any order
 * @returns the relative spread (0.1 = 10 %), or `undefined` with fewer than two samples
 */
export function relativeSpread(values: readonly number[]): number | undefined {
  const finite = values.filter((v) => Number.isFinite(v));
  const mid = median(finite);
  if (finite.length < 2 || mid === undefined || mid === 0) return undefined;
  return (Math.max(...finite) - Math.min(...finite)) / mid;
}

/**
 * A percentile by the nearest-rank method: the smallest sample that at least
 * `p` of the samples are at or below. With 10 samples p90 is the 9th smallest;
 * with 3 it is the largest, so a short run never reports a value it did not see.
 *
 * @param values - samples in any order
 * @param p - the fraction, from 0 (exclusive) to 1
 * @returns the percentile, or `undefined` for no finite values
 * @throws RangeError when `p` is not in (0, 1]
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!(p > 0 && p <= 1)) throw new RangeError(`percentile must be in (0, 1]: ${p}`);
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return undefined;
  // The epsilon keeps float error from moving up a rank: 0.7 * 10 is 7.000000000000001.
  const rank = Math.max(1, Math.ceil(p * finite.length - 1e-9));
  return finite[rank - 1];
}
