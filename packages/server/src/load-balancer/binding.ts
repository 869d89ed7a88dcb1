/**
 * A back-end's address as the balancer hands it to clients, read from the
 * manual's `WS://host:port` strings or from the wire.
 *
 * @module
 */
import { ErrorCode, isRecord, SgcError } from '@sgc/frame';

/**
 * Where a client reaches a back-end: the `result` of `sgc@lb@client@get@binding`.
 *
 * @example
 * ```ts
 * const binding: LoadBalancerBinding = { host: '10.0.0.2', port: 8080, ssl: false };
 * ```
 */
export interface LoadBalancerBinding {
  /** Host name or IP address. */
  readonly host: string;
  /** TCP port, 1-65535. */
  readonly port: number;
  /** Whether the back-end expects TLS (`wss://`). */
  readonly ssl: boolean;
}

/**
 * Reads a binding in the manual's form (`WS://127.0.0.1:80`, `WSS://127.0.0.2:8888`, case-insensitive,
 * IPv6 in brackets) or checks an object one.
 *
 * @param binding - the string or object
 * @returns the binding; a string without a port gets 80 (`ws`) or 443 (`wss`)
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for another scheme, a missing host or a bad port
 * @example
 * ```ts
 * parseBinding('WSS://10.0.0.2:8888'); // { host: '10.0.0.2', port: 8888, ssl: true }
 * ```
 */
export function parseBinding(binding: string | LoadBalancerBinding): LoadBalancerBinding {
  if (typeof binding !== 'string') {
    const checked = readBinding(binding);
    if (checked === undefined) throw new SgcError(ErrorCode.InvalidArgument, `Invalid binding ${JSON.stringify(binding)}`);
    return checked;
  }
  let url: URL;
  try {
    url = new URL(binding);
  } catch {
    throw new SgcError(ErrorCode.InvalidArgument, `Invalid binding ${binding}: not a URL`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new SgcError(ErrorCode.InvalidArgument, `Invalid binding ${binding}: the scheme must be ws or wss`);
  }
  const ssl = url.protocol === 'wss:';
  // URL leaves the port empty when it is the scheme's default.
  const port = url.port === '' ? (ssl ? 443 : 80) : Number(url.port);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new SgcError(ErrorCode.InvalidArgument, `Invalid binding ${binding}: no host`);
  return { host, port, ssl };
}

/**
 * Checks a binding received on the wire.
 *
 * @param value - a parsed JSON value
 * @returns the binding, or `undefined` when the host is missing or the port is not 1-65535
 */
export function readBinding(value: unknown): LoadBalancerBinding | undefined {
  if (!isRecord(value)) return undefined;
  const { host, port, ssl } = value;
  if (typeof host !== 'string' || host === '' || typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    return undefined;
  }
  return { host, port, ssl: ssl === true };
}

/** Addresses that mean "every interface": a client cannot dial them. */
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::']);

/**
 * Replaces a wildcard host (a back-end listening on every interface) with the address the
 * back-end's own connection came from, the one address the balancer knows reaches it.
 *
 * @param binding - a binding a back-end registered
 * @param peerIp - the back-end connection's remote address
 * @returns the binding a client can dial
 */
export function dialableBinding(binding: LoadBalancerBinding, peerIp: string): LoadBalancerBinding {
  if (!WILDCARD_HOSTS.has(binding.host)) return binding;
  // An IPv4 client of a dual-stack listener shows up as ::ffff:a.b.c.d.
  return { ...binding, host: peerIp.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '') };
}
