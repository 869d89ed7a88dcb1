/**
 * The client side of the idle-memory bench: many connections that are opened
 * in batches and then just held. Runs inside the client child.
 *
 * @module
 */
import type { BenchConnection, Connect } from '../impl/types.js';
import { nowMs, withTimeout } from '../util/time.js';

/** How long one batch of connections may take to open. */
const BATCH_TIMEOUT_MS = 30_000;

/** Idle connections held open, and why any of them failed. */
export class IdlePool {
  readonly #connections: BenchConnection[] = [];
  /** Why held connections failed (at most 20 entries). */
  readonly failures: string[] = [];

  /** Connections currently held. */
  get size(): number {
    return this.#connections.length;
  }

  /**
   * Opens `count` connections, `batch` at a time, so the server's accept
   * backlog never overflows and the cost stays bounded per step.
   *
   * @param connect - the implementation's connect function
   * @param port - the server's port
   * @param count - connections to open
   * @param batch - connections opened concurrently
   * @returns how many were opened and how long it took
   * @throws Error when a batch fails or times out (connections already open stay held)
   */
  async open(connect: Connect, port: number, count: number, batch: number): Promise<{ opened: number; ms: number }> {
    const started = nowMs();
    for (let done = 0; done < count; ) {
      const n = Math.min(batch, count - done);
      const opened = await withTimeout(Promise.all(Array.from({ length: n }, () => connect(port))), BATCH_TIMEOUT_MS, `opening connections ${done}-${done + n}`);
      for (const connection of opened) {
        connection.onFailure((reason) => {
          if (this.failures.length < 20) this.failures.push(reason);
        });
        this.#connections.push(connection);
      }
      done += n;
    }
    return { opened: count, ms: nowMs() - started };
  }

  /**
   * Closes every held connection.
   *
   * @returns how many were closed
   */
  async closeAll(): Promise<number> {
    const all = this.#connections.splice(0);
    await Promise.all(all.map((connection) => connection.close()));
    return all.length;
  }
}
