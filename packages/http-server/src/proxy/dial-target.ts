/**
 * Opens the TCP (or TLS) connection to a proxy target, with a timeout that covers the TLS
 * handshake too.
 *
 * @module
 */
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { ErrorCode, SgcError } from '@sgc/frame';
import { ProxyCloseCode } from './close-codes.js';
import { formatTarget, type ProxyTarget } from './proxy-target.js';

/** How to dial. */
export interface DialOptions {
  /** Milliseconds until the connection (and TLS handshake) must be up. */
  readonly timeout: number;
  /** Connect with TLS using these options; plain TCP when `undefined`. */
  readonly tls: ConnectionOptions | undefined;
}

/**
 * Where a dial reports. Both are called synchronously from the socket's events, so the caller
 * can attach its own listeners before the socket emits anything else.
 */
export interface DialCallbacks {
  /** The connection is up (TLS: the handshake is done); the socket is the caller's now. */
  connected(socket: Socket): void;
  /** The connection failed; the socket is already destroyed. */
  failed(error: SgcError): void;
}

/**
 * Connects to a target.
 *
 * @param target - where to connect
 * @param options - timeout and TLS
 * @param callbacks - exactly one of them is called, unless the dial is cancelled first
 * @returns a function that cancels the dial (destroying the socket) without calling back
 * @example
 * ```ts
 * const cancel = dialTarget({ host: '127.0.0.1', port: 6379 }, { timeout: 10_000, tls: undefined }, {
 *   connected: (socket) => socket.end('*1\r\n$4\r\nPING\r\n'),
 *   failed: (error) => console.error(error.code, error.closeCode), // SGC_ERR_SOCKET or SGC_ERR_TIMEOUT, 1014
 * });
 * ```
 */
export function dialTarget(target: ProxyTarget, options: DialOptions, callbacks: DialCallbacks): () => void {
  const { host, port } = target;
  const tls = options.tls;
  // SNI may not carry an IP address (RFC 6066 §3), and Node warns when asked to.
  const socket = tls === undefined ? connectTcp({ host, port }) : connectTls({ ...(isIP(host) === 0 ? { servername: host } : {}), ...tls, host, port });
  const ready = tls === undefined ? 'connect' : 'secureConnect';
  let settled = false;
  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    clearTimeout(timer);
    socket.off(ready, onReady);
    return true;
  };
  const fail = (error: SgcError): void => {
    if (!settle()) return;
    socket.destroy();
    callbacks.failed(error);
  };
  const onReady = (): void => {
    if (!settle()) return;
    socket.off('error', onError);
    callbacks.connected(socket);
  };
  // Stays attached after a failure: a destroyed socket may still report an error, and an
  // 'error' without a listener would crash the process.
  const onError = (cause: Error): void => {
    fail(new SgcError(ErrorCode.Socket, `Cannot connect to ${formatTarget(target)}: ${cause.message}`, { cause, closeCode: ProxyCloseCode.BadGateway }));
  };
  const timer = setTimeout(() => {
    fail(new SgcError(ErrorCode.Timeout, `No connection to ${formatTarget(target)} within ${options.timeout} ms`, { closeCode: ProxyCloseCode.BadGateway }));
  }, options.timeout);
  socket.once(ready, onReady);
  socket.on('error', onError);
  return () => {
    if (settle()) socket.destroy();
  };
}
