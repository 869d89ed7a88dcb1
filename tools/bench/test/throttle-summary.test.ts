import { describe, expect, it } from 'vitest';
import type { ThrottleDirection, ThrottleSample } from '../src/throttle/measure-rate.js';
import { summarizeThrottle, throttleVerdict } from '../src/throttle/throttle-summary.js';

function sample(direction: ThrottleDirection, bitsPerSecond: number, round: number, ratio: number): ThrottleSample {
  return {
    direction,
    bitsPerSecond,
    round,
    messageSize: 1024,
    messages: 100,
    spanMs: 1000,
    frameBitsPerSecond: bitsPerSecond * ratio,
    payloadBitsPerSecond: bitsPerSecond * ratio * 0.99,
    ratio,
  };
}

describe('throttleVerdict', () => {
  it('passes within 5 % either way, the edges included', () => {
    expect(throttleVerdict(1.05)).toBe('PASS');
    expect(throttleVerdict(0.95)).toBe('PASS');
    expect(throttleVerdict(1.0501)).toBe('FAIL');
    expect(throttleVerdict(0.9)).toBe('FAIL');
    expect(throttleVerdict(undefined)).toBe('n/a');
  });
});

describe('summarizeThrottle', () => {
  it('takes the median ratio over rounds per rate and direction, rates in the order given', () => {
    const rows = summarizeThrottle(
      [sample('send', 4e6, 1, 1.0), sample('send', 4e6, 2, 1.2), sample('send', 4e6, 3, 1.01), sample('receive', 1e6, 1, 0.9)],
      [1e6, 4e6],
    );
    expect(rows.map((r) => [r.direction, r.bitsPerSecond])).toEqual([
      ['receive', 1e6],
      ['send', 4e6],
    ]);
    expect(rows[0]!.verdict).toBe('FAIL');
    // One disturbed round (1.2x) does not fail the rate.
    expect(rows[1]!.ratio).toBe(1.01);
    expect(rows[1]!.verdict).toBe('PASS');
    expect(rows[1]!.rounds).toBe(3);
  });
});
