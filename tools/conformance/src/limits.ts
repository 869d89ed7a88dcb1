/**
 * Knobs that scale the heavy categories. {@link FULL_LIMITS} are Autobahn's
 * own numbers; smaller values trade throughput measurement for runtime and
 * are recorded in the report, so a reduced run is never mistaken for a
 * full one.
 *
 * @module
 */

/** Scaling of categories 9, 12 and 13. */
export interface Limits {
  /**
   * Divisor for the message sizes of 9.1-9.6 (16 MiB, 4 MiB, 1 MiB).
   * @defaultValue 1 (Autobahn's sizes)
   */
  sizeDivisor: number;
  /** Messages per 9.7.x/9.8.x round-trip case. @defaultValue 1000 */
  roundTrips: number;
  /** Messages per 12.x/13.x case. @defaultValue 50 (Autobahn: 1000) */
  deflateMessages: number;
  /**
   * Upper bound, in seconds, for the timeouts Autobahn gives 9.x-13.x
   * (up to 1000 s); a testee slower than this fails the case.
   * @defaultValue 60
   */
  maxCaseSeconds: number;
}

/** Autobahn's numbers: a full run spends some 20 minutes per role in 12.x/13.x. */
export const FULL_LIMITS: Limits = { sizeDivisor: 1, roundTrips: 1000, deflateMessages: 1000, maxCaseSeconds: 60 };

/**
 * The default: Autobahn's numbers except 50 instead of 1000 messages per
 * 12.x/13.x case. Every size, fragmentation and offer is still covered,
 * and 50 messages of up to 128 KiB wrap around each corpus, so context
 * takeover across many messages is exercised; the full count only adds
 * throughput measurement (about 25 minutes per role against ws here).
 */
export const DEFAULT_LIMITS: Limits = { ...FULL_LIMITS, deflateMessages: 50 };

/**
 * Fills in defaults.
 *
 * @param partial - caller's overrides
 * @returns complete limits
 */
export function resolveLimits(partial: Partial<Limits> = {}): Limits {
  return { ...DEFAULT_LIMITS, ...partial };
}
