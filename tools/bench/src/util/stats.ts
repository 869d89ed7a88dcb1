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
