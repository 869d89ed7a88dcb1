import { describe, expect, it } from 'vitest';
import { BusySender, type StreamTarget } from '../src/throttle/busy-sender.js';

/** A connection whose buffer holds `capacity` messages and drains when `drain()` is called. */
function fakeTarget(capacity: number): StreamTarget & { queued: number; drain(): void } {
  let wake: (() => void) | undefined;
  const target = {
    queued: 0,
    send: () => ++target.queued < capacity,
    waitForRoom: (signal: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(new Error('stopped')), { once: true });
        wake = resolve;
      }),
    drain: () => {
      target.queued = 0;
      wake?.();
    },
  };
  return target;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('BusySender', () => {
  it('fills the buffer, waits for room, and goes on when it drains', async () => {
    const target = fakeTarget(8);
    const sender = BusySender.start(target, 16);
    await tick();
    expect(sender.sentMessages).toBe(8);
    target.drain();
    await tick();
    expect(sender.sentMessages).toBe(16);
    expect(await sender.stop()).toEqual([]);
  });

  it('reports a send that throws, and a stop while waiting is not a failure', async () => {
    const broken = BusySender.start(
      {
        send: () => {
          throw new Error('the connection closed');
        },
        waitForRoom: async () => {},
      },
      16,
    );
    expect(await broken.stop()).toEqual(['the connection closed']);
    const waiting = BusySender.start(fakeTarget(1), 16);
    await tick();
    expect(await waiting.stop()).toEqual([]);
  });
});
