/**
 * Counts received messages with the time of the latest arrival, so a rate can
 * be taken between two arrivals instead of between two arbitrary marks: the
 * bytes of the messages that completed after the first mark's last arrival,
 * over the time to the second mark's last arrival. A message still partly on
 * the wire at a mark then never counts for a whole message or for nothing.
 *
 * @module
 */
import { nowMs } from '../util/time.js';

/** The counts at one moment. Everything crosses IPC as JSON. */
export interface RateMark {
  /** Frame bytes received: what the throttle limits. */
  readonly frameBytes: number;
  /** Payload bytes received. */
  readonly payloadBytes: number;
  readonly messages: number;
  /** When the last counted message arrived (`nowMs()` of the counting process), or `null` before the first. */
  readonly lastArrivalMs: number | null;
}

/** A rate between two marks. */
export interface MeasuredRate {
  readonly frameBitsPerSecond: number;
  readonly payloadBitsPerSecond: number;
  /** Messages that arrived between the two marks' last arrivals. */
  readonly messages: number;
  /** Time between the two marks' last arrivals. */
  readonly spanMs: number;
}

/** Running counts of one connection's received messages. */
export class ArrivalCounter {
  #frameBytes = 0;
  #payloadBytes = 0;
  #messages = 0;
  #lastArrivalMs: number | null = null;

  /**
   * Counts one received message.
   *
   * @param payloadBytes - its payload
   * @param frameBytes - its size on the wire
   * @param atMs - when it arrived
   */
  add(payloadBytes: number, frameBytes: number, atMs: number = nowMs()): void {
    this.#payloadBytes += payloadBytes;
    this.#frameBytes += frameBytes;
    this.#messages++;
    this.#lastArrivalMs = atMs;
  }

  /**
   * Reads the counts.
   *
   * @returns the counts now
   */
  mark(): RateMark {
    return { frameBytes: this.#frameBytes, payloadBytes: this.#payloadBytes, messages: this.#messages, lastArrivalMs: this.#lastArrivalMs };
  }
}

/**
 * The rate between two marks of the same counter, from last arrival to last arrival.
 *
 * @param first - the earlier mark
 * @param second - the later mark
 * @returns the rate, or `undefined` when the first mark saw no arrival or nothing arrived in between
 */
export function rateBetween(first: RateMark, second: RateMark): MeasuredRate | undefined {
  if (first.lastArrivalMs === null || second.lastArrivalMs === null) return undefined;
  const messages = second.messages - first.messages;
  const spanMs = second.lastArrivalMs - first.lastArrivalMs;
  if (messages <= 0 || spanMs <= 0) return undefined;
  return {
    frameBitsPerSecond: ((second.frameBytes - first.frameBytes) * 8 * 1000) / spanMs,
    payloadBitsPerSecond: ((second.payloadBytes - first.payloadBytes) * 8 * 1000) / spanMs,
    messages,
    spanMs,
  };
}
