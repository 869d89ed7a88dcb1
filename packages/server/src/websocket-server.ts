/**
 * The WebSocket server (the manual's TsgcWebSocketServer): listens, runs the
 * opening handshake, and keeps the connections.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  CloseCode,
  ConnectionLog,
  DeferredCalls,
  PreparedMessage,
  Throttle,
  DeflateCodec,
  ErrorCode,
  ReadyState,
  SgcError,
  TcpSession,
  WebSocketSession,
  acceptDeflateFrame,
  acceptPerMessageDeflate,
  computeAccept,
  formatExtension,
  resolveSessionOptions,
  validateUpgradeRequest,
  type DeflateAgreement,
  type ExtensionOffer,
  type FragmentInfo,
  type PingOptions,
  type SessionHandler,
  type SessionOptions,
} from '@sgc/frame/node';
import { Authenticator, type AuthResult } from './authentication.js';
import { MemoryBackplane, type Backplane, type BackplaneEnvelope } from './backplane/index.js';
import { BindingListener } from './binding-listener.js';
import { ChannelIndex } from './channel-index.js';
import type { ChannelWildcards } from './channel-pattern.js';
import { ListenWatchdog, resolveWatchdogOptions, type ResolvedWatchdogOptions } from './listen-watchdog.js';
import { ServerConnection, type ConnectionInfo, type RawSession, type RawSessionHandler } from './server-connection.js';
import type { HighWaterMarkPolicy, ServerBinding, TcpAcceptOptions, WebSocketServerOptions } from './server-options.js';
import type { ServerPlugin } from './server-plugin.js';
import { refuseUpgrade, writeSwitchingProtocols } from './upgrade-response.js';

/** Events of a {@link WebSocketServer}. Connection events carry the connection first. */
export interface WebSocketServerEvents {
  /** The server is listening (the manual's OnStartup). */
  startup: [];
  /** The server stopped (the manual's OnShutdown). */
  shutdown: [];
  /** A client completed the handshake. */
  connect: [conn: ServerConnection];
  /** A text message from a client. */
  message: [conn: ServerConnection, text: string];
  /** A binary message from a client. */
  binary: [conn: ServerConnection, data: Buffer];
  /** A fragment from a client (fragment modes `fragments` and `all`). */
  fragmented: [conn: ServerConnection, data: Buffer, info: FragmentInfo];
  /** A ping from a client (already answered). */
  ping: [conn: ServerConnection, data: Buffer];
  /** A pong from a client. */
  pong: [conn: ServerConnection, data: Buffer];
  /** A connection's write buffer fell below the high-water mark. */
  drain: [conn: ServerConnection];
  /**
   * A protocol or socket error on a connection (the manual's OnError); only emitted when someone
   * listens. Named like `http.Server`'s event: a server's own `error` would mean the server failed,
   * and `events.once()` would reject on every client's mistake.
   */
  clientError: [conn: ServerConnection, error: SgcError];
  /** A client disconnected. */
  disconnect: [conn: ServerConnection, code: number, reason: string, wasClean: boolean];
  /** The backplane failed an operation (Redis unreachable, ...); only emitted when someone listens. */
  backplaneError: [error: Error];
  /** The watchdog restarted a listener that had stopped without `stop()`. */
  restart: [address: AddressInfo, attempt: number];
  /** The watchdog could not restart a listener; only emitted when someone listens. */
  listenError: [error: SgcError, attempt: number];
}

type State = 'idle' | 'starting' | 'started' | 'stopping';

/** Which connections a {@link WebSocketServer.broadcast} reaches. */
export interface BroadcastFilter {
  /** Only subscribers of this channel. */
  channel?: string;
  /**
   * Matches `channel` with wildcards on either side (a subscription to `news*` gets a message
   * on `news1`; one on `news*` reaches subscribers of `news1`); exact names when omitted.
   */
  wildcards?: ChannelWildcards;
  /** Only connections that negotiated this sub-protocol. */
  protocol?: string;
  /** Only these connection ids. */
  include?: readonly string[];
  /** Not these connection ids. */
  exclude?: readonly string[];
  /**
   * Only this node's connections: the backplane is not used (for messages every node already
   * gets some other way, such as a load balancer's relay). @defaultValue false
   */
  local?: boolean;
}

/**
 * A WebSocket server on its own port or attached to an existing HTTP(S) server.
 *
 * @example
 * ```ts
 * const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: true });
 * await server.start();
 * server.on('message', (conn, text) => conn.send(text));
 * console.log(`listening on ws://127.0.0.1:${server.port}`);
 * await server.stop();
 * ```
 */
export class WebSocketServer extends EventEmitter<WebSocketServerEvents> {
  /** Open connections by id (the manual's `Connections`). */
  readonly connections = new Map<string, ServerConnection>();
  readonly #options: WebSocketServerOptions;
  readonly #session: SessionOptions;
  readonly #policy: HighWaterMarkPolicy;
  readonly #authenticator: Authenticator | undefined;
  readonly #channels = new ChannelIndex<ServerConnection>();
  readonly #backplane: Backplane;
  /** The LogFile, open while the server runs. */
  #log: ConnectionLog | undefined;
  /** This server's id among the nodes sharing a backplane. */
  readonly nodeId: string;
  #heartbeatTimer: NodeJS.Timeout | undefined;
  /** The listeners this server opened itself, one per binding. */
  #listeners: BindingListener[] = [];
  #watchdog: ListenWatchdog | undefined;
  readonly #watchdogOptions: ResolvedWatchdogOptions | undefined;
  readonly #plugins: ServerPlugin[] = [];
  /** Queues connection events on `emitMode: 'deferred'`. */
  readonly #deferred: DeferredCalls | undefined;
  #state: State = 'idle';
  readonly #onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    void this.handleUpgrade(request, socket, head);
  };
  readonly #onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    if (!this.handleRequest(request, response)) this.serveHttp(request, response);
  };
  readonly #onUnknownProtocol = (socket: Socket, head: Buffer): void => {
    void this.#acceptUnknown(socket, head);
  };

  /**
   * @param options - see {@link WebSocketServerOptions}
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for out-of-range limits or watchdog settings
   */
  constructor(options: WebSocketServerOptions = {}) {
    super();
    this.#options = options;
    this.#policy = options.highWaterMarkPolicy ?? 'none';
    this.#session = resolveSessionOptions(options);
    this.#authenticator = options.authentication ? new Authenticator(options.authentication) : undefined;
    this.#backplane = options.backplane ?? new MemoryBackplane();
    this.nodeId = options.nodeId ?? randomUUID();
    this.#deferred = options.emitMode === 'deferred' ? new DeferredCalls() : undefined;
    this.#watchdogOptions = options.watchdog ? resolveWatchdogOptions(options.watchdog) : undefined;
  }

  /** The bound port (after `start()`), or the configured one. */
  get port(): number {
    const address = this.#listeners[0]?.address() ?? this.#options.server?.address();
    return address !== null && typeof address === 'object' ? address.port : (this.#options.port ?? 0);
  }

  /** Every address the server listens on (one per binding), after `start()`. */
  get addresses(): AddressInfo[] {
    return this.#listeners.map((listener) => listener.address());
  }

  /**
   * The Node servers accepting each binding's sockets, in binding order (after `start()`): for
   * settings this class does not wrap. Closing one counts as an unexpected stop for the watchdog.
   */
  get acceptors(): Server[] {
    return this.#listeners.map((listener) => listener.acceptor);
  }

  /**
   * Adds a protocol plug-in (the manual's `protocol.Server := server`): its sub-protocols are
   * accepted in the handshake and the connections it claims are routed to it.
   *
   * @param plugin - the plug-in; see {@link ServerPlugin} and {@link ProtocolServer}
   * @returns this server, for chaining
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` when a plug-in with that name is already in use
   * @example
   * ```ts
   * const server = new WebSocketServer({ port: 8080 }).use(new Upper());
   * ```
   */
  use(plugin: ServerPlugin): this {
    if (this.#plugins.some((used) => used.name === plugin.name)) {
      throw new SgcError(ErrorCode.InvalidArgument, `A plug-in named ${plugin.name} is already in use`);
    }
    this.#plugins.push(plugin);
    plugin.attach?.(this);
    return this;
  }

  /** Number of open connections (the manual's `Count`). */
  get count(): number {
    return this.connections.size;
  }

  /** `true` between `start()` and `stop()` (the manual's `Active`). */
  get active(): boolean {
    return this.#state === 'started';
  }

  /**
   * Starts listening, or attaches to `options.server`.
   *
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_STATE` when already started; `SGC_ERR_SOCKET` when the port cannot be bound
   * @example
   * ```ts
   * await server.start();
   * console.log(server.port);
   * ```
   */
  async start(): Promise<void> {
    if (this.#state !== 'idle') throw new SgcError(ErrorCode.InvalidState, `Cannot start a server that is ${this.#state}`);
    this.#state = 'starting';
    const attached = this.#options.server;
    if (attached !== undefined) {
      attached.on('upgrade', this.#onUpgrade);
    } else {
      const bindings = this.#options.bindings ?? [{ host: this.#options.host, port: this.#options.port ?? 0, tls: this.#options.tls }];
      try {
        for (const binding of bindings) this.#listeners.push(await this.#listen(binding));
      } catch (error) {
        await Promise.all(this.#listeners.map((listener) => listener.close()));
        this.#listeners = [];
        this.#state = 'idle';
        throw new SgcError(ErrorCode.Socket, `Cannot listen: ${(error as Error).message}`, { cause: error });
      }
    }
    try {
      await this.#backplane.start(this.nodeId, (envelope) => this.#deliver(envelope));
    } catch (error) {
      await Promise.all(this.#listeners.map((listener) => listener.close()));
      this.#listeners = [];
      this.#options.server?.removeListener('upgrade', this.#onUpgrade);
      this.#state = 'idle';
      throw error;
    }
    const log = this.#options.log;
    if (log !== undefined) this.#log = new ConnectionLog(typeof log === 'string' ? { fileName: log } : log);
    this.#state = 'started';
    this.#startHeartbeat();
    this.#startWatchdog();
    this.emit('startup');
  }

  /**
   * Closes every connection with 1001 (going away) and the closing handshake, then stops listening.
   * Connections that do not finish the handshake within `closeTimeout` are dropped.
   *
   * @example
   * ```ts
   * process.once('SIGTERM', () => server.stop());
   * ```
   */
  async stop(): Promise<void> {
    if (this.#state !== 'started') return;
    this.#state = 'stopping';
    clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
    this.#watchdog?.stop();
    this.#watchdog = undefined;
    const listeners = this.#listeners;
    this.#options.server?.removeListener('upgrade', this.#onUpgrade);
    await Promise.all([
      ...listeners.map((listener) => listener.close()),
      ...[...this.connections.values()].map((conn) => conn.close(CloseCode.GoingAway)),
    ]);
    await this.#backplane.stop();
    // File errors reach the log options' `onError`; stopping must not fail because of them.
    await this.#log?.close().catch(() => undefined);
    this.#log = undefined;
    this.#listeners = [];
    this.#state = 'idle';
    this.emit('shutdown');
  }

  /** Opens one binding: HTTP or HTTPS, with the handshake timeout, serving upgrades, the sgc endpoints and, when asked, plain TCP. */
  async #listen(binding: ServerBinding): Promise<BindingListener> {
    const handlers = {
      request: this.#onRequest,
      upgrade: this.#onUpgrade,
      unknownProtocol: this.#options.unknownProtocol ? this.#onUnknownProtocol : undefined,
    };
    const listener = new BindingListener(binding, handlers, this.#options.handshakeTimeout ?? 10_000);
    this.configureHttpServer(listener.http);
    await listener.listen();
    return listener;
  }

  #startWatchdog(): void {
    const options = this.#watchdogOptions;
    if (options === undefined || this.#listeners.length === 0) return;
    this.#watchdog = new ListenWatchdog(this.#listeners, options, {
      restarted: (listener, attempt) => this.emit('restart', listener.address(), attempt),
      failed: (error, attempt) => {
        if (this.listenerCount('listenError') > 0) this.emit('listenError', error, attempt);
      },
    });
  }

  /**
   * Completes a WebSocket handshake for an HTTP upgrade request: call it from an
   * existing server's `upgrade` event (after your own authentication, for example).
   *
   * @param request - the upgrade request
   * @param socket - its socket
   * @param head - bytes read past the request head
   * @returns the connection, or `undefined` when the handshake was refused (the socket is answered and closed:
   *   400/405/426 for a bad request, 401 when authentication fails, 403 for a refused origin, 503 at `maxConnections`)
   * @example
   * ```ts
   * const wss = new WebSocketServer({ server: httpServer });
   * httpServer.on('upgrade', (req, socket, head) => {
   *   if (!authorised(req)) return socket.destroy();
   *   wss.handleUpgrade(req, socket, head);
   * });
   * ```
   */
  async handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<ServerConnection | undefined> {
    socket.on('error', ignoreError);
    const refuse = (status: number, message: string, extra?: readonly string[]): undefined => {
      refuseUpgrade(socket, status, message, extra);
      return undefined;
    };
    if (this.#state !== 'started') return refuse(503, 'Server is not accepting connections');
    if (this.atConnectionLimit) return refuse(503, 'Too many connections');
    if (!this.originAllowed(request.headers.origin)) return refuse(403, 'Origin not allowed');
    const claimedBy = this.#plugins.find((plugin) => plugin.claims?.(request) === true);
    const path = this.#options.path;
    if (claimedBy === undefined && path !== undefined && (request.url ?? '/').split('?')[0] !== path) {
      return refuse(400, 'Unknown path');
    }
    let info;
    try {
      info = validateUpgradeRequest(request.method, request.headers);
    } catch (error) {
      const failure = error as SgcError;
      return refuse(failure.status ?? 400, failure.message);
    }
    let auth: AuthResult | undefined;
    if (this.#authenticator !== undefined) {
      auth = await this.#authenticator.authenticateUpgrade(request).catch(() => undefined);
      const challenge = this.#authenticator.challenge;
      if (auth === undefined) return refuse(401, 'Authentication failed', challenge ? [`WWW-Authenticate: ${challenge}`] : []);
      if (socket.destroyed || this.#state !== 'started') return undefined;
    }
    const protocol = this.#selectProtocol(info.protocols, request);
    if (protocol === false) return refuse(400, 'No acceptable sub-protocol');
    let negotiated: { response: ExtensionOffer; agreement: DeflateAgreement } | undefined;
    try {
      negotiated = this.#negotiateCompression(info.extensions);
    } catch (error) {
      return refuse(500, (error as Error).message);
    }
    const extensions = negotiated ? formatExtension(negotiated.response) : '';
    writeSwitchingProtocols(socket, computeAccept(info.key), protocol, extensions);

    const net = socket as Socket;
    const plugin =
      claimedBy ?? this.#plugins.find((candidate) => candidate.claims === undefined && candidate.protocols?.includes(protocol) === true);
    const conn = new ServerConnection(
      {
        id: connectionId(),
        ip: net.remoteAddress ?? '',
        port: net.remotePort ?? 0,
        url: request.url ?? '/',
        protocol,
        extensions,
        transport: 'websocket',
      },
      request.rawHeaders,
      this.#policy,
      this.#channels,
      plugin,
    );
    conn.auth = auth;
    const codec = negotiated ? new DeflateCodec(negotiated.agreement) : undefined;
    conn.session = new WebSocketSession(net, 'server', this.#handlerFor(conn), this.#session, codec, head, this.#sessionExtras());
    socket.removeListener('error', ignoreError);
    this.#opened(conn, request);
    return conn;
  }

  /** A connection's throttle (its own) and the server's log. */
  #sessionExtras(): { throttle: Throttle | undefined; log: ConnectionLog | undefined } {
    return { throttle: this.#options.throttle ? new Throttle(this.#options.throttle) : undefined, log: this.#log };
  }

  #handlerFor(conn: ServerConnection): ConnectionHandler {
    return new ConnectionHandler(this, conn, this.#deferred);
  }

  /** A connection is ready: keep it, tell the backplane, its plug-in (WebSocket only) and the listeners. */
  #opened(conn: ServerConnection, request?: IncomingMessage): void {
    this.connections.set(conn.id, conn);
    this.#backplane.register(conn.id).catch((error: Error) => this.#backplaneFailed(error));
    if (request !== undefined) conn.plugin?.onConnect?.(conn, request);
    this.emit('connect', conn);
  }

  /**
   * Adds a connection that is not a WebSocket, for transports built on the server (server-sent
   * events in `@sgc/http-server`): it joins `connections`, broadcasts, channels, `writeData` and
   * the backplane, and the server emits `connect` for it.
   *
   * @param info - where it came from and its transport
   * @param rawHeaders - the request's raw header lines (`IncomingMessage.rawHeaders`), or `[]`
   * @param createSession - builds its engine around the handler that receives its events
   * @returns the connection
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_STATE` when the server is not started
   * @example
   * ```ts
   * const conn = server.adopt({ ip, port, url, protocol: '', extensions: '', transport: 'sse' }, req.rawHeaders,
   *   (handler) => new SseSession(res, handler));
   * ```
   */
  adopt(
    info: Omit<ConnectionInfo, 'id' | 'headers'>,
    rawHeaders: readonly string[],
    createSession: (handler: RawSessionHandler) => RawSession,
  ): ServerConnection {
    if (this.#state !== 'started') throw new SgcError(ErrorCode.InvalidState, 'The server is not started');
    const conn = new ServerConnection({ ...info, id: connectionId() }, rawHeaders, this.#policy, this.#channels);
    conn.session = createSession(this.#handlerFor(conn));
    this.#opened(conn);
    return conn;
  }

  /**
   * Adjusts the HTTP server of each binding before it listens (timeouts, header limits); the
   * default leaves Node's settings plus the handshake timeout.
   *
   * @param _http - the binding's HTTP server
   */
  protected configureHttpServer(_http: HttpServer): void {}

  /** `true` while `maxConnections` connections are open, so new ones are refused. */
  protected get atConnectionLimit(): boolean {
    const maxConnections = this.#options.maxConnections ?? 0;
    return maxConnections > 0 && this.connections.size >= maxConnections;
  }

  /**
   * Whether a request's `Origin` is in `allowedOrigins` (any origin when there is no list).
   * Compared case-insensitively, as RFC 6454 §6 serialises origins in lower case.
   *
   * @param origin - the `Origin` header; a missing one is refused when there is a list
   * @returns `true` when the origin may connect
   */
  protected originAllowed(origin: string | string[] | undefined): boolean {
    const origins = this.#options.allowedOrigins;
    if (origins === undefined) return true;
    return typeof origin === 'string' && origins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase());
  }

  /** The backplane (the default `MemoryBackplane` when none was given), for state shared by the nodes. */
  protected get backplane(): Backplane {
    return this.#backplane;
  }

  /** The authenticator built from `options.authentication`, for transports that authenticate requests themselves. */
  protected get authenticator(): Authenticator | undefined {
    return this.#authenticator;
  }

  /**
   * Answers an HTTP request that is not an upgrade and that no plug-in or sgc endpoint took:
   * 426 Upgrade Required here; `@sgc/http-server` serves files and handlers instead.
   *
   * @param request - the HTTP request
   * @param response - its response
   */
  protected serveHttp(request: IncomingMessage, response: ServerResponse): void {
    answerPlainHttp(request, response);
  }

  /** A connection that does not speak HTTP: the `unknownProtocol` hook may take it as plain TCP. */
  async #acceptUnknown(socket: Socket, head: Buffer): Promise<void> {
    socket.on('error', ignoreError);
    let decision: boolean | TcpAcceptOptions = false;
    if (this.#state === 'started' && !this.atConnectionLimit) {
      const peer = { ip: socket.remoteAddress ?? '', port: socket.remotePort ?? 0, head, secure: 'encrypted' in socket };
      decision = (await Promise.resolve(this.#options.unknownProtocol?.(peer)).catch(() => false)) ?? false;
    }
    if (decision === false || socket.destroyed || this.#state !== 'started') {
      socket.destroy();
      return;
    }
    const conn = new ServerConnection(
      { id: connectionId(), ip: socket.remoteAddress ?? '', port: socket.remotePort ?? 0, url: '', protocol: '', extensions: '', transport: 'tcp' },
      [],
      this.#policy,
      this.#channels,
    );
    const scan = decision === true ? {} : decision;
    // The sniffed bytes are the connection's first data: they go through the throttle and scanner like any other.
    conn.session = new TcpSession(socket, this.#handlerFor(conn), { ...scan, ...this.#sessionExtras() }, head);
    socket.removeListener('error', ignoreError);
    this.#opened(conn);
    // The sniffer paused the socket; reading resumes once `connect` listeners have set the connection up.
    socket.resume();
  }

  /**
   * Answers the HTTP requests the server itself serves (the sgc session endpoint); call it from
   * an attached server's `request` handler.
   *
   * @param request - the HTTP request
   * @param response - its response
   * @returns `true` when the request was answered here
   * @example
   * ```ts
   * httpServer.on('request', (req, res) => {
   *   if (!wss.handleRequest(req, res)) app(req, res);
   * });
   * ```
   */
  handleRequest(request: IncomingMessage, response: ServerResponse): boolean {
    if (this.#plugins.some((plugin) => plugin.handleRequest?.(request, response) === true)) return true;
    const authenticator = this.#authenticator;
    if (authenticator === undefined || !authenticator.isSessionRequest(request)) return false;
    authenticator.issueSession(request).then(
      (token) => {
        if (token === undefined) {
          const challenge = authenticator.challenge;
          response.writeHead(401, challenge ? { 'WWW-Authenticate': challenge } : {}).end('Authentication failed');
        } else {
          response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(token);
        }
      },
      () => response.writeHead(500).end(),
    );
    return true;
  }

  /**
   * Sends a message to every open connection, optionally filtered (the manual's `Broadcast`).
   *
   * @param data - the message: a string as text, bytes as binary
   * @param filter - `channel` keeps its subscribers, `protocol` connections with that sub-protocol;
   *   `include`/`exclude` are connection ids
   * @returns the number of connections the message was sent to
   * @example
   * ```ts
   * server.broadcast('tick', { protocol: 'chat', exclude: [sender.id] });
   * ```
   */
  broadcast(data: string | Uint8Array, filter: BroadcastFilter = {}): number {
    // Local connections get it now (and the count); the other nodes through the backplane.
    const sent = this.#broadcastLocally(data, filter);
    if (filter.local === true) return sent;
    const { local: _local, ...shared } = filter;
    this.#backplane.publish({ data, ...shared }).catch((error: Error) => this.#backplaneFailed(error));
    return sent;
  }

  #broadcastLocally(data: string | Uint8Array, filter: BroadcastFilter): number {
    const include = filter.include ? new Set(filter.include) : undefined;
    const exclude = filter.exclude ? new Set(filter.exclude) : undefined;
    const targets = this.#targets(filter);
    // Encoded once and shared by every connection that sends it plainly.
    const message = new PreparedMessage(data);
    let sent = 0;
    for (const conn of targets) {
      if (conn.readyState !== ReadyState.Open) continue;
      if (filter.protocol !== undefined && conn.protocol !== filter.protocol) continue;
      if (include?.has(conn.id) === false || exclude?.has(conn.id) === true) continue;
      conn.sendPrepared(message);
      sent++;
    }
    return sent;
  }

  #targets(filter: Pick<BroadcastFilter, 'channel' | 'wildcards'>): Iterable<ServerConnection> {
    const { channel, wildcards } = filter;
    if (channel === undefined) return this.connections.values();
    if (wildcards === undefined) return this.#channels.subscribers(channel);
    return this.#channels.matchingSubscribers(channel, wildcards);
  }

  /** A message from the backplane: broadcasts from other nodes, direct writes to our connections. */
  #deliver(envelope: BackplaneEnvelope): void {
    if (envelope.kind === 'broadcast') {
      if (envelope.origin !== this.nodeId) this.#broadcastLocally(envelope.data, envelope);
      return;
    }
    const conn = this.connections.get(envelope.connectionId);
    if (conn?.readyState === ReadyState.Open) conn.send(envelope.data);
  }

  #backplaneFailed(error: Error): void {
    if (this.listenerCount('backplaneError') > 0) this.emit('backplaneError', error);
  }

  /**
   * Sends a message to one connection by id (the manual's `WriteData(guid, ...)`), on this node
   * or, through the backplane, on whichever node holds it.
   *
   * @param connectionId - the connection's id
   * @param data - the message
   * @returns `false` when no node has an open connection with that id
   * @throws {@link @sgc/frame!index.SgcError} from the backplane when it cannot be reached
   * @example
   * ```ts
   * await server.writeData(conn.id, 'direct');
   * ```
   */
  async writeData(connectionId: string, data: string | Uint8Array): Promise<boolean> {
    const conn = this.connections.get(connectionId);
    if (conn !== undefined) {
      if (conn.readyState !== ReadyState.Open) return false;
      conn.send(data);
      return true;
    }
    const node = await this.#backplane.locate(connectionId);
    if (node === undefined || node === this.nodeId) return false;
    return this.#backplane.sendTo(node, { connectionId, data });
  }

  /**
   * Pings every open connection and drops those that do not answer in time (the manual's `Ping`).
   *
   * @param options - `timeout` per connection (default 10 s) and `signal`
   * @returns the ids that answered and those dropped
   * @example
   * ```ts
   * const { timedOut } = await server.ping({ timeout: 5000 });
   * ```
   */
  async ping(options: PingOptions = {}): Promise<{ answered: string[]; timedOut: string[] }> {
    const open = [...this.connections.values()].filter((conn) => conn.readyState === ReadyState.Open);
    const results = await Promise.allSettled(open.map((conn) => conn.ping(undefined, options)));
    const answered: string[] = [];
    const timedOut: string[] = [];
    results.forEach((result, index) => {
      const conn = open[index]!;
      if (result.status === 'fulfilled') answered.push(conn.id);
      else if ((result.reason as SgcError).code === ErrorCode.Timeout) {
        timedOut.push(conn.id);
        conn.disconnect();
      }
    });
    return { answered, timedOut };
  }

  /**
   * Drops every connection at once (the manual's `DisconnectAll`).
   *
   * @param code - optional close code to announce first
   * @param reason - optional close reason
   * @example
   * ```ts
   * server.disconnectAll(1012, 'restarting');
   * ```
   */
  disconnectAll(code?: number, reason?: string): void {
    for (const conn of [...this.connections.values()]) conn.disconnect(code, reason);
  }

  /** One timer pings every connection; a connection still owing a pong after `timeout` is dropped. */
  #startHeartbeat(): void {
    const heartbeat = this.#options.heartbeat;
    if (heartbeat === undefined) return;
    const timeout = heartbeat.timeout ?? 0;
    this.#heartbeatTimer = setInterval(() => {
      const now = Date.now();
      for (const conn of this.connections.values()) {
        if (conn.heartbeatTick(now, timeout)) continue;
        this.reportError(conn, new SgcError(ErrorCode.Timeout, `HeartBeat Timeout exceeded: no pong within ${timeout} ms`));
        conn.disconnect();
      }
    }, heartbeat.interval).unref();
  }

  /** @internal Reports a connection's error on the connection (`error`) and the server (`clientError`), each only when listened to. */
  reportError(conn: ServerConnection, error: SgcError): void {
    conn.reportError(error);
    if (this.listenerCount('clientError') > 0) this.emit('clientError', conn, error);
  }

  /** @internal Called when a connection's socket closed. */
  forget(conn: ServerConnection, code: number, reason: string, wasClean: boolean): void {
    this.connections.delete(conn.id);
    this.#channels.unsubscribeAll(conn);
    if (this.#state === 'started') this.#backplane.unregister(conn.id).catch((error: Error) => this.#backplaneFailed(error));
    conn.emit('disconnect', code, reason, wasClean);
    conn.plugin?.onDisconnect?.(conn, code, reason, wasClean);
    this.emit('disconnect', conn, code, reason, wasClean);
  }

  #selectProtocol(offered: readonly string[], request: IncomingMessage): string | false {
    const select = this.#options.selectProtocol;
    if (select !== undefined) {
      const chosen = select(offered, request);
      if (chosen === false) return false;
      if (chosen === undefined) return '';
      return offered.includes(chosen) ? chosen : false;
    }
    const supported = [...(this.#options.protocols ?? []), ...this.#plugins.flatMap((plugin) => plugin.protocols ?? [])];
    if (supported.length === 0 || offered.length === 0) return '';
    // The manual: a server that speaks named protocols refuses clients that offer none of them.
    return offered.find((protocol) => supported.includes(protocol)) ?? false;
  }

  #negotiateCompression(
    offers: readonly ExtensionOffer[],
  ): { response: ExtensionOffer; agreement: DeflateAgreement } | undefined {
    const pmd = this.#options.perMessageDeflate;
    if (pmd) {
      const accepted = acceptPerMessageDeflate(offers, pmd === true ? {} : pmd);
      if (accepted) return accepted;
    }
    if (this.#options.deflateFrame) return acceptDeflateFrame(offers, pmd && pmd !== true ? pmd : {});
    return undefined;
  }
}

/**
 * Routes a session's calls to its connection and then to its plug-in or the server,
 * without a closure per call site unless events are deferred.
 */
class ConnectionHandler implements SessionHandler, RawSessionHandler {
  constructor(
    private readonly server: WebSocketServer,
    private readonly conn: ServerConnection,
    private readonly deferred: DeferredCalls | undefined,
  ) {}
  onText(text: string): void {
    if (this.deferred) this.deferred.push(() => this.#text(text));
    else this.#text(text);
  }
  onBinary(data: Buffer): void {
    if (this.deferred) this.deferred.push(() => this.#binary(data));
    else this.#binary(data);
  }
  onFragment(data: Buffer, info: FragmentInfo): void {
    if (this.deferred) this.deferred.push(() => this.#fragment(data, info));
    else this.#fragment(data, info);
  }
  onPing(data: Buffer): void {
    if (this.deferred) this.deferred.push(() => this.#ping(data));
    else this.#ping(data);
  }
  onPong(data: Buffer): void {
    // The heartbeat's bookkeeping is not an event: it must not wait behind deferred ones.
    this.conn.heartbeatAck();
    if (this.deferred) this.deferred.push(() => this.#pong(data));
    else this.#pong(data);
  }
  onError(error: SgcError): void {
    if (this.deferred) this.deferred.push(() => this.server.reportError(this.conn, error));
    else this.server.reportError(this.conn, error);
  }
  onDrain(): void {
    if (this.deferred) this.deferred.push(() => this.#drain());
    else this.#drain();
  }
  onClose(code: number, reason: string, wasClean: boolean): void {
    if (this.deferred) this.deferred.push(() => this.server.forget(this.conn, code, reason, wasClean));
    else this.server.forget(this.conn, code, reason, wasClean);
  }

  #text(text: string): void {
    const { conn } = this;
    conn.emit('message', text);
    if (conn.plugin) conn.plugin.onMessage?.(conn, text);
    else this.server.emit('message', conn, text);
  }
  #binary(data: Buffer): void {
    const { conn } = this;
    conn.emit('binary', data);
    if (conn.plugin) conn.plugin.onBinary?.(conn, data);
    else this.server.emit('binary', conn, data);
  }
  #fragment(data: Buffer, info: FragmentInfo): void {
    this.conn.emit('fragmented', data, info);
    this.server.emit('fragmented', this.conn, data, info);
  }
  #ping(data: Buffer): void {
    this.conn.emit('ping', data);
    this.server.emit('ping', this.conn, data);
  }
  #pong(data: Buffer): void {
    this.conn.emit('pong', data);
    this.server.emit('pong', this.conn, data);
  }
  #drain(): void {
    this.conn.emit('drain');
    this.server.emit('drain', this.conn);
  }
}

function ignoreError(): void {}

/**
 * A random UUID for the manual's connection Guid, as one flat string: Node builds
 * `randomUUID()` from sixteen concatenations, and keeping that rope alive cost each
 * idle connection about 500 bytes of heap.
 */
function connectionId(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}

function answerPlainHttp(_request: IncomingMessage, response: ServerResponse): void {
  const body = 'Upgrade Required: this is a WebSocket endpoint\n';
  response.writeHead(426, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Version': '13',
  });
  response.end(body);
}
