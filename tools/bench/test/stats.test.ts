import { describe, expect, it } from 'vitest';
import { median, relativeSpread } from '../src/util/stats.js';

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
