/**
 * The WebSocket-to-TCP proxy (the manual's TsgcWebSocketProxyServer, like websockify): a
 * browser reaches a plain TCP service through a WebSocket, as a plug-in of a `WebSocketServer`.
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { SgcError } from '@sgc/frame';
import type { ServerConnection, ServerPlugin } from '@sgc/server';
import { chooseTarget } from './choose-target.js';
import { framingFor } from './proxy-framing.js';
import { resolveProxyOptions, type ResolvedProxyOptions, type TcpProxyOptions } from './proxy-options.js';
import { ProxySession, type ProxiedSession, type ProxyDirection, type ProxySessionStats, type SessionObserver } from './proxy-session.js';

/**
 * Events of a {@link TcpProxy}. Every proxied connection ends in exactly one of two ways:
 * `reject`, or `connect` followed by `disconnect`.
 *
 * @example
 * ```ts
 * proxy.on('disconnect', (session, stats) => console.log(`${session.conn.ip}: ${stats.bytesToTarget} up, ${stats.bytesFromTarget} down`));
 * ```
 */
export interface TcpProxyEvents {
  /** The target is connected; bytes flow both ways from now on. */
  connect: [session: ProxiedSession];
  /** A connected session is over: both the WebSocket and the TCP socket are closed, the counts are final. */
  disconnect: [session: ProxiedSession, stats: ProxySessionStats];
  /**
   * The target was never connected: refused (`closeCode` 1008), the hook failed (1011), the dial
   * failed or timed out (1014), or the client left first (`SGC_ERR_CONNECTION_CLOSED`, no close code).
   */
  reject: [session: ProxiedSession, error: SgcError];
  /** One direction stopped (`paused`) or restarted because the receiving side cannot keep up. */
  backpressure: [session: ProxiedSession, direction: ProxyDirection, paused: boolean];
}

/**
 * A {@link @sgc/server!ServerPlugin} that connects each WebSocket it claims to a TCP service and
 * copies bytes both ways. Text frames from the client reach the target as UTF-8, binary frames as
 * they are (base64-decoded on websockify's `base64` sub-protocol); the target's bytes go back as
 * `sendAs` or the sub-protocol says.
 *
 * The client is not read while the target is dialled, and backpressure holds either side back
 * when the other cannot keep up: a full TCP socket pauses the client, a WebSocket at the server's
 * `highWaterMark` pauses the target. The target closing closes the WebSocket with 1000 after
 * everything it sent; the WebSocket closing ends the TCP connection after everything the client
 * sent. See {@link ProxyCloseCode} for the codes of the failures.
 *
 * @example
 * ```ts
 * import { WebSocketServer } from '@sgc/server';
 *
 * const proxy = new TcpProxy({ target: { host: '127.0.0.1', port: 5900 }, path: '/vnc', protocols: ['binary'] });
 * proxy.on('reject', (session, error) => console.warn(session.conn.ip, error.message));
 * const server = new WebSocketServer({ port: 8080 }).use(proxy);
 * await server.start(); // noVNC connects to ws://host:8080/vnc
 * ```
 */
export class TcpProxy extends EventEmitter<TcpProxyEvents> implements ServerPlugin {
  /** The plug-in's name (`options.name`). */
  readonly name: string;
  /** The sub-protocols the server accepts for this proxy (`options.protocols`). */
  readonly protocols: readonly string[];
  readonly #options: ResolvedProxyOptions;
  readonly #sessions = new Map<string, ProxySession>();
  readonly #observer: SessionObserver = {
    connected: (session) => this.emit('connect', session),
    rejected: (session, error) => {
      this.#sessions.delete(session.conn.id);
      this.emit('reject', session, error);
    },
    ended: (session, stats) => {
      this.#sessions.delete(session.conn.id);
      this.emit('disconnect', session, stats);
    },
    backpressure: (session, direction, paused) => this.emit('backpressure', session, direction, paused),
  };

  /**
   * @param options - see {@link TcpProxyOptions}
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a malformed target, timeout or `sendAs`
   */
  constructor(options: TcpProxyOptions) {
    super();
    this.#options = resolveProxyOptions(options);
    this.name = this.#options.name;
    this.protocols = this.#options.protocols;
  }

  /** The proxied connections whose session is not over yet, by connection id. */
  get sessions(): ReadonlyMap<string, ProxiedSession> {
    return this.#sessions;
  }

  /** @internal Claims by `path`, else by the sub-protocols offered, else every connection. */
  claims(request: IncomingMessage): boolean {
    const { path, protocols } = this.#options;
    if (path !== undefined) return pathOf(request.url ?? '/') === path;
    return protocols.length === 0 || offersAny(request, protocols);
  }

  /** @internal */
  onConnect(conn: ServerConnection, request: IncomingMessage): void {
    const session = new ProxySession(conn, framingFor(conn.protocol, this.#options.sendAs), this.#observer, {
      dial: { timeout: this.#options.connectTimeout, tls: this.#options.tls },
      closeTimeout: this.#options.closeTimeout,
    });
    this.#sessions.set(conn.id, session);
    void session.start(async () => chooseTarget(this.#options, request, conn));
  }

  /** @internal */
  onMessage(conn: ServerConnection, text: string): void {
    this.#sessions.get(conn.id)?.fromClient(text);
  }

  /** @internal */
  onBinary(conn: ServerConnection, data: Buffer): void {
    this.#sessions.get(conn.id)?.fromClient(data);
  }

  /** @internal */
  onDisconnect(conn: ServerConnection, code: number, reason: string): void {
    this.#sessions.get(conn.id)?.clientClosed(code, reason);
  }
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** Whether the request's `Sec-WebSocket-Protocol` offers one of `protocols` (RFC 6455 §4.1: a comma-separated list). */
function offersAny(request: IncomingMessage, protocols: readonly string[]): boolean {
  const offered = request.headers['sec-websocket-protocol'];
  if (offered === undefined || protocols.length === 0) return false;
  return offered.split(',').some((protocol) => protocols.includes(protocol.trim()));
}
