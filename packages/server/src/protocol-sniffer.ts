/**
 * Tells HTTP from other protocols by a connection's first bytes, so one port can take
 * WebSocket handshakes and raw TCP clients (the manual's `OnUnknownProtocol`).
 *
 * @module
 */
import { METHODS } from 'node:http';

/** Every method Node's HTTP parser accepts, followed by the space that ends it (RFC 9112 §3). */
const REQUEST_LINE_STARTS = METHODS.map((method) => Buffer.from(`${method} `, 'latin1'));
const LONGEST_START = Math.max(...REQUEST_LINE_STARTS.map((start) => start.length));

/**
 * Classifies the bytes a client sent first.
 *
 * @param head - everything received so far
 * @returns `http` when they begin with a method Node's parser knows and a space, `more`
 *   while they are a shorter prefix of one, and `other` for anything else
 * @example
 * ```ts
 * classifyFirstBytes(Buffer.from('GET / HTTP/1.1\r\n')); // 'http'
 * classifyFirstBytes(Buffer.from([0x10, 0x0c]));        // 'other' (an MQTT CONNECT)
 * ```
 */
export function classifyFirstBytes(head: Uint8Array): 'http' | 'more' | 'other' {
  let prefixOfSome = false;
  for (const start of REQUEST_LINE_STARTS) {
    const length = Math.min(start.length, head.length);
    if (Buffer.compare(start.subarray(0, length), head.subarray(0, length)) !== 0) continue;
    if (head.length >= start.length) return 'http';
    prefixOfSome = true;
  }
  return prefixOfSome && head.length < LONGEST_START ? 'more' : 'other';
}
