/**
 * The counting clients one client child holds on one server, and the watch
 * for a burst: armed with "K more messages each", it notes the moment the last
 * of its connections has them all. Runs inside every fan-out client child:
 * the broadcast bench's (raw WebSocket clients) and the SSE bench's
 * (event-stream clients).
 *
 * @module
 */
import { epochMs, nowMs, withTimeout } from '../util/time.js';

/** A connection that counts the whole messages it has received. */
export interface CountingClient {
  readonly messages: number;
}

/** What a counting client reports to its group. */
export interface CountingClientHandlers<C> {
  /** Called after every chunk that may have completed messages. */
  onMessages(client: C): void;
  /** Called once when the connection fails or closes without being asked to. */
  onFailure(reason: string): void;
}

/** Opens one counting connection to `port` on the bench host. */
export type OpenCountingClient<C> = (port: number, handlers: CountingClientHandlers<C>) => Promise<C>;

/** How long one batch of connections may take to open. */
const BATCH_TIMEOUT_MS = 30_000;

/** Failures are reported, not hoarded. */
const MAX_FAILURES = 20;

/** When a burst had fully arrived here. */
export interface BurstArrival {
  /** `epochMs()` when the last connection got its last message: comparable with the server child's clock. */
  readonly doneAtMs: number;
  /** Messages received by all connections of the group since it was armed. */
  readonly messages: number;
}

/** The pending burst. */
interface Watch<C> {
  /** Per client: the count at which it has the whole burst. */
  readonly targets: Map<C, number>;
  readonly startCount: number;
  arrival: BurstArrival | undefined;
  wake: (() => void) | undefined;
}

/** Connections to one server. */
export class ClientGroup<C extends CountingClient> {
  readonly #openClient: OpenCountingClient<C>;
  readonly #clients: C[] = [];
  readonly #failures: string[] = [];
  #watch: Watch<C> | undefined;

  /** @param openClient - opens one connection of the kind this group holds */
  constructor(openClient: OpenCountingClient<C>) {
    this.#openClient = openClient;
  }

  /** The connections opened so far. */
  get clients(): readonly C[] {
    return this.#clients;
  }

  /**
   * Opens `count` connections, `batch` at a time (the server's accept backlog never overflows).
   *
   * @param port - the server's port
   * @param count - connections to open
   * @param batch - connections opened concurrently
   * @returns how many were opened and how long it took
   * @throws Error when a batch fails or times out (connections already open stay held)
   */
  async open(port: number, count: number, batch: number): Promise<{ opened: number; ms: number }> {
    const started = nowMs();
    const handlers: CountingClientHandlers<C> = { onMessages: (client) => this.#progress(client), onFailure: (reason) => this.#fail(reason) };
    for (let done = 0; done < count; ) {
      const n = Math.min(batch, count - done);
      const opened = await withTimeout(
        Promise.all(Array.from({ length: n }, () => this.#openClient(port, handlers))),
        BATCH_TIMEOUT_MS,
        `opening connections ${done}-${done + n}`,
      );
      this.#clients.push(...opened);
      done += n;
    }
    return { opened: count, ms: nowMs() - started };
  }

  /**
   * Expects `messages` more messages on every connection. Call before the burst starts.
   *
   * @param messages - the burst's length, at least 1
   * @throws Error when a connection has failed
   */
  arm(messages: number): void {
    this.#throwIfFailed();
    const targets = new Map<C, number>();
    let startCount = 0;
    for (const client of this.#clients) {
      targets.set(client, client.messages + messages);
      startCount += client.messages;
    }
    this.#watch = { targets, startCount, arrival: undefined, wake: undefined };
  }

  /**
   * Waits until every connection has the armed burst.
   *
   * @param timeoutMs - how long to wait
   * @returns when it was complete
   * @throws Error when not armed, a connection fails, or the burst is incomplete in time
   */
  async awaitBurst(timeoutMs: number): Promise<BurstArrival> {
    const watch = this.#watch;
    if (!watch) throw new Error('no burst armed');
    if (!watch.arrival) {
      const arrived = new Promise<void>((resolve) => (watch.wake = resolve));
      // Timing out is reported below, with the connections still waiting at that moment.
      await withTimeout(arrived, timeoutMs, 'burst').catch(() => undefined);
    }
    this.#throwIfFailed();
    this.#watch = undefined;
    if (!watch.arrival) {
      throw new Error(`burst incomplete after ${timeoutMs} ms: ${watch.targets.size} of ${this.#clients.length} connections still waiting`);
    }
    return watch.arrival;
  }

  #progress(client: C): void {
    const watch = this.#watch;
    const target = watch?.targets.get(client);
    if (!watch || target === undefined || client.messages < target) return;
    watch.targets.delete(client);
    if (watch.targets.size > 0) return;
    // Read the clock first: the sum below is not part of the arrival.
    const doneAtMs = epochMs();
    const total = this.#clients.reduce((sum, c) => sum + c.messages, 0);
    watch.arrival = { doneAtMs, messages: total - watch.startCount };
    watch.wake?.();
  }

  #fail(reason: string): void {
    if (this.#failures.length < MAX_FAILURES) this.#failures.push(reason);
    // A waiting burst would only time out: the failure is the answer.
    this.#watch?.wake?.();
  }

  #throwIfFailed(): void {
    if (this.#failures.length > 0) throw new Error(`connection failures: ${this.#failures.slice(0, 3).join('; ')}`);
  }
}
