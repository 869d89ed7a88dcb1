import { describe, expect, it } from 'vitest';
import { groupByImpl, groupByKeyAndImpl, pairedRatio } from '../src/util/ab-samples.js';

interface Sample {
  readonly impl: 'sgc' | 'ws' | 'net';
  readonly round: number;
  readonly size: number;
  readonly value: number;
}

const at = (impl: Sample['impl'], round: number, value: number, size = 64): Sample => ({ impl, round, size, value });

describe('grouping A/B samples', () => {
  it('groups per implementation in table order, whatever order the samples come in, and leaves out empty groups', () => {
    const groups = groupByImpl([at('ws', 1, 1), at('sgc', 1, 2), at('ws', 2, 3)], ['sgc', 'ws', 'net']);
    expect(groups.map((g) => [g.impl, g.samples.map((s) => s.value)])).toEqual([
      ['sgc', [2]],
      ['ws', [1, 3]],
    ]);
  });

  it('groups per size and implementation: sizes outer, implementations inner, both in the order given', () => {
    const samples = [at('ws', 1, 1, 1024), at('sgc', 1, 2, 64), at('sgc', 1, 3, 1024), at('sgc', 2, 4, 1024)];
    const groups = groupByKeyAndImpl(samples, [1024, 64, 16], ['sgc', 'ws'], (s) => s.size);
    expect(groups.map((g) => [g.key, g.impl, g.samples.length])).toEqual([
      [1024, 'sgc', 2],
      [1024, 'ws', 1],
      [64, 'sgc', 1],
    ]);
  });
});

describe('paired ratios', () => {
  it('pairs by round, so a round slowed down for both sides still gives a fair ratio', () => {
    const samples = [at('sgc', 1, 11), at('net', 1, 10), at('sgc', 2, 33), at('net', 2, 30), at('sgc', 3, 12), at('net', 3, 10)];
    expect(pairedRatio(samples, 'sgc', 'net', (s) => s.value)).toBeCloseTo(1.1);
  });

  it('has no ratio without a round that measured both, or with a zero below', () => {
    expect(pairedRatio([at('sgc', 1, 10), at('ws', 2, 10)], 'sgc', 'ws', (s) => s.value)).toBeUndefined();
    expect(pairedRatio([at('sgc', 1, 10), at('ws', 1, 0)], 'sgc', 'ws', (s) => s.value)).toBeUndefined();
  });
});
