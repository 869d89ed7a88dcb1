/**
 * Opening handshake text (RFC 6455 §4): the request the fuzzing client
 * sends, the response the fuzzing server sends, and the checks on what the
 * other side sent. Pure string work; the sockets live in the roles.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';

/** The GUID of RFC 6455 §1.3, appended to the key before hashing. */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * `Sec-WebSocket-Accept` for a given `Sec-WebSocket-Key` (§4.2.2 step 5.4).
 *
 * @param key - the client's base64 nonce
 * @returns base64 SHA-1 of key + GUID
 */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

/** @returns a fresh 16-byte base64 nonce for `Sec-WebSocket-Key` (§4.1). */
export function newKey(): string {
  return randomBytes(16).toString('base64');
}

/** A parsed HTTP/1.1 head (status line or request line plus headers). */
export interface HttpHead {
  /** The first line, e.g. `HTTP/1.1 101 Switching Protocols`. */
  startLine: string;
  /** Lower-cased names; repeated headers joined with ", " (RFC 9110 §5.3). */
  headers: Map<string, string>;
}

/**
 * Parses the text before the blank line of an HTTP message.
 *
 * @param text - head without the final CRLF CRLF
 * @returns start line and headers
 */
export function parseHttpHead(text: string): HttpHead {
  const lines = text.split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const prior = headers.get(name);
    headers.set(name, prior === undefined ? value : `${prior}, ${value}`);
  }
  return { startLine: lines[0] ?? '', headers };
}

/** What the fuzzing client puts in its upgrade request. */
export interface ClientRequestOptions {
  /** `host[:port]` for the Host header. */
  host: string;
  /** Request target, path and query. */
  path: string;
  /** The `Sec-WebSocket-Key`. */
  key: string;
  /** `Sec-WebSocket-Extensions` value, if any. */
  extensions?: string | undefined;
}

/**
 * Builds the upgrade request (§4.1).
 *
 * @param options - host, path, key and extension offers
 * @returns the request head including the final blank line
 */
export function buildClientRequest(options: ClientRequestOptions): string {
  const lines = [
    `GET ${options.path} HTTP/1.1`,
    `Host: ${options.host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${options.key}`,
    'Sec-WebSocket-Version: 13',
    'User-Agent: sgc-conformance',
  ];
  if (options.extensions) lines.push(`Sec-WebSocket-Extensions: ${options.extensions}`);
  return lines.join('\r\n') + '\r\n\r\n';
}

/** Whether a comma-separated header value lists `token`, case-insensitively. */
function hasToken(value: string | undefined, token: string): boolean {
  return (value ?? '').split(',').some((t) => t.trim().toLowerCase() === token);
}

/**
 * Checks a server's handshake response against §4.1's client-side rules.
 *
 * @param head - the parsed response
 * @param key - the key the client sent
 * @returns a description of the first problem, or undefined when valid
 */
export function checkServerResponse(head: HttpHead, key: string): string | undefined {
  const status = /^HTTP\/1\.1 (\d{3})/.exec(head.startLine)?.[1];
  if (status !== '101') return `expected status 101, got "${head.startLine}"`;
  if (!hasToken(head.headers.get('upgrade'), 'websocket')) return 'missing "Upgrade: websocket"';
  if (!hasToken(head.headers.get('connection'), 'upgrade')) return 'missing "Connection: Upgrade"';
  if (head.headers.get('sec-websocket-accept') !== acceptKey(key)) return 'wrong Sec-WebSocket-Accept';
  return undefined;
}

/**
 * Checks a client's upgrade request against §4.2.1.
 *
 * @param method - HTTP method
 * @param headers - lower-cased request headers
 * @returns a description of the first problem, or undefined when valid
 */
export function checkClientRequest(method: string, headers: Map<string, string>): string | undefined {
  if (method !== 'GET') return `expected GET, got ${method}`;
  if (!hasToken(headers.get('upgrade'), 'websocket')) return 'missing "Upgrade: websocket"';
  if (!hasToken(headers.get('connection'), 'upgrade')) return 'missing "Connection: Upgrade"';
  const key = headers.get('sec-websocket-key') ?? '';
  if (Buffer.from(key, 'base64').length !== 16) return 'Sec-WebSocket-Key is not a 16-byte nonce';
  if (headers.get('sec-websocket-version') !== '13') return 'Sec-WebSocket-Version is not 13';
  return undefined;
}

/**
 * Builds the 101 response (§4.2.2).
 *
 * @param key - the client's `Sec-WebSocket-Key`
 * @param extensions - accepted `Sec-WebSocket-Extensions`, if any
 * @returns the response head including the final blank line
 */
export function buildServerResponse(key: string, extensions?: string): string {
  const lines = [
    'HTTP/1.1 101 Switching Protocols',
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Accept: ${acceptKey(key)}`,
    'Server: sgc-conformance',
  ];
  if (extensions) lines.push(`Sec-WebSocket-Extensions: ${extensions}`);
  return lines.join('\r\n') + '\r\n\r\n';
}
