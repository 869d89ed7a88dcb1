/**
 * The watchdog settings the reconnect bench gives the sgc client.
 *
 * @module
 */

/**
 * Reconnect attempts 50, 100, 200, 400, then every 500 ms after the close.
 * No jitter, so the spread of the results comes from the machine and the
 * client, not from random delays; a short cap, so one restart costs seconds
 * of bench time, not minutes.
 */
export const RECONNECT_WATCHDOG = { initialDelay: 50, maxDelay: 500, factor: 2, jitter: 0 } as const;

/** The watchdog settings as the report prints them. */
export const RECONNECT_WATCHDOG_TEXT = `{ initialDelay: ${RECONNECT_WATCHDOG.initialDelay}, maxDelay: ${RECONNECT_WATCHDOG.maxDelay}, factor: ${RECONNECT_WATCHDOG.factor}, jitter: ${RECONNECT_WATCHDOG.jitter} }`;
