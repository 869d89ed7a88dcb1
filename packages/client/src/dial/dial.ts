/**
 * Opens the byte stream a WebSocket runs over: TCP or TLS, directly or through an HTTP,
 * HTTPS or SOCKS proxy.
 *
 * @module
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { ErrorCode, SgcError } from '@sgc/frame';
import { authority } from './authority.js';
import { httpConnect } from './http-connect.js';
import { proxyForUrl } from './proxy-env.js';
import { parseProxy, type ProxyDescriptor, type ProxyOptions } from './proxy-options.js';
import { resolveSocksTarget, socksHandshake, type SocksTarget } from './socks.js';

/** TLS settings for a secure target (CA, client certificate, ALPN, ...); `servername` defaults to the host. */
export type DialTlsOptions = Omit<ConnectionOptions, 'host' | 'port' | 'socket' | 'path'>;

/** Options of {@link dial}. */
export interface DialOptions {
  /** The target host name or IP address (IPv6 without brackets). */
  host: string;
  /** The target TCP port, 1-65535. */
  port: number;
  /** Run TLS to the target (end to end, through any proxy tunnel). */
  secure: boolean;
  /** TLS settings for the target when `secure`. */
  tls?: DialTlsOptions;
  /** A proxy to tunnel through; see {@link ProxyOptions}. @defaultValue no proxy */
  proxy?: ProxyOptions;
  /**
   * Milliseconds for the whole dial: proxy connection, tunnel handshake and TLS. `Infinity`
   * waits forever.
   */
  timeout: number;
  /** Cancels the dial. */
  signal?: AbortSignal;
  /** Enable TCP keep-alive on the first hop (the proxy, or the target when direct). @defaultValue off */
  keepAlive?: { initialDelay: number };
}

/** setTimeout() fires at once for delays above this (a signed 32-bit millisecond count). */
const MAX_TIMER = 0x7fffffff;

/**
 * Connects to `host:port`, through a proxy when `proxy` is set, and resolves with a socket
 * ready for the WebSocket opening handshake (RFC 6455 §4.1).
 *
 * 1. Without a proxy: `net.connect`, or `tls.connect` for a secure target.
 * 2. With a proxy: connect to it (over TLS for `https://` proxies), open a tunnel with HTTP
 *    `CONNECT` (RFC 9110 §9.3.6) or SOCKS (RFC 1928), then, for a secure target, run TLS to
 *    the target inside the tunnel, so the proxy never sees plaintext.
 *
 * The promise resolves only once the final socket is usable: connected, and for TLS after
 * `secureConnect` (the certificate was verified). On a timeout, an abort or any failure,
 * every socket the dial created is destroyed. The resolved socket carries none of dial's
 * listeners: attach an `'error'` listener at once.
 *
 * @param options - target, TLS, proxy, timeout and signal
 * @returns the connected socket (a `TLSSocket` when `secure`)
 * @throws {@link @sgc/frame!index.SgcError} (as a rejection):
 *   `SGC_ERR_INVALID_ARGUMENT` for a bad host, port, timeout or proxy URL;
 *   `SGC_ERR_SOCKET` for network and TLS errors (the original error as `cause`), DNS failures
 *   and SOCKS refusals;
 *   `SGC_ERR_HANDSHAKE_FAILED` with `status` when an HTTP proxy refuses `CONNECT` (407, or 401
 *   from tinyproxy: bad or missing credentials);
 *   `SGC_ERR_TIMEOUT`; `SGC_ERR_ABORTED` (the signal's reason as `cause`)
 * @example
 * ```ts
 * const socket = await dial({
 *   host: 'echo.example.com', port: 443, secure: true, timeout: 10_000,
 *   proxy: 'http://user:pass@proxy.corp:3128',
 * });
 * ```
 */
export function dial(options: DialOptions): Promise<Socket> {
  let host: string;
  let proxy: ProxyDescriptor | undefined;
  try {
    host = validate(options);
    proxy = resolveProxy(options, host);
  } catch (error) {
    return Promise.reject(error);
  }
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(aborted(signal));

  return new Promise<Socket>((resolve, reject) => {
    const sockets = new Map<Socket, (error: Error) => void>();
    let settled = false;
    const finish = (error: unknown, socket?: Socket): void => {
      if (settled) {
        socket?.destroy();
        return;
      }
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (socket !== undefined && error === undefined) {
        // Hand-over: the caller attaches its own listeners. Errors on an inner hop of a TLS
        // tunnel are re-emitted by the TLSSocket wrapping it.
        for (const [tracked, onError] of sockets) tracked.removeListener('error', onError);
        resolve(socket);
        return;
      }
      // Our 'error' listeners stay: a destroyed socket may still report a late error.
      for (const tracked of sockets.keys()) tracked.destroy();
      reject(error instanceof SgcError ? error : new SgcError(ErrorCode.Socket, String(error), { cause: error }));
    };
    const track = (socket: Socket, context: string): Socket => {
      const onError = (error: Error): void =>
        finish(new SgcError(ErrorCode.Socket, `${context}: ${error.message}`, { cause: error }));
      socket.on('error', onError);
      sockets.set(socket, onError);
      if (settled) socket.destroy();
      return socket;
    };
    const onAbort = (): void => finish(aborted(signal));
    const through = proxy === undefined ? '' : ` through ${describeProxy(proxy)}`;
    const timer =
      options.timeout <= MAX_TIMER
        ? setTimeout(
            () => finish(new SgcError(ErrorCode.Timeout, `Connecting to ${authority(host, options.port)}${through} timed out after ${options.timeout} ms`)),
            options.timeout,
          )
        : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });

    establish(options, host, proxy, track, () => settled).then(
      (socket) => finish(undefined, socket),
      (error: unknown) => finish(error),
    );
  });
}

type Track = (socket: Socket, context: string) => Socket;

async function establish(
  options: DialOptions,
  host: string,
  proxy: ProxyDescriptor | undefined,
  track: Track,
  isSettled: () => boolean,
): Promise<Socket> {
  const { port } = options;
  const target = authority(host, port);
  if (proxy === undefined) {
    const socket = options.secure
      ? track(tlsConnect({ ...serverName(host), ...options.tls, host, port }), `Cannot connect to ${target}`)
      : track(netConnect({ host, port }), `Cannot connect to ${target}`);
    keepAlive(socket, options);
    await connected(socket, options.secure ? 'secureConnect' : 'connect', target);
    return socket;
  }

  let socksTarget: SocksTarget | undefined;
  if (proxy.type !== 'http' && proxy.type !== 'https') {
    // SOCKS4 and socks5 resolve names here, before any socket exists.
    socksTarget = await resolveSocksTarget(proxy.type, host, port);
    if (isSettled()) throw new SgcError(ErrorCode.Aborted, 'Dial already settled');
  }
  const what = describeProxy(proxy);
  const tunnel = proxy.type === 'https'
    ? track(tlsConnect({ ...serverName(proxy.host), ...proxy.tls, host: proxy.host, port: proxy.port }), `Cannot connect to ${what}`)
    : track(netConnect({ host: proxy.host, port: proxy.port }), `Cannot connect to ${what}`);
  keepAlive(tunnel, options);
  await connected(tunnel, proxy.type === 'https' ? 'secureConnect' : 'connect', what);
  if (socksTarget === undefined) await httpConnect(tunnel, host, port, proxy);
  else await socksHandshake(tunnel, socksTarget, proxy);
  if (!options.secure) return tunnel;

  // TLS to the target runs inside the tunnel; the proxy relays ciphertext only.
  const secure = track(tlsConnect({ ...serverName(host), ...options.tls, socket: tunnel }), `TLS with ${target} through ${what} failed`);
  await connected(secure, 'secureConnect', target);
  return secure;
}

/** Waits for `event`; rejects if the socket closes first (its 'error' is handled by `track`). */
function connected(socket: Socket, event: 'connect' | 'secureConnect', what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onEvent = (): void => {
      socket.removeListener('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      socket.removeListener(event, onEvent);
      reject(new SgcError(ErrorCode.Socket, `Connection to ${what} closed before it was established`));
    };
    socket.once(event, onEvent);
    socket.once('close', onClose);
  });
}

function validate(options: DialOptions): string {
  const host = options.host.startsWith('[') && options.host.endsWith(']') ? options.host.slice(1, -1) : options.host;
  if (host === '') throw new SgcError(ErrorCode.InvalidArgument, 'dial() needs a host');
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new SgcError(ErrorCode.InvalidArgument, `Port must be an integer from 1 to 65535, got ${options.port}`);
  }
  if (!(options.timeout > 0)) {
    throw new SgcError(ErrorCode.InvalidArgument, `Timeout must be a positive number of milliseconds, got ${options.timeout}`);
  }
  const delay = options.keepAlive?.initialDelay;
  if (delay !== undefined && !(delay >= 0 && Number.isFinite(delay))) {
    throw new SgcError(ErrorCode.InvalidArgument, `keepAlive.initialDelay must be a finite number >= 0, got ${delay}`);
  }
  return host;
}

function resolveProxy(options: DialOptions, host: string): ProxyDescriptor | undefined {
  const { proxy } = options;
  if (proxy === undefined) return undefined;
  if (proxy === 'env') {
    const url = proxyForUrl(`${options.secure ? 'https' : 'http'}://${authority(host, options.port)}`);
    return url === undefined ? undefined : parseProxy(url);
  }
  return parseProxy(proxy);
}

function keepAlive(socket: Socket, options: DialOptions): void {
  if (options.keepAlive !== undefined) socket.setKeepAlive(true, options.keepAlive.initialDelay);
}

/** RFC 6066 §3: SNI carries host names only, never IP literals. */
function serverName(host: string): { servername?: string } {
  return isIP(host) === 0 ? { servername: host } : {};
}

function aborted(signal: AbortSignal | undefined): SgcError {
  return new SgcError(ErrorCode.Aborted, 'Connect aborted', { cause: signal?.reason });
}

function describeProxy(proxy: ProxyDescriptor): string {
  return `${proxy.type} proxy ${authority(proxy.host, proxy.port)}`;
}
