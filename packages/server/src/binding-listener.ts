/**
 * One listening address of a server (the manual's binding): an HTTP(S) server that
 * serves upgrades and requests, and, when the server accepts other protocols, a
 * socket listener in front of it that sniffs each connection's first bytes.
 *
 * @module
 */
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import { classifyFirstBytes } from './protocol-sniffer.js';
import type { ServerBinding } from './server-options.js';
import { refuseUpgrade } from './upgrade-response.js';

/** Where a binding hands its traffic. */
export interface BindingHandlers {
  /** An HTTP request that is not an upgrade. */
  request(request: IncomingMessage, response: ServerResponse): void;
  /** An HTTP upgrade request. */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /**
   * A connection whose first bytes are not HTTP (only when set: without it every
   * connection goes straight to the HTTP server, with no sniffing).
   */
  unknownProtocol?: ((socket: Socket, head: Buffer) => void) | undefined;
}

/**
 * Listens on one binding.
 *
 * @example
 * ```ts
 * const listener = new BindingListener({ host: '127.0.0.1', port: 0 }, handlers, 10_000);
 * await listener.listen();
 * console.log(listener.address().port);
 * ```
 */
export class BindingListener {
  /** The HTTP(S) server that parses requests; it listens itself unless sniffing is on. */
  readonly http: HttpServer;
  /** What accepts sockets: the HTTP server, or the sniffing listener in front of it. */
  readonly #acceptor: NetServer;
  readonly #handlers: BindingHandlers;
  readonly #handshakeTimeout: number;
  #closing = false;
  /** The port actually bound, kept so a restart after an unexpected stop takes the same one. */
  #port: number;

  /**
   * @param binding - address, port and TLS settings
   * @param handlers - where requests, upgrades and non-HTTP connections go
   * @param handshakeTimeout - ms a client has to send its request head (or, when sniffing, its first bytes)
   */
  constructor(
    readonly binding: ServerBinding,
    handlers: BindingHandlers,
    handshakeTimeout: number,
  ) {
    this.#handlers = handlers;
    this.#handshakeTimeout = handshakeTimeout;
    this.#port = binding.port;
    const limits = {
      headersTimeout: handshakeTimeout,
      requestTimeout: handshakeTimeout,
      connectionsCheckingInterval: Math.min(handshakeTimeout, 1000),
    };
    const sniffing = handlers.unknownProtocol !== undefined;
    // A sniffing binding terminates TLS in its own listener, so the HTTP server behind it is plain.
    this.http = binding.tls && !sniffing ? createHttpsServer({ ...binding.tls, ...limits }) : createHttpServer(limits);
    const prefix = binding.path;
    if (prefix === undefined) {
      this.http.on('request', handlers.request);
      this.http.on('upgrade', handlers.upgrade);
    } else {
      this.http.on('request', (request: IncomingMessage, response: ServerResponse) => {
        if (underPrefix(request, prefix)) handlers.request(request, response);
        else response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found\n');
      });
      this.http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (underPrefix(request, prefix)) handlers.upgrade(request, socket, head);
        else refuseUpgrade(socket, 400, 'Unknown path');
      });
    }
    if (sniffing) {
      const onSocket = (socket: Socket): void => this.#sniff(socket);
      this.#acceptor = binding.tls ? createTlsServer(binding.tls, onSocket) : createNetServer(onSocket);
      // tls.Server has no clientError handler of its own: a failed TLS handshake must not crash the process.
      this.#acceptor.on('tlsClientError', (_error, socket: Socket) => socket.destroy());
    } else {
      this.#acceptor = this.http;
    }
  }

  /** The bound address (after `listen()`). */
  address(): AddressInfo {
    return this.#acceptor.address() as AddressInfo;
  }

  /** The Node server that accepts this binding's sockets. */
  get acceptor(): NetServer {
    return this.#acceptor;
  }

  /** `true` when the listener stopped without `close()` being called (the watchdog restarts it). */
  get stoppedUnexpectedly(): boolean {
    return !this.#closing && !this.#acceptor.listening;
  }

  /**
   * Starts listening: on the binding's port, or, after an unexpected stop, on the port bound before.
   *
   * @throws the listen error (`EADDRINUSE`, `EACCES`, ...)
   */
  async listen(): Promise<void> {
    const acceptor = this.#acceptor;
    acceptor.listen(this.#port, this.binding.host);
    // once() rejects on 'error' (EADDRINUSE, EACCES, ...).
    await once(acceptor, 'listening');
    this.#port = this.address().port;
    if (acceptor !== this.http) {
      // The HTTP server never listens itself; 'listening' is what starts its connection tracking,
      // which enforces headersTimeout (slowloris) and lets closeAllConnections() reach its sockets.
      this.http.emit('listening');
    }
  }

  /** Stops accepting, drops idle HTTP sockets and resolves once the listener is closed. */
  async close(): Promise<void> {
    this.#closing = true;
    const acceptor = this.#acceptor;
    const closed = new Promise<void>((resolve) => acceptor.close(() => resolve()));
    if (acceptor !== this.http) this.http.close();
    this.http.closeAllConnections();
    await closed;
  }

  /**
   * Reads a connection's first bytes: HTTP goes to the HTTP server with the bytes put
   * back, anything else to `unknownProtocol`. Silent sockets are closed after the handshake timeout.
   */
  #sniff(socket: Socket): void {
    socket.on('error', ignoreError);
    const onTimeout = (): void => void socket.destroy();
    socket.setTimeout(this.#handshakeTimeout, onTimeout);
    let head: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const kind = classifyFirstBytes(head);
      if (kind === 'more') return;
      socket.removeListener('data', onData);
      socket.removeListener('error', ignoreError);
      // With the callback, clearing the timeout also removes the listener, which would outlive the sniff.
      socket.setTimeout(0, onTimeout);
      if (kind === 'http') {
        // Put the bytes back while the socket is still flowing: the HTTP server's data listener
        // reads them before anything newer (a paused socket would let its parser see later bytes first).
        socket.unshift(head);
        this.http.emit('connection', socket);
      } else {
        socket.pause();
        this.#handlers.unknownProtocol?.(socket, head);
      }
    };
    socket.on('data', onData);
  }
}

function ignoreError(): void {}

/** Whether the request's path (without query) lies under the binding's prefix. */
function underPrefix(request: IncomingMessage, prefix: string): boolean {
  const path = (request.url ?? '/').split('?')[0]!;
  return path.startsWith(prefix) || `${path}/` === prefix;
}
