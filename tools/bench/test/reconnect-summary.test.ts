import { describe, expect, it } from 'vitest';
import type { ReconnectSample } from '../src/reconnect/measure-restart.js';
import { RECONNECT_METRICS, summarizeReconnect } from '../src/reconnect/reconnect-summary.js';

function sample(restart: number, afterListenMs: number): ReconnectSample {
  return { restart, detectMs: 3, restartMs: 120, afterListenMs, outageMs: 120 + afterListenMs, attempts: 2, closeCode: 1006, listenRetries: 0 };
}

describe('summarizeReconnect', () => {
  it('gives median, p90 and range of every interval', () => {
    const rows = summarizeReconnect([10, 50, 20, 40, 30, 60, 70, 80, 90, 500].map((ms, i) => sample(i + 1, ms)));
    expect(rows.map((r) => r.metric)).toEqual(RECONNECT_METRICS);
    const afterListen = rows.find((r) => r.metric === 'afterListenMs')!;
    expect(afterListen.median).toBe(55);
    // Nearest rank: one slow restart in ten stays out of the p90.
    expect(afterListen.p90).toBe(90);
    expect([afterListen.min, afterListen.max]).toEqual([10, 500]);
  });

  it('leaves every value undefined without samples', () => {
    expect(summarizeReconnect([]).every((r) => r.median === undefined && r.p90 === undefined && r.min === undefined)).toBe(true);
  });
});
