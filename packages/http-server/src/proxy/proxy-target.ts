/**
 * Where a proxied connection goes, and the allow list that limits it.
 *
 * @module
 */
import { isIPv6 } from 'node:net';

/**
 * A TCP service: host name or IP address, and port.
 *
 * @example
 * ```ts
 * const redis: ProxyTarget = { host: '127.0.0.1', port: 6379 };
 * ```
 */
export interface ProxyTarget {
  /** Host name or IP address. */
  readonly host: string;
  /** TCP port, 1-65535. */
  readonly port: number;
}

/**
 * The targets a proxy may connect to: a list (host names compare case-insensitively and are not
 * resolved, so `localhost` and `127.0.0.1` are different entries), or a function that says yes.
 *
 * @example
 * ```ts
 * const allow: TargetAllowList = (target) => target.host === '127.0.0.1' && target.port >= 5900 && target.port < 6000;
 * ```
 */
export type TargetAllowList = readonly ProxyTarget[] | ((target: ProxyTarget) => boolean);

/**
 * Tells whether a value is a usable target.
 *
 * @param value - anything, typically what a `resolve` hook returned
 * @returns `true` for an object with a non-empty `host` string and an integer `port` in 1-65535
 * @example
 * ```ts
 * isProxyTarget({ host: '127.0.0.1', port: 6379 }); // true
 * ```
 */
export function isProxyTarget(value: unknown): value is ProxyTarget {
  if (typeof value !== 'object' || value === null) return false;
  const { host, port } = value as Record<string, unknown>;
  return typeof host === 'string' && host.length > 0 && Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535;
}

/**
 * Checks a target against an allow list.
 *
 * @param allow - the list or function; `undefined` allows every target
 * @param target - the target to check
 * @returns `true` when the target may be dialled
 * @throws whatever an allow-list function throws
 * @example
 * ```ts
 * isAllowed([{ host: 'localhost', port: 6379 }], { host: 'LOCALHOST', port: 6379 }); // true
 * ```
 */
export function isAllowed(allow: TargetAllowList | undefined, target: ProxyTarget): boolean {
  if (allow === undefined) return true;
  if (typeof allow === 'function') return allow(target);
  const host = target.host.toLowerCase();
  return allow.some((entry) => entry.port === target.port && entry.host.toLowerCase() === host);
}

/**
 * Writes a target as `host:port`, with IPv6 addresses in brackets.
 *
 * @param target - the target
 * @returns for example `127.0.0.1:6379` or `[::1]:6379`
 * @example
 * ```ts
 * formatTarget({ host: '::1', port: 5900 }); // '[::1]:5900'
 * ```
 */
export function formatTarget(target: ProxyTarget): string {
  return isIPv6(target.host) ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}
