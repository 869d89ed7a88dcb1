import { describe, expect, it } from 'vitest';
import { allCases, matchesPattern, selectCases } from '../src/cases/index.js';
import { oracleValid, UTF8_GROUPS } from '../src/cases/utf8-sequences.js';
import { firstInvalidChunk, isValidUtf8 } from '../src/utf8-oracle.js';

describe('case registry', () => {
  it("has Autobahn's 517 cases with its per-category counts", () => {
    const counts: Record<string, number> = {};
    for (const c of allCases()) counts[c.id.split('.')[0] ?? ''] = (counts[c.id.split('.')[0] ?? ''] ?? 0) + 1;
    expect(counts).toEqual({ 1: 16, 2: 11, 3: 7, 4: 10, 5: 20, 6: 145, 7: 37, 9: 54, 10: 1, 12: 90, 13: 126 });
  });

  it('has unique ids in Autobahn order', () => {
    const ids = allCases().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const key = (id: string): number[] => id.split('.').map(Number);
    const sorted = [...ids].sort((a, b) => {
      const x = key(a);
      const y = key(b);
      for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? -1) !== (y[i] ?? -1)) return (x[i] ?? -1) - (y[i] ?? -1);
      return 0;
    });
    expect(ids).toEqual(sorted);
  });

  it('selects by wildcard, exact id and group prefix', () => {
    expect(matchesPattern('6.4.1', '6.4.*')).toBe(true);
    expect(matchesPattern('6.40.1', '6.4.*')).toBe(false);
    expect(matchesPattern('12.3.10', '12.*.10')).toBe(true);
    expect(matchesPattern('7.1.6', '7.1')).toBe(true);
    expect(selectCases(allCases(), ['2.*'], ['2.1*']).map((c) => c.id)).toEqual(['2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9']);
  });
});

describe('UTF-8 oracle', () => {
  it("agrees with every validity Autobahn lists for 6.5-6.23", () => {
    for (const group of UTF8_GROUPS) {
      for (const s of group.sequences) if (s.listed !== undefined) expect([group.title, s.bytes.toString('hex'), oracleValid(s)]).toEqual([group.title, s.bytes.toString('hex'), s.listed]);
    }
  });

  it('finds the chop where fail-fast must happen (6.4.x)', () => {
    const kosme = Buffer.from('cebae1bdb9cf83cebcceb5', 'hex');
    expect(firstInvalidChunk([kosme, Buffer.from('f4908080', 'hex'), Buffer.from('edited')])).toBe(1);
    expect(firstInvalidChunk([kosme, Buffer.from('f4', 'hex')])).toBe(2);
    expect(firstInvalidChunk([kosme])).toBe(-1);
  });

  it('accepts non-characters and rejects surrogates and overlongs', () => {
    expect(isValidUtf8(Buffer.from('efbfbe', 'hex'))).toBe(true);
    expect(isValidUtf8(Buffer.from('eda080', 'hex'))).toBe(false);
    expect(isValidUtf8(Buffer.from('c0af', 'hex'))).toBe(false);
  });
});
