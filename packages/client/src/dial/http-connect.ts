/**
 * Opens a tunnel through an HTTP proxy with `CONNECT` (RFC 9110 §9.3.6).
 *
 * @module
 */
import type { Socket } from 'node:net';
import { ErrorCode, SgcError } from '@sgc/frame';
import { authority } from './authority.js';
import { readReply, type ParsedReply } from './handshake-reader.js';
import type { ProxyDescriptor } from './proxy-options.js';

/** The proxy's final answer to `CONNECT`. */
export interface ConnectResponse {
  /** The status code, 200-299 on success. */
  readonly status: number;
  /** The reason phrase (may be empty). */
  readonly reason: string;
  /** Header fields, names in lower case; repeated fields joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The largest response head we accept from a proxy: far above what real proxies send, low
 * enough that a broken one cannot make us buffer without bound.
 */
export const MAX_CONNECT_RESPONSE_HEAD = 64 * 1024;

/**
 * Asks an HTTP proxy, over `socket`, for a tunnel to `host:port`.
 *
 * Sends `CONNECT host:port HTTP/1.1` with `Host`, `Proxy-Authorization: Basic` (RFC 7617) when
 * the proxy has credentials, and the proxy's extra headers. Resolves on a 2xx response, once
 * the socket is a raw tunnel; any bytes the proxy sent after the response head are pushed back
 * into the socket.
 *
 * @param socket - a connected socket to the proxy (TCP or TLS)
 * @param host - the target host (IPv6 without brackets)
 * @param port - the target port
 * @param proxy - the proxy, from {@link parseProxy}
 * @returns the proxy's response
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_HANDSHAKE_FAILED` with `status` for a non-2xx response
 *   (407, or 401 from some proxies: authentication failed or missing), or for a response that is not HTTP/1.x;
 *   `SGC_ERR_SOCKET` when the proxy closes or errors first; `SGC_ERR_INVALID_ARGUMENT` for a
 *   host that cannot appear in a request line
 * @example
 * ```ts
 * const socket = net.connect(3128, 'proxy.local');
 * await once(socket, 'connect');
 * await httpConnect(socket, 'example.com', 443, parseProxy('http://proxy.local:3128'));
 * const secure = tls.connect({ socket, servername: 'example.com' });
 * ```
 */
export async function httpConnect(socket: Socket, host: string, port: number, proxy: ProxyDescriptor): Promise<ConnectResponse> {
  const request = connectRequest(host, port, proxy);
  const what = `HTTP proxy ${authority(proxy.host, proxy.port)}`;
  const pending = readReply(socket, parseConnectResponse, what, MAX_CONNECT_RESPONSE_HEAD);
  socket.write(request);
  const response = await pending;
  if (response.status >= 200 && response.status < 300) return response;
  const summary = `HTTP ${response.status}${response.reason === '' ? '' : ` ${response.reason}`}`;
  let message: string;
  // 407 is the proxy's own challenge (RFC 9110 §15.5.8). A CONNECT never reaches the origin,
  // so a 401 comes from the proxy too: tinyproxy answers bad credentials with 401.
  if (response.status === 407 || response.status === 401) {
    message =
      proxy.username === undefined
        ? `${what} requires authentication (${summary})`
        : `${what} authentication failed for user ${JSON.stringify(proxy.username)} (${summary})`;
  } else {
    message = `${what} refused to tunnel to ${authority(host, port)} (${summary})`;
  }
  throw new SgcError(ErrorCode.HandshakeFailed, message, { status: response.status });
}

/**
 * Builds the `CONNECT` request head.
 *
 * @param host - the target host (IPv6 without brackets)
 * @param port - the target port
 * @param proxy - the proxy (credentials and extra headers)
 * @returns the request head, ending with the empty line
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a host with spaces or control characters
 * @internal
 */
export function connectRequest(host: string, port: number, proxy: ProxyDescriptor): string {
  if (host === '' || /[\s\0/@?#[\]]/.test(host)) {
    throw new SgcError(ErrorCode.InvalidArgument, `Invalid target host ${JSON.stringify(host)}`);
  }
  // RFC 9112 §3.2.3: the request target of CONNECT is the authority-form, host:port.
  const target = authority(host, port);
  const headers = new Map<string, [string, string]>();
  const set = (name: string, value: string): void => void headers.set(name.toLowerCase(), [name, value]);
  set('Host', target);
  if (proxy.username !== undefined) {
    // RFC 7617 §2: base64 of user-id ":" password, in UTF-8 (§2.1's only defined charset).
    const credentials = Buffer.from(`${proxy.username}:${proxy.password ?? ''}`, 'utf8').toString('base64');
    set('Proxy-Authorization', `Basic ${credentials}`);
  }
  for (const [name, value] of Object.entries(proxy.headers)) set(name, value);
  let head = `CONNECT ${target} HTTP/1.1\r\n`;
  for (const [name, value] of headers.values()) head += `${name}: ${value}\r\n`;
  return `${head}\r\n`;
}

/**
 * Parses a response head, skipping interim 1xx responses (RFC 9110 §15.2). Lines may end in
 * CRLF or a bare LF (RFC 9112 §2.2 lets a recipient accept either).
 *
 * @param received - every byte received so far
 * @returns the final response and its length, or `undefined` while the head is incomplete
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_HANDSHAKE_FAILED` for a malformed status line or field
 * @internal
 */
export function parseConnectResponse(received: Buffer): ParsedReply<ConnectResponse> | undefined {
  let offset = 0;
  for (;;) {
    const head = splitHead(received, offset);
    if (head === undefined) return undefined;
    const [statusLine = '', ...fields] = head.lines;
    const match = /^HTTP\/1\.\d (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!match) {
      throw new SgcError(ErrorCode.HandshakeFailed, `Proxy sent a malformed status line: ${JSON.stringify(statusLine.slice(0, 100))}`);
    }
    const status = Number(match[1]);
    offset = head.end;
    if (status >= 100 && status < 200) continue;
    // A 2xx response to CONNECT has no body (RFC 9110 §9.3.6: Content-Length and
    // Transfer-Encoding must be ignored): everything after the head is tunnel data.
    return { value: { status, reason: match[2] ?? '', headers: parseFields(fields) }, length: offset };
  }
}

/** Finds the empty line that ends a head starting at `start`; returns its lines (latin1) and end. */
function splitHead(buffer: Buffer, start: number): { lines: string[]; end: number } | undefined {
  const lines: string[] = [];
  let lineStart = start;
  for (;;) {
    const newline = buffer.indexOf(0x0a, lineStart);
    if (newline === -1) return undefined;
    const lineEnd = newline > lineStart && buffer[newline - 1] === 0x0d ? newline - 1 : newline;
    const line = buffer.toString('latin1', lineStart, lineEnd);
    lineStart = newline + 1;
    if (line === '') {
      // Tolerate stray empty lines before the status line (RFC 9112 §2.2).
      if (lines.length === 0) continue;
      return { lines, end: lineStart };
    }
    lines.push(line);
  }
}

function parseFields(lines: readonly string[]): Record<string, string> {
  // No prototype: a field named __proto__ must be a plain entry.
  const fields = Object.create(null) as Record<string, string>;
  let last: string | undefined;
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      // Obsolete line folding (RFC 9112 §5.2): replace it with a space.
      fields[last] = `${fields[last] ?? ''} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new SgcError(ErrorCode.HandshakeFailed, `Proxy sent a malformed header field: ${JSON.stringify(line.slice(0, 100))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    fields[name] = fields[name] === undefined ? value : `${fields[name]}, ${value}`;
    last = name;
  }
  return fields;
}
