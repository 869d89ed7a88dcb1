/**
 * Formats `host:port` for request lines and messages.
 *
 * @module
 */
import { isIP } from 'node:net';

/**
 * Joins a host and port the way a URL authority spells them, bracketing IPv6 literals
 * (RFC 3986 §3.2.2).
 *
 * @param host - a host name or IP address, IPv6 without brackets
 * @param port - the port
 * @returns `host:port`, or `[v6]:port`
 * @example
 * ```ts
 * authority('::1', 8080); // '[::1]:8080'
 * ```
 * @internal
 */
export function authority(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
