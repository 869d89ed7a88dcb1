/**
 * Close status codes (RFC 6455 §7.4) and the rules for which may travel on the wire.
 *
 * @module
 */

/**
 * The registered close codes (RFC 6455 §7.4.1, IANA registry).
 *
 * 1005, 1006 and 1015 are reserved: they describe a close locally and are
 * never sent in a close frame.
 */
export const CloseCode = {
  /** Normal closure. */
  Normal: 1000,
  /** The endpoint is going away (server shutdown, page navigation). */
  GoingAway: 1001,
  /** The peer broke the protocol. */
  ProtocolError: 1002,
  /** The peer sent a data type this endpoint cannot accept. */
  UnsupportedData: 1003,
  /** No status code was present in the close frame (never sent). */
  NoStatus: 1005,
  /** The connection closed without a close frame (never sent). */
  Abnormal: 1006,
  /** A text message was not valid UTF-8. */
  InvalidPayload: 1007,
  /** A policy was violated (limits, authorisation). */
  PolicyViolation: 1008,
  /** A message was larger than this endpoint accepts. */
  MessageTooBig: 1009,
  /** The client expected an extension the server did not negotiate. */
  MandatoryExtension: 1010,
  /** The server hit an unexpected condition. */
  InternalError: 1011,
  /** The service is restarting. */
  ServiceRestart: 1012,
  /** Try again later. */
  TryAgainLater: 1013,
  /** A gateway received an invalid response upstream. */
  BadGateway: 1014,
  /** The TLS handshake failed (never sent). */
  TlsHandshake: 1015,
} as const;

/**
 * Tells whether `code` may appear in a close frame on the wire: 1000-1003,
 * 1007-1014 and the private/registered range 3000-4999 (RFC 6455 §7.4.2).
 * Any other code received fails the connection with 1002.
 *
 * @param code - the status code read from, or about to be written to, a close frame
 * @returns `true` when the code is allowed on the wire
 * @example
 * ```ts
 * isValidCloseCode(1000); // true
 * isValidCloseCode(1005); // false: reserved for local use
 * ```
 */
export function isValidCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1003) ||
    (code >= 1007 && code <= 1014) ||
    (code >= 3000 && code <= 4999)
  );
}
