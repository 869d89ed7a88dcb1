/**
 * The reconnect client's record of its outages: when each connection closed,
 * when the watchdog had it back, and after how many attempts. Timestamps are
 * taken in the event handlers, so how late the parent asks does not matter.
 *
 * @module
 */
import { delay } from '../util/time.js';

/** One outage as the client saw it. Times are `epochMs()` readings. */
export interface Outage {
  /** When the `disconnect` event fired. */
  readonly disconnectedAtMs: number;
  /** The close code of that event (1006: the socket dropped without a close frame). */
  readonly code: number;
  /** When the `reconnected` event fired; `undefined` while still out. */
  readonly reconnectedAtMs: number | undefined;
  /** Connection attempts it took, the successful one included. */
  readonly attempts: number | undefined;
}

/** An outage that ended. */
export interface EndedOutage extends Outage {
  readonly reconnectedAtMs: number;
  readonly attempts: number;
}

/** How often {@link OutageLog.waitForEnd} looks; the timestamps do not depend on it. */
const POLL_MS = 5;

/** Outages in the order they happened. */
export class OutageLog {
  readonly #outages: Outage[] = [];

  /** Every outage so far. */
  get outages(): readonly Outage[] {
    return this.#outages;
  }

  /**
   * Records a close.
   *
   * @param atMs - when it happened
   * @param code - its close code
   */
  disconnected(atMs: number, code: number): void {
    this.#outages.push({ disconnectedAtMs: atMs, code, reconnectedAtMs: undefined, attempts: undefined });
  }

  /**
   * Records the end of the latest outage. It does not throw: it runs inside the
   * client's event handler, where an exception would break the reconnect itself.
   *
   * @param atMs - when the client was connected again
   * @param attempts - attempts it took
   * @returns `false` when no outage was open (the event is then ignored)
   */
  reconnected(atMs: number, attempts: number): boolean {
    const last = this.#outages.at(-1);
    if (last === undefined || last.reconnectedAtMs !== undefined) return false;
    this.#outages[this.#outages.length - 1] = { ...last, reconnectedAtMs: atMs, attempts };
    return true;
  }

  /**
   * Waits until the `n`-th outage (from 1) has ended. Counting outages rather
   * than waiting for "the next" one means a reconnect that happens before the
   * parent's request arrives is not missed.
   *
   * @param n - which outage
   * @param timeoutMs - how long to wait
   * @returns the ended outage
   * @throws Error when it has not ended in time
   */
  async waitForEnd(n: number, timeoutMs: number): Promise<EndedOutage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const outage = this.#outages[n - 1];
      if (outage?.reconnectedAtMs !== undefined && outage.attempts !== undefined) {
        return { ...outage, reconnectedAtMs: outage.reconnectedAtMs, attempts: outage.attempts };
      }
      if (Date.now() >= deadline) {
        const state = outage === undefined ? 'the client never saw the connection close' : 'the client saw the close but is still reconnecting';
        throw new Error(`outage ${n} did not end within ${timeoutMs} ms: ${state}`);
      }
      await delay(POLL_MS);
    }
  }
}
