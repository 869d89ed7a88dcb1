/**
 * The manual's HeartBeat: ping the peer every `interval` and give up on it when a
 * pong does not come back within `timeout` (a half-open TCP connection never
 * reports itself; RFC 6455 §5.5.2 pings are how an endpoint finds out).
 *
 * @module
 */
import { ErrorCode, SgcError } from './errors.js';

/** Heartbeat settings, in milliseconds. */
export interface HeartbeatOptions {
  /** Time between pings. */
  interval: number;
  /** Time to wait for each pong; 0 waits without limit (pings only keep the connection busy). @defaultValue 0 */
  timeout?: number;
}

/** What a heartbeat pings: anything with a ping that resolves on its pong. */
export interface Pingable {
  /** Sends a ping and resolves with the round-trip time, or rejects on timeout. */
  pingAndWait(data: string, options: { timeout: number }): Promise<number>;
}

/**
 * Pings on a timer and reports a missing pong once.
 *
 * @example
 * ```ts
 * const heartbeat = new Heartbeat({ interval: 30_000, timeout: 10_000 }, session, () => session.terminate());
 * heartbeat.start();
 * // ... on close:
 * heartbeat.stop();
 * ```
 */
export class Heartbeat {
  readonly #options: Required<HeartbeatOptions>;
  readonly #target: Pingable;
  readonly #onTimeout: (error: SgcError) => void;
  #timer: NodeJS.Timeout | undefined;

  /**
   * @param options - interval and timeout in milliseconds
   * @param target - the connection to ping
   * @param onTimeout - called once when a pong is overdue, with an `SGC_ERR_TIMEOUT` error
   * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for an interval that is not positive or a negative timeout
   */
  constructor(options: HeartbeatOptions, target: Pingable, onTimeout: (error: SgcError) => void) {
    const timeout = options.timeout ?? 0;
    if (!(options.interval > 0) || !(timeout >= 0)) {
      throw new SgcError(ErrorCode.InvalidArgument, 'Heartbeat interval must be positive and timeout not negative');
    }
    this.#options = { interval: options.interval, timeout };
    this.#target = target;
    this.#onTimeout = onTimeout;
  }

  /** Starts pinging; calling it again restarts the timer. */
  start(): void {
    this.stop();
    this.#timer = setInterval(() => this.#beat(), this.#options.interval).unref();
  }

  /** Stops pinging. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #beat(): void {
    this.#target.pingAndWait('', { timeout: this.#options.timeout }).catch((error: unknown) => {
      if (this.#timer === undefined) return;
      if (error instanceof SgcError && error.code === ErrorCode.Timeout) {
        this.stop();
        this.#onTimeout(
          new SgcError(ErrorCode.Timeout, `HeartBeat Timeout exceeded: no pong within ${this.#options.timeout} ms`),
        );
      }
      // Other failures (connection closed, not open) end the heartbeat through the close path.
    });
  }
}
