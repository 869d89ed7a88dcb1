/**
 * Dials a server and runs the client side of the opening handshake (RFC 6455 §4.1).
 *
 * @module
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import {
  DEFLATE_FRAME_NAMES,
  ErrorCode,
  SgcError,
  acceptDeflateFrameResponse,
  acceptPerMessageDeflateResponse,
  formatExtension,
  generateKey,
  perMessageDeflateOffer,
  validateUpgradeResponse,
  type DeflateAgreement,
  type PerMessageDeflateOptions,
} from '@sgc/frame/node';
import type { ClientTlsOptions } from './client-options.js';
import { dial, type ProxyOptions } from './dial/index.js';

/** What the handshake needs to know. */
export interface HandshakeRequest {
  readonly url: URL;
  readonly protocols: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly perMessageDeflate: PerMessageDeflateOptions | undefined;
  readonly deflateFrame: boolean;
  readonly tls: ClientTlsOptions | undefined;
  readonly proxy: ProxyOptions | undefined;
  readonly keepAlive: { initialDelay: number } | undefined;
  readonly timeout: number;
  readonly signal: AbortSignal | undefined;
}

/** A completed handshake. */
export interface HandshakeResult {
  readonly socket: Socket;
  readonly head: Buffer;
  readonly protocol: string;
  readonly extensions: string;
  readonly agreement: DeflateAgreement | undefined;
  readonly response: IncomingMessage;
}

/**
 * Normalises a client URL: `http(s)` becomes `ws(s)`; `tcp:` and `tcps:` (plain TCP, the manual's
 * `tcp://`) are kept; fragments are refused (RFC 6455 §3).
 *
 * @param url - the URL as given
 * @returns the parsed URL
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for another scheme or a fragment
 */
export function parseWebSocketUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new SgcError(ErrorCode.InvalidArgument, `Invalid URL: ${String(url)}`, { cause: error });
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (!['ws:', 'wss:', 'tcp:', 'tcps:'].includes(parsed.protocol)) {
    throw new SgcError(ErrorCode.InvalidArgument, `Unsupported URL scheme ${parsed.protocol} (use ws:, wss:, tcp: or tcps:)`);
  }
  if (parsed.hash !== '') throw new SgcError(ErrorCode.InvalidArgument, 'A WebSocket URL must not have a fragment');
  return parsed;
}

/**
 * Connects and upgrades.
 *
 * @param options - URL, offers, TLS, timeout and signal
 * @returns the upgraded socket and what was negotiated
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_HANDSHAKE_FAILED` (with `status`), `SGC_ERR_TIMEOUT`, `SGC_ERR_ABORTED`, `SGC_ERR_SOCKET`
 */
export async function openHandshake(options: HandshakeRequest): Promise<HandshakeResult> {
  const { url } = options;
  const started = performance.now();
  const socket = await dialUrl(url, options);
  return upgrade(socket, options, options.timeout - (performance.now() - started));
}

/**
 * Dials the host and port of a `ws:`, `wss:`, `tcp:` or `tcps:` URL, through the proxy when set.
 *
 * @param url - the target
 * @param options - TLS, proxy, keep-alive, timeout and signal
 * @returns the connected socket (TLS for `wss:` and `tcps:`)
 * @throws {@link @sgc/frame!index.SgcError} as {@link dial} does
 */
export function dialUrl(
  url: URL,
  options: Pick<HandshakeRequest, 'tls' | 'proxy' | 'keepAlive' | 'timeout' | 'signal'>,
): Promise<Socket> {
  const secure = url.protocol === 'wss:' || url.protocol === 'tcps:';
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  return dial({
    host,
    port,
    secure,
    timeout: options.timeout,
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.proxy ? { proxy: options.proxy } : {}),
    ...(options.keepAlive ? { keepAlive: options.keepAlive } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** Runs the HTTP upgrade (RFC 6455 §4.1) over a connected socket. */
function upgrade(connected: Socket, options: HandshakeRequest, timeout: number): Promise<HandshakeResult> {
  const { url } = options;
  const key = generateKey();
  const headers: Record<string, string> = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Key': key,
    'Sec-WebSocket-Version': '13',
  };
  if (options.protocols.length > 0) headers['Sec-WebSocket-Protocol'] = options.protocols.join(', ');
  const offers: string[] = [];
  if (options.perMessageDeflate) offers.push(formatExtension(perMessageDeflateOffer(options.perMessageDeflate)));
  if (options.deflateFrame) offers.push(DEFLATE_FRAME_NAMES[0]);
  if (offers.length > 0) headers['Sec-WebSocket-Extensions'] = offers.join(', ');
  Object.assign(headers, options.headers);

  return new Promise<HandshakeResult>((resolve, reject) => {
    let settled = false;
    // The socket is already connected (and TLS done) by dial(), so plain HTTP/1.1 runs over it.
    const request: ClientRequest = httpRequest({
      path: `${url.pathname}${url.search}`,
      headers: { Host: url.host, ...headers },
      createConnection: () => connected,
    });
    const finish = (error: SgcError | undefined, result?: HandshakeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) {
        request.destroy();
        connected.destroy();
        reject(error);
      } else resolve(result!);
    };
    const onAbort = (): void =>
      finish(new SgcError(ErrorCode.Aborted, 'Connect aborted', { cause: options.signal?.reason }));
    const timer = setTimeout(
      () => finish(new SgcError(ErrorCode.Timeout, `Handshake not completed within ${options.timeout} ms`)),
      Math.max(timeout, 0),
    );
    request.on('error', (error) =>
      finish(new SgcError(ErrorCode.Socket, `Cannot connect to ${url.host}: ${error.message}`, { cause: error })),
    );
    request.on('response', (response) => {
      response.resume();
      finish(
        new SgcError(ErrorCode.HandshakeFailed, `Server refused the WebSocket handshake with HTTP ${response.statusCode}`, {
          status: response.statusCode ?? 0,
        }),
      );
    });
    request.on('upgrade', (response: IncomingMessage, socket: Socket, head: Buffer) => {
      try {
        const { protocol, extensions } = validateUpgradeResponse(
          response.statusCode ?? 0,
          response.headers,
          key,
          options.protocols,
        );
        let agreement: DeflateAgreement | undefined;
        if (extensions.length > 1) throw handshakeError('Server accepted more than one extension');
        const accepted = extensions[0];
        if (accepted !== undefined) {
          if (accepted.name === 'permessage-deflate' && options.perMessageDeflate) {
            agreement = acceptPerMessageDeflateResponse(accepted, options.perMessageDeflate);
          } else if ((DEFLATE_FRAME_NAMES as readonly string[]).includes(accepted.name) && options.deflateFrame) {
            agreement = acceptDeflateFrameResponse(accepted, options.perMessageDeflate ?? {});
          } else {
            throw handshakeError(`Server accepted an extension that was not offered: ${accepted.name}`);
          }
        }
        const extensionHeader = accepted ? formatExtension(accepted) : '';
        finish(undefined, { socket, head, protocol, extensions: extensionHeader, agreement, response });
      } catch (error) {
        socket.destroy();
        finish(error instanceof SgcError ? error : handshakeError(String(error)));
      }
    });
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    request.end();
  });
}

function handshakeError(message: string): SgcError {
  return new SgcError(ErrorCode.HandshakeFailed, message, { status: 101 });
}
