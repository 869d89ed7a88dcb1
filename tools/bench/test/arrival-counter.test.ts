import { describe, expect, it } from 'vitest';
import { ArrivalCounter, rateBetween } from '../src/throttle/arrival-counter.js';

describe('rateBetween', () => {
  it('measures from last arrival to last arrival, so a mark between two messages does not skew the rate', () => {
    const counter = new ArrivalCounter();
    counter.add(1000, 1008, 0);
    counter.add(1000, 1008, 10);
    // The parent marks at 15, halfway between two messages.
    const first = counter.mark();
    counter.add(1000, 1008, 20);
    counter.add(1000, 1008, 30);
    const second = counter.mark();
    const rate = rateBetween(first, second);
    // 2 messages of 1008 frame bytes in the 20 ms from the arrival at 10 to the one at 30.
    expect(rate?.frameBitsPerSecond).toBeCloseTo((2 * 1008 * 8) / 0.02);
    expect(rate?.payloadBitsPerSecond).toBeCloseTo((2 * 1000 * 8) / 0.02);
    expect(rate?.messages).toBe(2);
    expect(rate?.spanMs).toBe(20);
  });

  it('is undefined before the first arrival and when nothing arrived between the marks', () => {
    const counter = new ArrivalCounter();
    const empty = counter.mark();
    counter.add(10, 12, 5);
    expect(rateBetween(empty, counter.mark())).toBeUndefined();
    const first = counter.mark();
    expect(rateBetween(first, counter.mark())).toBeUndefined();
  });
});
