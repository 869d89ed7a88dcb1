/**
 * Keeps a connection's send buffer full: sends one message after another
 * while the connection reports room, waits when it does not. Whatever limits
 * the rate is then the throttle (or the receiver), never the sender.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { describeError } from '../util/time.js';

/** A connection as the sender sees it. */
export interface StreamTarget {
  /**
   * Sends one binary message.
   *
   * @returns `false` when the buffer is full: call `waitForRoom` before the next
   * @throws when the connection is no longer open
   */
  send(data: Buffer): boolean;
  /** Resolves when there is room again; rejects when `signal` aborts. */
  waitForRoom(signal: AbortSignal): Promise<void>;
}

/**
 * Sends without a pause between messages for this many in a row, then lets
 * the event loop run: IPC requests (the parent's marks) must still be answered.
 */
const YIELD_EVERY = 64;

/** Failures are reported, not hoarded. */
const MAX_FAILURES = 5;

/** A running send loop. */
export class BusySender {
  /** Messages handed to the connection so far. */
  sentMessages = 0;
  /** Why the loop ended early, if it did. */
  readonly failures: string[] = [];
  readonly #stop = new AbortController();
  readonly #done: Promise<void>;

  private constructor(target: StreamTarget, size: number) {
    this.#done = this.#loop(target, randomBytes(size));
  }

  /**
   * Starts sending `size`-byte messages to `target` until {@link BusySender.stop}.
   *
   * @param target - the connection
   * @param size - payload bytes per message
   * @returns the running sender
   */
  static start(target: StreamTarget, size: number): BusySender {
    return new BusySender(target, size);
  }

  /**
   * Stops the loop. It does not wait for a full buffer to drain: the
   * connection is dropped right after, and queued bytes go with it.
   *
   * @returns the failures seen while sending
   */
  async stop(): Promise<readonly string[]> {
    this.#stop.abort();
    await this.#done;
    return this.failures;
  }

  async #loop(target: StreamTarget, payload: Buffer): Promise<void> {
    const signal = this.#stop.signal;
    let sinceYield = 0;
    try {
      while (!signal.aborted) {
        const room = target.send(payload);
        this.sentMessages++;
        if (!room) {
          sinceYield = 0;
          await target.waitForRoom(signal);
        } else if (++sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await yieldToLoop();
        }
      }
    } catch (error) {
      // Stopping aborts the wait for room; that is not a failure.
      if (!signal.aborted && this.failures.length < MAX_FAILURES) this.failures.push(describeError(error));
    }
  }
}
