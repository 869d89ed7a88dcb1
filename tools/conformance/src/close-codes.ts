/**
 * Which close status codes may appear on the wire (RFC 6455 §7.4.1,
 * §7.4.2 and the IANA registry of §11.7). The fuzzer uses this to judge
 * the codes a testee sends; the cases send invalid ones on purpose.
 *
 * @module
 */

/**
 * Whether `code` may be sent in a close frame.
 *
 * @param code - the status code
 * @returns true for 1000-1003, 1007-1014 and 3000-4999
 */
export function isSendableCloseCode(code: number): boolean {
  if (code >= 3000 && code <= 4999) return true;
  // 1004 is reserved, 1005/1006/1015 must never be sent (§7.4.1).
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014);
}
