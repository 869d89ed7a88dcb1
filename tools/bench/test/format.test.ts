import { describe, expect, it } from 'vitest';
import { formatBitRate, formatRatio, formatSize, parseSize } from '../src/util/format.js';

describe('sizes', () => {
  it('labels sizes with binary units', () => {
    expect([64, 16384, 65536, 1048576, 1000].map(formatSize)).toEqual(['64 B', '16 KiB', '64 KiB', '1 MiB', '1000 B']);
  });

  it('parses what formatSize prints, and shorthand', () => {
    expect(parseSize('16k')).toBe(16384);
    expect(parseSize('1 MiB')).toBe(1048576);
    expect(() => parseSize('0')).toThrow();
    expect(() => parseSize('lots')).toThrow();
  });

  it('prints a missing ratio as a dash', () => {
    expect(formatRatio(undefined)).toBe('-');
    expect(formatRatio(1.234)).toBe('1.23x');
  });
});

describe('bit rates', () => {
  it('prints Mbit/s (10^6 bits), whole rates without decimals', () => {
    expect(formatBitRate(16e6)).toBe('16 Mbit/s');
    expect(formatBitRate(5e5)).toBe('0.50 Mbit/s');
  });
});
