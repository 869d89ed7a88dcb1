import { describe, expect, it } from 'vitest';
import { median, percentile, relativeSpread } from '../src/util/stats.js';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('ignores non-finite values and is undefined for no values', () => {
    expect(median([NaN, 5, Infinity])).toBe(5);
    expect(median([])).toBeUndefined();
  });
});

describe('relativeSpread', () => {
  it('is (max - min) / median, and undefined below two samples', () => {
    expect(relativeSpread([9, 10, 11])).toBeCloseTo(0.2);
    expect(relativeSpread([10])).toBeUndefined();
  });
});

describe('percentile', () => {
  it('takes the nearest rank: p90 of 10 samples is the 9th smallest, of 3 the largest', () => {
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(percentile(ten, 0.9)).toBe(9);
    expect(percentile(ten, 0.5)).toBe(5);
    expect(percentile([3, 1, 2], 0.9)).toBe(3);
  });

  it('does not move up a rank on float error (0.7 * 10 is 7.000000000000001)', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.7)).toBe(7);
  });

  it('is undefined for no finite values and refuses fractions outside (0, 1]', () => {
    expect(percentile([NaN], 0.9)).toBeUndefined();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 90)).toThrow(RangeError);
  });
});
