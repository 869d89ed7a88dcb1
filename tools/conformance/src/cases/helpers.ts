/**
 * Small vocabulary shared by the case files: event constructors and the
 * usual expectations, named after what Autobahn's cases write inline.
 *
 * @module
 */
import type { CaseRun } from '../case-run.js';
import { repeatPayload } from '../raw-frame.js';
import { Behavior, type CaseEvent } from '../verdict.js';

/** Normal closure (RFC 6455 §7.4.1). */
export const NORMAL = 1000;
/** Protocol error (§7.4.1). */
export const PROTOCOL_ERROR = 1002;
/** Invalid frame payload data, e.g. bad UTF-8 (§7.4.1). */
export const INVALID_PAYLOAD = 1007;

/**
 * Octets of a payload: strings are UTF-8, bytes are copied.
 *
 * @param data - text or bytes
 * @returns the octets
 */
export function bytes(data: string | Uint8Array): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
}

/**
 * Octets from hex, e.g. `hex('cebae1bd')`.
 *
 * @param h - hex digits, spaces allowed
 * @returns the octets
 */
export function hex(h: string): Buffer {
  return Buffer.from(h.replace(/\s+/g, ''), 'hex');
}

/**
 * `n` copies of `pattern`, like Python's `"*" * n`.
 *
 * @param pattern - text or bytes
 * @param n - total length in octets
 * @returns the octets
 */
export function fill(pattern: string | Uint8Array, n: number): Buffer {
  return repeatPayload(typeof pattern === 'string' ? Buffer.from(pattern, 'utf8') : pattern, n);
}

/**
 * An echoed data message.
 *
 * @param payload - its payload
 * @param binary - binary (true) or text
 * @returns the event
 */
export function message(payload: string | Uint8Array, binary = false): CaseEvent {
  return { kind: 'message', payload: bytes(payload), binary };
}

/**
 * A pong from the testee.
 *
 * @param payload - its application data
 * @returns the event
 */
export function pong(payload: string | Uint8Array = ''): CaseEvent {
  return { kind: 'pong', payload: bytes(payload) };
}

/**
 * A wait that expired with the connection still open (6.4.x).
 *
 * @param tag - "A" or "B"
 * @returns the event
 */
export function timeout(tag: string): CaseEvent {
  return { kind: 'timeout', tag };
}

/**
 * Expects exactly `events` (OK) and a normal close started by the fuzzer.
 *
 * @param c - the running case
 * @param events - expected observations
 */
export function expectEchoAndClose(c: CaseRun, events: CaseEvent[]): void {
  c.expected.set(Behavior.OK, events);
  c.expectedClose = { closedByMe: true, closeCode: [NORMAL], requireClean: true };
}

/**
 * Expects the testee to fail the connection with `code` after `events`.
 *
 * @param c - the running case
 * @param events - expected observations before the failure (OK)
 * @param nonStrict - observations that are only NON-STRICT, if any
 * @param code - expected close code(s)
 */
export function expectPeerFails(c: CaseRun, events: CaseEvent[] = [], nonStrict?: CaseEvent[], code: number | number[] = PROTOCOL_ERROR): void {
  c.expected.set(Behavior.OK, events);
  if (nonStrict) c.expected.set(Behavior.NON_STRICT, nonStrict);
  c.expectedClose = { closedByMe: false, closeCode: Array.isArray(code) ? code : [code], requireClean: false };
}
