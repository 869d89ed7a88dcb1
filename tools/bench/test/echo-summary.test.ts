import { describe, expect, it } from 'vitest';
import type { ImplName } from '../src/impl/types.js';
import type { EchoSample } from '../src/echo/measure-echo.js';
import { echoRatios, summarizeEcho } from '../src/echo/echo-summary.js';

function sample(impl: ImplName, round: number, totalUsPerRt: number, rtPerSec = 1000): EchoSample {
  return {
    impl,
    size: 64,
    round,
    roundTrips: 1000,
    elapsedMs: 1000,
    serverCpuUs: (totalUsPerRt / 2) * 1000,
    clientCpuUs: (totalUsPerRt / 2) * 1000,
    serverSystemUs: 0,
    clientSystemUs: 0,
    rtPerSec,
    serverUsPerRt: totalUsPerRt / 2,
    clientUsPerRt: totalUsPerRt / 2,
    totalUsPerRt,
  };
}

describe('echo summaries', () => {
  it('takes medians over rounds per implementation', () => {
    const rows = summarizeEcho([sample('ws', 1, 30), sample('ws', 2, 20), sample('ws', 3, 100)], ['ws'], [64]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.totalUsPerRt).toBe(30);
    expect(rows[0]!.rounds).toBe(3);
  });

  it('pairs ratios by round, so a round disturbed for both sides still gives a fair ratio', () => {
    const samples = [
      sample('sgc', 1, 11),
      sample('net', 1, 10),
      sample('sgc', 2, 33), // both sides slowed down 3x in round 2
      sample('net', 2, 30),
      sample('sgc', 3, 12),
      sample('net', 3, 10),
    ];
    const [row] = echoRatios(samples, [64]);
    expect(row!.sgcOverFloorCpu).toBeCloseTo(1.1);
    expect(row!.wsOverFloorCpu).toBeUndefined();
  });
});
