import { describe, expect, it } from 'vitest';
import type { FanoutSample } from '../src/fanout/measure-burst.js';
import { fanoutRatios, summarizeFanout, summarizeFanoutRun } from '../src/fanout/fanout-summary.js';
import { shareOut } from '../src/fanout/fanout-rig.js';
import { BROADCAST_IMPLS } from '../src/broadcast/broadcast-servers.js';
import { SSE_IMPLS } from '../src/sse/sse-servers.js';
import { SSE_SUITE } from '../src/sse/sse-suite.js';

/** A burst of 20 messages to 2,000 connections. */
function burst<I extends string>(impl: I, round: number, deliveriesPerSec: number, serverUsPerDelivery = 5): FanoutSample<I> {
  const deliveries = 2000 * 20;
  return { impl, round, connections: 2000, messages: 20, deliveries, elapsedMs: (deliveries * 1000) / deliveriesPerSec, deliveriesPerSec, serverUsPerDelivery };
}

describe('fan-out summaries', () => {
  it('takes medians over rounds, sgc first whatever order the samples come in', () => {
    const rows = summarizeFanout([burst('ws', 1, 80_000), burst('sgc', 1, 100_000), burst('ws', 2, 60_000), burst('ws', 3, 70_000)], BROADCAST_IMPLS);
    expect(rows.map((r) => [r.impl, r.connections, r.messages, r.rounds, r.deliveriesPerSec])).toEqual([
      ['sgc', 2000, 20, 1, 100_000],
      ['ws', 2000, 20, 3, 70_000],
    ]);
    expect(rows[1]!.spread).toBeCloseTo(20_000 / 70_000);
    expect(rows[0]!.spread).toBeUndefined();
  });

  it('orders the SSE rows by its implementations, the floor last', () => {
    const rows = summarizeFanout([burst('http', 1, 250_000), burst('sgc', 1, 180_000)], SSE_IMPLS);
    expect(rows.map((r) => r.impl)).toEqual(['sgc', 'http']);
  });
});

describe('fan-out ratios', () => {
  it('pairs by round, so a round slowed down for both still gives a fair ratio', () => {
    const ratios = fanoutRatios(
      [
        burst('sgc', 1, 110_000, 4),
        burst('ws', 1, 100_000, 5),
        burst('sgc', 2, 33_000, 12), // both slowed down 3x in round 2
        burst('ws', 2, 30_000, 15),
        burst('sgc', 3, 120_000, 4),
        burst('ws', 3, 100_000, 5),
      ],
      'sgc',
      'ws',
    );
    expect(ratios.pair).toBe('sgc/ws');
    expect(ratios.rate).toBeCloseTo(1.1);
    expect(ratios.serverCpu).toBeCloseTo(0.8);
  });

  it('has no ratio without a round that measured both', () => {
    expect(fanoutRatios([burst('sgc', 1, 1000), burst('ws', 2, 1000)], 'sgc', 'ws').rate).toBeUndefined();
  });

  it('summarizes a run as its bench says: sgc over the last implementation, the floor for SSE', () => {
    const samples = [burst('sgc', 1, 150_000, 4), burst('http', 1, 250_000, 2.5)];
    const summary = summarizeFanoutRun({ shape: SSE_SUITE.shape, samples, failures: [], skipped: undefined }, SSE_SUITE);
    expect(summary.rows.map((r) => r.impl)).toEqual(['sgc', 'http']);
    expect(summary.ratios.pair).toBe('sgc/http');
    expect(summary.ratios.rate).toBeCloseTo(0.6);
    expect(summary.ratios.serverCpu).toBeCloseTo(1.6);
    expect(summary.shape).toEqual({ messages: 50, size: 64 });
  });
});

describe('shareOut', () => {
  it('spreads connections over the client processes, the remainder on the first ones', () => {
    expect(shareOut(10_000, 4)).toEqual([2500, 2500, 2500, 2500]);
    expect(shareOut(2002, 4)).toEqual([501, 501, 500, 500]);
    expect(shareOut(3, 4)).toEqual([1, 1, 1, 0]);
  });
});
