/**
 * Request ids in the form eSeGeCe's browser library uses (a random UUID), made with
 * `crypto.getRandomValues`, which browsers offer on plain-HTTP pages too (unlike
 * `crypto.randomUUID`).
 *
 * @module
 */

/**
 * Makes a random version-4 UUID (RFC 9562 §5.4).
 *
 * @returns the UUID, lower-case
 * @example
 * ```ts
 * newRequestId(); // '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b'
 * ```
 */
export function newRequestId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
