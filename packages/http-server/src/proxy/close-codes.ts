/**
 * The close codes a `TcpProxy` ends a browser's WebSocket with, and why each one.
 *
 * @module
 */

/**
 * What the proxy sends in its close frame (RFC 6455 §7.4.1 and the IANA "WebSocket Close Code
 * Number Registry"). The reasons sent with them stay generic (`Target unreachable`, ...): the
 * details, which may name internal hosts, go to the proxy's `reject` and `disconnect` events only.
 *
 * An unreachable target gets 1014 (Bad Gateway, registered with IANA as "the server was acting
 * as a gateway or proxy and received an invalid response from the upstream server", the
 * WebSocket twin of HTTP 502) rather than 1011 (Internal Error): the proxy itself did nothing
 * wrong, and a client can tell "the service behind is down, retry later" from "this server is
 * broken". 1011 is kept for faults of the proxy's own configuration or hooks.
 *
 * @example
 * ```ts
 * ws.addEventListener('close', ({ code }) => {
 *   if (code === ProxyCloseCode.BadGateway) retryLater();
 * });
 * ```
 */
export const ProxyCloseCode = {
  /** The target ended or closed its connection in an orderly way; everything it sent was forwarded first. */
  TargetClosed: 1000,
  /** A binary frame on the `base64` sub-protocol, which carries text frames only. */
  UnsupportedData: 1003,
  /** A text frame on the `base64` sub-protocol that is not base64. */
  InvalidPayload: 1007,
  /** The `resolve` hook refused the connection, the target is not on the allow list, or the path is not the proxy's. */
  NotAllowed: 1008,
  /** The `resolve` hook or the allow-list function threw, or `resolve` returned something that is not a target. */
  InternalError: 1011,
  /** The target could not be reached (refused, unreachable, timed out, TLS failed) or its connection failed midway. */
  BadGateway: 1014,
} as const;

/** One of the {@link ProxyCloseCode} values. */
export type ProxyCloseCode = (typeof ProxyCloseCode)[keyof typeof ProxyCloseCode];
