/**
 * The server's watchdog (the manual's `WatchDog{Interval, Attempts}`): every
 * interval it looks for listeners that stopped without `stop()` and listens again.
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';
import type { BindingListener } from './binding-listener.js';
import type { ServerWatchdogOptions } from './server-options.js';

/** What the watchdog reports. */
export interface ListenWatchdogEvents {
  /** A listener listens again after `attempt` tries. */
  restarted(listener: BindingListener, attempt: number): void;
  /** Try `attempt` failed. */
  failed(error: SgcError, attempt: number): void;
}

/** Watchdog settings with their defaults filled in. */
export type ResolvedWatchdogOptions = Required<ServerWatchdogOptions>;

/**
 * Fills in the defaults and checks the values.
 *
 * @param options - interval (ms, default 10 s) and attempts (default 0: no limit)
 * @returns the complete settings
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for an interval that is not a positive number or negative attempts
 */
export function resolveWatchdogOptions(options: ServerWatchdogOptions): ResolvedWatchdogOptions {
  const { interval = 10_000, attempts = 0 } = options;
  if (!(interval > 0)) throw new SgcError(ErrorCode.InvalidArgument, `watchdog.interval must be a positive number, got ${interval}`);
  if (!(attempts >= 0)) throw new SgcError(ErrorCode.InvalidArgument, `watchdog.attempts must be 0 or more, got ${attempts}`);
  return { interval, attempts };
}

/**
 * Watches a server's listeners.
 *
 * @example
 * ```ts
 * const watchdog = new ListenWatchdog(listeners, resolveWatchdogOptions({ interval: 1000, attempts: 5 }), events);
 * // ...
 * watchdog.stop();
 * ```
 */
export class ListenWatchdog {
  readonly #timer: NodeJS.Timeout;
  /** Failed tries per listener since it stopped. */
  readonly #attempts = new Map<BindingListener, number>();
  readonly #busy = new Set<BindingListener>();

  /**
   * @param listeners - the server's listeners
   * @param options - interval and attempts (0: no limit)
   * @param events - where restarts and failures are reported
   */
  constructor(
    private readonly listeners: readonly BindingListener[],
    private readonly options: ResolvedWatchdogOptions,
    private readonly events: ListenWatchdogEvents,
  ) {
    this.#timer = setInterval(() => this.#check(), options.interval).unref();
  }

  /** Stops watching. */
  stop(): void {
    clearInterval(this.#timer);
  }

  #check(): void {
    for (const listener of this.listeners) {
      if (this.#busy.has(listener) || !listener.stoppedUnexpectedly) continue;
      const attempt = (this.#attempts.get(listener) ?? 0) + 1;
      if (this.options.attempts > 0 && attempt > this.options.attempts) continue;
      this.#busy.add(listener);
      listener
        .listen()
        .then(
          () => {
            this.#attempts.delete(listener);
            this.events.restarted(listener, attempt);
          },
          (error: Error) => {
            this.#attempts.set(listener, attempt);
            this.events.failed(new SgcError(ErrorCode.Socket, `Cannot listen again: ${error.message}`, { cause: error }), attempt);
          },
        )
        .finally(() => this.#busy.delete(listener));
    }
  }
}
