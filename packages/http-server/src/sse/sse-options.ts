/**
 * Options of the server-sent events transport.
 *
 * @module
 */

/** Server-sent events settings (the manual's `FallBack.ServerSentEvents`). */
export interface SseOptions {
  /** Milliseconds a browser waits before reconnecting, sent as `retry:` when a stream opens (the manual's `Retry`). @defaultValue 3000 */
  retry?: number;
  /** Milliseconds between comment lines that keep idle streams (and proxies) open; 0 for none. @defaultValue 15000 */
  heartbeat?: number;
  /**
   * Events with an id kept per channel, so a browser reconnecting with `Last-Event-ID` gets what it
   * missed (events sent with `sendEvent` on this node); 0 keeps none. @defaultValue 100
   */
  replay?: number;
  /** A stream is at its high-water mark with this many bytes unsent. @defaultValue 1 MiB */
  highWaterMark?: number;
}

/** {@link SseOptions} with defaults filled in. */
export type ResolvedSseOptions = Required<SseOptions>;

/**
 * Fills in the defaults.
 *
 * @param options - the user's settings
 * @returns complete settings
 */
export function resolveSseOptions(options: SseOptions = {}): ResolvedSseOptions {
  return { retry: 3000, heartbeat: 15_000, replay: 100, highWaterMark: 1024 * 1024, ...options };
}
