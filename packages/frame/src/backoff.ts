/**
 * Reconnect delays: exponential backoff with full jitter and a cap, so a crowd
 * of clients that lost the same server does not come back in lockstep.
 *
 * @module
 */

/** How reconnect attempts are spaced. Times in milliseconds. */
export interface BackoffOptions {
  /** Delay before the first attempt (the manual's WatchDog `Interval`). @defaultValue 1000 */
  initialDelay?: number;
  /** Largest delay. @defaultValue 30000 */
  maxDelay?: number;
  /** Growth factor per attempt; 1 keeps a fixed interval as the manual's WatchDog does. @defaultValue 2 */
  factor?: number;
  /** Share of each delay that is randomised (0 none, 1 the whole delay). @defaultValue 0.5 */
  jitter?: number;
}

/**
 * The delay before reconnect attempt `attempt` (1-based).
 *
 * @param attempt - which attempt this is, from 1
 * @param options - backoff settings
 * @param random - a source of numbers in [0, 1); `Math.random` by default
 * @returns milliseconds to wait
 * @example
 * ```ts
 * backoffDelay(1, { initialDelay: 1000 }); // between 500 and 1000
 * backoffDelay(10, { initialDelay: 1000, maxDelay: 30_000 }); // at most 30000
 * ```
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const { initialDelay = 1000, maxDelay = 30_000, factor = 2, jitter = 0.5 } = options;
  const base = Math.min(maxDelay, initialDelay * factor ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - jitter * random()));
}
