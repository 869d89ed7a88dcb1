/**
 * The options of a `TcpProxy`, and their checks.
 *
 * @module
 */
import type { ConnectionOptions } from 'node:tls';
import { ErrorCode, SgcError } from '@sgc/frame';
import type { ResolveTarget } from './choose-target.js';
import type { ProxySendAs } from './proxy-framing.js';
import { isProxyTarget, type ProxyTarget, type TargetAllowList } from './proxy-target.js';

/**
 * Options of a `TcpProxy` (the manual's TsgcWebSocketProxyServer).
 *
 * @example
 * ```ts
 * const options: TcpProxyOptions = {
 *   target: { host: '127.0.0.1', port: 5900 },
 *   path: '/vnc',
 *   protocols: ['binary', 'base64'],
 * };
 * ```
 */
export interface TcpProxyOptions {
  /** Where connections go, unless `resolve` picks another target. */
  target: ProxyTarget;
  /** The plug-in's name on its server; give each proxy on one server its own. @defaultValue 'tcp-proxy' */
  name?: string;
  /**
   * Proxy only upgrade requests for this path (without query); a connection on another path that
   * negotiates one of `protocols` is closed with 1008. Without it, connections are claimed by
   * `protocols` when given, else every connection on the server is proxied.
   */
  path?: string;
  /**
   * Sub-protocols to accept in the handshake. websockify's `binary` sends the target's bytes in
   * binary frames and `base64` base64-encoded in text frames (both ways); any other name, or a
   * client that offers none, gets frames as `sendAs` says. @defaultValue []
   */
  protocols?: readonly string[];
  /** Picks each connection's target (see {@link ResolveTarget}). */
  resolve?: ResolveTarget;
  /** The only targets that may be dialled, checked after `resolve` (also on the default target); others are refused with 1008. */
  allow?: TargetAllowList;
  /** Milliseconds to connect to the target, TLS handshake included, before the client is closed with 1014. @defaultValue 10000 */
  connectTimeout?: number;
  /** Milliseconds the target gets to close its side after the client left, before the socket is dropped. @defaultValue 30000 */
  closeTimeout?: number;
  /**
   * The frame type for the target's bytes when no sub-protocol decides it: `binary`, or `text`
   * for line protocols (bytes that are not UTF-8 become U+FFFD). @defaultValue 'binary'
   */
  sendAs?: ProxySendAs;
  /** Connect to the target with TLS: `true` for the defaults (the target's host name is verified), or `tls.connect` options. */
  tls?: boolean | ConnectionOptions;
}

/** @internal {@link TcpProxyOptions} with the defaults applied. */
export interface ResolvedProxyOptions {
  readonly target: ProxyTarget;
  readonly name: string;
  readonly path: string | undefined;
  readonly protocols: readonly string[];
  readonly resolve: ResolveTarget | undefined;
  readonly allow: TargetAllowList | undefined;
  readonly connectTimeout: number;
  readonly closeTimeout: number;
  readonly sendAs: ProxySendAs;
  readonly tls: ConnectionOptions | undefined;
}

/**
 * Applies the defaults and checks the options.
 *
 * @param options - the user's options
 * @returns the complete options
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a malformed target, a timeout that is not a
 *   positive number, or an unknown `sendAs`
 * @example
 * ```ts
 * resolveProxyOptions({ target: { host: '127.0.0.1', port: 6379 } }).connectTimeout; // 10000
 * ```
 */
export function resolveProxyOptions(options: TcpProxyOptions): ResolvedProxyOptions {
  if (!isProxyTarget(options.target)) {
    throw new SgcError(ErrorCode.InvalidArgument, 'target must be { host, port } with a non-empty host and a port in 1-65535');
  }
  const connectTimeout = positive('connectTimeout', options.connectTimeout ?? 10_000);
  const closeTimeout = positive('closeTimeout', options.closeTimeout ?? 30_000);
  const sendAs = options.sendAs ?? 'binary';
  if (sendAs !== 'binary' && sendAs !== 'text') {
    throw new SgcError(ErrorCode.InvalidArgument, `sendAs must be 'binary' or 'text', got ${String(sendAs)}`);
  }
  const tls = options.tls === true ? {} : options.tls === false ? undefined : options.tls;
  return {
    target: options.target,
    name: options.name ?? 'tcp-proxy',
    path: options.path,
    protocols: options.protocols ?? [],
    resolve: options.resolve,
    allow: options.allow,
    connectTimeout,
    closeTimeout,
    sendAs,
    tls,
  };
}

function positive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) throw new SgcError(ErrorCode.InvalidArgument, `${name} must be a positive number of milliseconds, got ${value}`);
  return value;
}
