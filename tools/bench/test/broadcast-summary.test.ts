import { describe, expect, it } from 'vitest';
import type { BroadcastImpl } from '../src/broadcast/broadcast-servers.js';
import type { BroadcastSample } from '../src/broadcast/measure-burst.js';
import { broadcastRatios, summarizeBroadcast } from '../src/broadcast/broadcast-summary.js';
import { shareOut } from '../src/broadcast/broadcast-rig.js';

function sample(impl: BroadcastImpl, round: number, deliveriesPerSec: number, serverUsPerDelivery = 5): BroadcastSample {
  return {
    impl,
    round,
    connections: 2000,
    messages: 20,
    deliveries: 40_000,
    elapsedMs: 40_000_000 / deliveriesPerSec,
    deliveriesPerSec,
    serverUsPerDelivery,
  };
}

describe('broadcast summaries', () => {
  it('takes medians over rounds, sgc first whatever order the samples come in', () => {
    const rows = summarizeBroadcast([sample('ws', 1, 80_000), sample('sgc', 1, 100_000), sample('ws', 2, 60_000), sample('ws', 3, 70_000)]);
    expect(rows.map((r) => [r.impl, r.rounds, r.deliveriesPerSec])).toEqual([
      ['sgc', 1, 100_000],
      ['ws', 3, 70_000],
    ]);
    expect(rows[1]!.spread).toBeCloseTo(20_000 / 70_000);
    expect(rows[0]!.spread).toBeUndefined();
  });

  it('pairs ratios by round, so a round slowed down for both still gives a fair ratio', () => {
    const ratios = broadcastRatios([
      sample('sgc', 1, 110_000, 4),
      sample('ws', 1, 100_000, 5),
      sample('sgc', 2, 33_000, 12), // both slowed down 3x in round 2
      sample('ws', 2, 30_000, 15),
      sample('sgc', 3, 120_000, 4),
      sample('ws', 3, 100_000, 5),
    ]);
    expect(ratios.sgcOverWsRate).toBeCloseTo(1.1);
    expect(ratios.sgcOverWsServerCpu).toBeCloseTo(0.8);
  });

  it('has no ratio without a round that measured both', () => {
    expect(broadcastRatios([sample('sgc', 1, 1000), sample('ws', 2, 1000)]).sgcOverWsRate).toBeUndefined();
  });
});

describe('shareOut', () => {
  it('spreads connections over the client processes, the remainder on the first ones', () => {
    expect(shareOut(10_000, 4)).toEqual([2500, 2500, 2500, 2500]);
    expect(shareOut(2002, 4)).toEqual([501, 501, 500, 500]);
    expect(shareOut(3, 4)).toEqual([1, 1, 1, 0]);
  });
});
