/**
 * The Node WebSocket client (the manual's TsgcWebSocketClient).
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import { checkServerIdentity, type TLSSocket } from 'node:tls';
import {
  CloseCode,
  ConnectionLog,
  DeflateCodec,
  DeferredCalls,
  ErrorCode,
  Heartbeat,
  ReadyState,
  SgcError,
  TcpSession,
  Throttle,
  WebSocketSession,
  backoffDelay,
  resolveSessionOptions,
  type FragmentInfo,
  type PingOptions,
  type SendOptions,
  type SessionEvents,
  type SessionHandler,
  type SessionOptions,
  type Transport,
  type TransportHandler,
} from '@sgc/frame/node';
import { authenticate } from './auth.js';
import type { ClientTlsOptions, WatchdogOptions, WebSocketClientOptions } from './client-options.js';
import { loadBalancerUrl, requestBinding } from './load-balancer.js';
import { OfflineQueue } from './offline-queue.js';
import { SendQueue } from './send-queue.js';
import { dialUrl, openHandshake, parseWebSocketUrl } from './open-handshake.js';
import type { ClientPlugin, ConnectRequest } from './plugin.js';

/** Events of a {@link WebSocketClient}. */
export interface WebSocketClientEvents extends SessionEvents {
  /** The handshake completed; sending is allowed. */
  connect: [];
  /** The connection closed; `code` is 1006 when it dropped without a close frame. */
  disconnect: [code: number, reason: string, wasClean: boolean];
  /** The server's handshake response headers, before `connect`. */
  handshake: [headers: IncomingHttpHeaders];
  /**
   * A runtime failure that is not the peer breaking the protocol: a socket error, a timeout,
   * a failed reconnect attempt (the manual's `OnException`). Only emitted when someone listens.
   */
  exception: [error: SgcError];
  /** The watchdog will try to reconnect after `delay` ms. */
  reconnecting: [attempt: number, delay: number];
  /** The watchdog reconnected, after `attempts` tries. */
  reconnected: [attempts: number];
}

/** Options of {@link WebSocketClient.connect}. */
export interface ConnectOptions {
  /** Milliseconds for authentication and the TCP, TLS and WebSocket handshakes together. @defaultValue `connectTimeout` (10000) */
  timeout?: number;
  /** Cancels the attempt. */
  signal?: AbortSignal;
}

/** Options of {@link WebSocketClient.waitFor}. */
export interface WaitForOptions {
  /** Milliseconds to wait; 0 waits without limit. @defaultValue 0 */
  timeout?: number;
  /** Cancels the wait. */
  signal?: AbortSignal;
}

/**
 * A WebSocket client for Node.js. It is also a {@link @sgc/frame!index.Transport}, so protocol
 * clients (MQTT, STOMP, WAMP, ...) run over it.
 *
 * @example
 * ```ts
 * const client = new WebSocketClient({
 *   url: 'wss://example.test/ws',
 *   perMessageDeflate: true,
 *   heartbeat: { interval: 30_000, timeout: 10_000 },
 *   watchdog: { initialDelay: 1000, maxDelay: 30_000 },
 * });
 * client.on('message', (text) => console.log(text));
 * await client.connect({ timeout: 5000 });
 * client.send('hi');
 * await client.close(1000, 'bye');
 * ```
 */
export class WebSocketClient extends EventEmitter<WebSocketClientEvents> implements Transport {
  /** The server URL as configured (plug-ins and auth may connect elsewhere). */
  readonly url: URL;
  readonly #options: WebSocketClientOptions;
  readonly #session: SessionOptions;
  readonly #protocols: readonly string[];
  readonly #watchdog: WatchdogOptions | undefined;
  readonly #offline: OfflineQueue | undefined;
  readonly #queue: SendQueue | undefined;
  readonly #servers: readonly URL[];
  #nextServer = 0;
  #connection: WebSocketSession | TcpSession | undefined;
  /** The connection log, open from `connect()` until the user's `close()`/`disconnect()`. */
  #log: ConnectionLog | undefined;
  #connecting: Promise<void> | undefined;
  /** Cancels the connect in flight when `close()` or `disconnect()` is called before it finishes. */
  #cancelConnect: AbortController | undefined;
  #protocol = '';
  #extensions = '';
  #heartbeat: Heartbeat | undefined;
  #plugin: ClientPlugin | undefined;
  /** `true` from a user's close/disconnect until the next connect: no reconnecting. */
  #userClosed = false;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #attempts = 0;
  #writeTimer: NodeJS.Timeout | undefined;

  /**
   * @param options - URL, offers, limits and behaviour; see {@link WebSocketClientOptions}
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a bad URL or limit
   */
  constructor(options: WebSocketClientOptions) {
    super();
    this.#options = options;
    this.url = parseWebSocketUrl(options.url);
    this.#session = resolveSessionOptions(options);
    this.#protocols = typeof options.protocols === 'string' ? [options.protocols] : (options.protocols ?? []);
    const watchdog = options.watchdog;
    this.#watchdog = watchdog === true ? {} : watchdog || undefined;
    if (this.#watchdog && this.#watchdog.queueWhileOffline !== false) {
      this.#offline = new OfflineQueue(this.#watchdog.offlineQueue);
    }
    if (options.queue !== undefined && options.queue !== 'none') {
      this.#queue = new SendQueue(options.queue, (data, sendOptions) => this.#sendNow(data, sendOptions));
    }
    this.#servers = (options.servers ?? []).map((server) => {
      const url = parseWebSocketUrl(server);
      url.pathname = this.url.pathname;
      url.search = this.url.search;
      return url;
    });
  }

  /** Connection state: 0 connecting (or reconnecting), 1 open, 2 closing, 3 closed. */
  get readyState(): ReadyState {
    if (this.#connection && this.#connection.readyState !== ReadyState.Closed) return this.#connection.readyState;
    return this.#connecting || this.#reconnectTimer ? ReadyState.Connecting : ReadyState.Closed;
  }

  /** `true` while messages may be sent (the manual's `Active`). */
  get isOpen(): boolean {
    return this.#connection?.readyState === ReadyState.Open;
  }

  /** The negotiated sub-protocol, or `''`. */
  get protocol(): string {
    return this.#protocol;
  }

  /** The negotiated extensions as the server sent them, or `''`. */
  get extensions(): string {
    return this.#extensions;
  }

  /** The ALPN protocol the TLS server chose, or `false` (also for `ws://`). */
  get alpnProtocol(): string | false {
    return (this.#connection?.socket as TLSSocket | undefined)?.alpnProtocol ?? false;
  }

  /** Bytes accepted by `send()` but not yet written, including messages queued while offline. */
  get bufferedAmount(): number {
    return (this.#connection?.bufferedAmount ?? 0) + (this.#offline?.bytes ?? 0) + (this.#queue?.bytes ?? 0);
  }

  /**
   * Opens the connection.
   *
   * @param options - timeout and abort signal
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_HANDSHAKE_FAILED` (with `status`), `SGC_ERR_TIMEOUT`, `SGC_ERR_ABORTED`,
   * `SGC_ERR_SOCKET`, or `SGC_ERR_INVALID_STATE` when already open
   * @example
   * ```ts
   * await client.connect({ timeout: 5000, signal: AbortSignal.timeout(10_000) });
   * ```
   */
  connect(options: ConnectOptions = {}): Promise<void> {
    this.#userClosed = false;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    return this.#connect(options);
  }

  /**
   * Sends a message: a string as text, bytes as binary. While the watchdog is
   * reconnecting, messages wait in the bounded offline queue and go out, in order,
   * after the reconnect.
   *
   * @param data - the message
   * @param options - `fragmentSize` splits it into frames of that many bytes; `compress: false` skips compression
   * @returns `false` when the write buffer is at its high-water mark (wait for `drain`)
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN` when not connected (and not queueing)
   * @example
   * ```ts
   * if (!client.send(chunk)) await client.waitFor('drain');
   * client.send(bigBuffer, { fragmentSize: 16 * 1024 });
   * ```
   */
  send(data: string | Uint8Array, options?: SendOptions): boolean {
    const connection = this.#connection;
    if (connection?.readyState === ReadyState.Open) {
      if (this.#queue?.takes(data)) {
        this.#queue.push(data, options);
        return this.bufferedAmount < this.#session.highWaterMark;
      }
      return this.#sendNow(data, options);
    }
    if (this.#offline !== undefined && this.#reconnecting()) {
      // A copy: the caller may reuse its buffer before the connection is back.
      this.#offline.push(typeof data === 'string' ? data : Uint8Array.prototype.slice.call(data));
      return true;
    }
    throw new SgcError(ErrorCode.NotOpen, 'The WebSocket client is not connected');
  }

  /** Writes one message to the open connection; `false` at the high-water mark. */
  #sendNow(data: string | Uint8Array, options: SendOptions | undefined): boolean {
    const connection = this.#connection;
    if (connection?.readyState !== ReadyState.Open) return false;
    const below = connection instanceof WebSocketSession ? connection.send(data, options) : connection.send(data);
    this.#armWriteTimeout(connection);
    return below;
  }

  /**
   * Pings the server and waits for the pong.
   *
   * @param data - at most 125 bytes
   * @param options - `timeout` (default 10 s) and `signal`
   * @returns the round-trip time in milliseconds
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_TIMEOUT`, `SGC_ERR_ABORTED`, `SGC_ERR_CONNECTION_CLOSED`, `SGC_ERR_NOT_OPEN`
   * @example
   * ```ts
   * const rtt = await client.ping('', { timeout: 2000 });
   * ```
   */
  ping(data?: Uint8Array | string, options?: PingOptions): Promise<number> {
    const connection = this.#connection;
    if (!(connection instanceof WebSocketSession) || connection.readyState !== ReadyState.Open) {
      return Promise.reject(new SgcError(ErrorCode.NotOpen, 'The WebSocket client is not connected'));
    }
    return connection.pingAndWait(data, options);
  }

  /**
   * Closes with the closing handshake and resolves once the socket is closed. While
   * connecting, it cancels the attempt instead (`connect()` rejects with `SGC_ERR_ABORTED`).
   * The watchdog does not reconnect after this.
   *
   * @param code - close code @defaultValue 1000
   * @param reason - close reason, at most 123 bytes
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a code that may not be sent
   * @example
   * ```ts
   * await client.close(1000, 'bye');
   * ```
   */
  async close(code: number = CloseCode.Normal, reason = ''): Promise<void> {
    this.#stopReconnecting();
    const connection = this.#connection;
    if (connection === undefined || connection.readyState === ReadyState.Closed) return;
    const closed = new Promise<void>((resolve) => this.once('disconnect', () => resolve()));
    if (connection instanceof WebSocketSession) connection.close(code, reason);
    else void connection.close();
    await closed;
    await this.#closeLog();
  }

  /**
   * Drops the connection at once (the manual's `Disconnect`). With a code, or with the
   * `cleanDisconnect` option, a close frame is sent first without waiting for the answer.
   * The watchdog does not reconnect after this.
   *
   * @param code - optional close code
   * @param reason - optional close reason
   * @example
   * ```ts
   * client.disconnect();
   * ```
   */
  disconnect(code?: number, reason?: string): void {
    this.#stopReconnecting();
    const clean = code ?? (this.#options.cleanDisconnect ? CloseCode.Normal : undefined);
    const connection = this.#connection;
    if (connection instanceof WebSocketSession) connection.terminate(clean, reason);
    else connection?.terminate();
    void this.#closeLog();
  }

  /**
   * Resolves with the arguments of the next `event`. Unlike `events.once()`, an `error`
   * event does not reject it (unless `event` is `error`).
   *
   * @param event - the event name
   * @param options - `timeout` and `signal`
   * @returns the event's arguments
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_TIMEOUT` or `SGC_ERR_ABORTED`
   * @example
   * ```ts
   * const [text] = await client.waitFor('message', { timeout: 5000 });
   * ```
   */
  waitFor<E extends keyof WebSocketClientEvents>(
    event: E,
    options: WaitForOptions = {},
  ): Promise<WebSocketClientEvents[E]> {
    const { timeout = 0, signal } = options;
    return new Promise((resolve, reject) => {
      const listener = (...args: WebSocketClientEvents[E]): void => {
        cleanup();
        resolve(args);
      };
      const onAbort = (): void => {
        cleanup();
        reject(new SgcError(ErrorCode.Aborted, `Stopped waiting for ${event}`, { cause: signal?.reason }));
      };
      const timer =
        timeout > 0
          ? setTimeout(() => {
              cleanup();
              reject(new SgcError(ErrorCode.Timeout, `No ${event} event within ${timeout} ms`));
            }, timeout)
          : undefined;
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.off(event, listener as never);
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.on(event, listener as never);
    });
  }

  /**
   * Delivers this client's events to a protocol handler ({@link @sgc/frame!index.Transport}).
   *
   * @param handler - the protocol's callbacks
   * @returns a function that detaches the handler
   * @example
   * ```ts
   * const detach = client.attach({ onText: (text) => protocol.receive(text) });
   * ```
   */
  attach(handler: TransportHandler): () => void {
    const listeners: Array<[keyof WebSocketClientEvents, (...args: never[]) => void]> = [];
    const add = <E extends keyof WebSocketClientEvents>(
      event: E,
      listener: ((...args: WebSocketClientEvents[E]) => void) | undefined,
    ): void => {
      if (listener === undefined) return;
      this.on(event, listener as never);
      listeners.push([event, listener as never]);
    };
    add('connect', handler.onOpen?.bind(handler));
    add('message', handler.onText?.bind(handler));
    add('binary', handler.onBinary?.bind(handler));
    add('disconnect', handler.onClose ? (code, reason) => handler.onClose!(code, reason) : undefined);
    add('error', handler.onError?.bind(handler));
    add('drain', handler.onDrain?.bind(handler));
    return () => {
      for (const [event, listener] of listeners) this.off(event, listener as never);
    };
  }

  /**
   * Attaches the one API or protocol plug-in this client may have (the manual's `RegisterAPI`).
   *
   * @param plugin - the plug-in
   * @returns a function that removes it
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_STATE` when a plug-in is already attached
   * @example
   * ```ts
   * const remove = client.use(stompPlugin);
   * ```
   */
  use(plugin: ClientPlugin): () => void {
    if (this.#plugin !== undefined) {
      throw new SgcError(ErrorCode.InvalidState, `The client already has the ${this.#plugin.name} plug-in`);
    }
    this.#plugin = plugin;
    plugin.attach?.(this);
    const detach = this.attach(plugin);
    return () => {
      if (this.#plugin !== plugin) return;
      detach();
      this.#plugin = undefined;
      plugin.detach?.();
    };
  }

  /** @internal Routes an error to `error` or `exception`, each only when listened to. */
  report(error: SgcError): void {
    const event = error.closeCode !== undefined ? 'error' : 'exception';
    if (event === 'error' && this.#options.raiseDisconnectErrors === false) return;
    if (this.listenerCount(event) > 0) this.emit(event, error);
  }

  /** @internal The connection drained: the send queue carries on, then listeners hear it. */
  drained(): void {
    this.#queue?.drained();
    this.emit('drain');
  }

  /** @internal The session closed. */
  closed(code: number, reason: string, wasClean: boolean): void {
    this.#heartbeat?.stop();
    this.#heartbeat = undefined;
    this.#queue?.clear();
    clearTimeout(this.#writeTimer);
    this.#writeTimer = undefined;
    // Schedule first, so a 'disconnect' listener that sends already finds the offline queue.
    const delay = this.#watchdog !== undefined && !this.#userClosed ? this.#scheduleReconnect() : undefined;
    this.emit('disconnect', code, reason, wasClean);
    if (delay !== undefined) this.emit('reconnecting', this.#attempts, delay);
  }

  #connect(options: ConnectOptions): Promise<void> {
    if (this.#connecting) return this.#connecting;
    if (this.#connection && this.#connection.readyState !== ReadyState.Closed) {
      return Promise.reject(new SgcError(ErrorCode.InvalidState, 'The client is already connected'));
    }
    const cancel = (this.#cancelConnect = new AbortController());
    const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
    this.#connecting = this.#open(options.timeout ?? this.#options.connectTimeout ?? 10_000, signal).finally(() => {
      this.#connecting = undefined;
      this.#cancelConnect = undefined;
    });
    return this.#connecting;
  }

  async #open(timeout: number, signal: AbortSignal): Promise<void> {
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(timeout)]);
    const target = await this.#target(deadline);
    const log = this.#openLog();
    const throttle = this.#options.throttle ? new Throttle(this.#options.throttle) : undefined;
    const handler = new ClientHandler(this, this.#options.emitMode === 'deferred');
    const dialOptions = {
      tls: this.#tlsOptions(),
      proxy: this.#options.proxy,
      keepAlive: this.#options.tcpKeepAlive,
      timeout,
      signal,
    };
    if (target.protocol === 'tcp:' || target.protocol === 'tcps:') {
      // Plain TCP (the manual's tcp:// URLs): no handshake, no framing.
      const socket = await dialUrl(target, dialOptions);
      const tcp = this.#options.tcp;
      this.#connection = new TcpSession(socket, handler, {
        scanMode: tcp?.scanMode,
        delimiter: tcp?.delimiter,
        maxBuffer: tcp?.maxBuffer,
        highWaterMark: this.#session.highWaterMark,
        closeTimeout: this.#session.closeTimeout,
        throttle,
        log,
      });
      this.#watchConnection(this.#connection);
      this.emit('connect');
      if (this.#attempts > 0) await this.#afterReconnect();
      return;
    }
    const request: ConnectRequest = {
      url: target,
      headers: { ...(this.#options.origin ? { Origin: this.#options.origin } : {}), ...this.#options.headers },
      protocols: [...this.#protocols],
      signal: deadline,
    };
    await this.#options.handshake?.(request);
    await this.#plugin?.beforeConnect?.(request);
    const authenticated = await authenticate(request.url, this.#options.auth, deadline);
    const deflate = this.#options.perMessageDeflate;
    const result = await openHandshake({
      url: authenticated.url,
      protocols: request.protocols,
      headers: { ...request.headers, ...authenticated.headers },
      perMessageDeflate: deflate ? (deflate === true ? {} : deflate) : undefined,
      deflateFrame: this.#options.deflateFrame ?? false,
      ...dialOptions,
    });
    this.#protocol = result.protocol;
    this.#extensions = result.extensions;
    this.emit('handshake', result.response.headers);
    const codec = result.agreement ? new DeflateCodec(result.agreement) : undefined;
    const connection = new WebSocketSession(result.socket, 'client', handler, this.#session, codec, result.head, {
      throttle,
      log,
    });
    this.#connection = connection;
    this.#watchConnection(connection);
    this.emit('connect');
    if (this.#attempts > 0) await this.#afterReconnect();
  }

  /** Node's certificate checks first, then the user's `verifyPeer` (the manual's OnSSLVerifyPeer). */
  #tlsOptions(): ClientTlsOptions | undefined {
    const verifyPeer = this.#options.verifyPeer;
    if (verifyPeer === undefined) return this.#options.tls;
    return {
      ...this.#options.tls,
      checkServerIdentity: (host, certificate) => {
        const failure = checkServerIdentity(host, certificate);
        if (failure) return failure;
        let trusted: boolean;
        try {
          trusted = verifyPeer(certificate, host);
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
        return trusted ? undefined : new Error(`verifyPeer refused the certificate of ${host}`);
      },
    };
  }

  /**
   * The URL this attempt dials: the back-end the load balancer assigns, the next entry of the
   * `servers` list (round robin), or `url`.
   */
  async #target(signal: AbortSignal): Promise<URL> {
    const balancer = this.#options.loadBalancer;
    if (balancer !== undefined) {
      const tls = this.#tlsOptions();
      const proxy = this.#options.proxy;
      const channel = new WebSocketClient({
        url: loadBalancerUrl(balancer),
        ...(tls ? { tls } : {}),
        ...(proxy ? { proxy } : {}),
      });
      const binding = await requestBinding(channel, signal);
      const target = new URL(this.url);
      target.protocol = binding.ssl ? 'wss:' : 'ws:';
      target.hostname = binding.host.includes(':') ? `[${binding.host}]` : binding.host;
      target.port = String(binding.port);
      return target;
    }
    if (this.#servers.length === 0) return new URL(this.url);
    const server = this.#servers[this.#nextServer % this.#servers.length]!;
    this.#nextServer++;
    return new URL(server);
  }

  /** The connection log named by the `log` option, opened on first use. */
  #openLog(): ConnectionLog | undefined {
    const option = this.#options.log;
    if (option === undefined) return undefined;
    return (this.#log ??= new ConnectionLog(typeof option === 'string' ? { fileName: option } : option));
  }

  async #closeLog(): Promise<void> {
    const log = this.#log;
    this.#log = undefined;
    await log?.close().catch((error: unknown) => this.report(error as SgcError));
  }

  /** Idle timeout and heartbeat for a new connection (keep-alive is set when dialling). */
  #watchConnection(connection: WebSocketSession | TcpSession): void {
    const socket = connection.socket;
    const readTimeout = this.#options.readTimeout ?? 0;
    if (readTimeout > 0) {
      socket.setTimeout(readTimeout, () => {
        this.report(new SgcError(ErrorCode.Timeout, `Nothing received or sent for ${readTimeout} ms`));
        connection.terminate();
      });
    }
    const heartbeat = this.#options.heartbeat;
    if (heartbeat && connection instanceof WebSocketSession) {
      this.#heartbeat = new Heartbeat(heartbeat, connection, (error) => {
        this.report(error);
        connection.terminate();
      });
      this.#heartbeat.start();
    }
  }

  /** Fails the connection when written bytes stay unsent for `writeTimeout` ms. */
  #armWriteTimeout(connection: WebSocketSession | TcpSession): void {
    const writeTimeout = this.#options.writeTimeout ?? 0;
    if (writeTimeout <= 0 || this.#writeTimer !== undefined || connection.socket.writableLength === 0) return;
    const socket = connection.socket;
    const onDrain = (): void => {
      clearTimeout(this.#writeTimer);
      this.#writeTimer = undefined;
    };
    socket.once('drain', onDrain);
    this.#writeTimer = setTimeout(() => {
      socket.off('drain', onDrain);
      this.#writeTimer = undefined;
      this.report(new SgcError(ErrorCode.Timeout, `Written data not sent within ${writeTimeout} ms`));
      connection.terminate();
    }, writeTimeout);
  }

  #reconnecting(): boolean {
    return this.#watchdog !== undefined && !this.#userClosed && (this.#reconnectTimer !== undefined || this.#connecting !== undefined);
  }

  #stopReconnecting(): void {
    this.#userClosed = true;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#attempts = 0;
    this.#offline?.clear();
    this.#cancelConnect?.abort(new SgcError(ErrorCode.Aborted, 'The client was closed while connecting'));
  }

  /** Arms the next reconnect attempt; returns its delay, or `undefined` when the attempts are used up. */
  #scheduleReconnect(): number | undefined {
    const watchdog = this.#watchdog!;
    const maxAttempts = watchdog.maxAttempts ?? 0;
    if (maxAttempts > 0 && this.#attempts >= maxAttempts) {
      this.report(new SgcError(ErrorCode.ConnectionClosed, `Gave up reconnecting after ${this.#attempts} attempts`));
      this.#attempts = 0;
      this.#offline?.clear();
      return undefined;
    }
    this.#attempts++;
    const delay = backoffDelay(this.#attempts, watchdog);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      this.#connect({}).catch((error: unknown) => {
        if (this.#userClosed) return;
        this.report(error instanceof SgcError ? error : new SgcError(ErrorCode.Socket, String(error)));
        const next = this.#scheduleReconnect();
        if (next !== undefined) this.emit('reconnecting', this.#attempts, next);
      });
    }, delay);
    return delay;
  }

  /** Resubscribe hooks first, then the messages queued while offline, in order. */
  async #afterReconnect(): Promise<void> {
    const attempts = this.#attempts;
    this.#attempts = 0;
    await this.#plugin?.onReconnected?.();
    this.emit('reconnected', attempts);
    this.#offline?.drain((data) => {
      if (this.isOpen) this.#connection!.send(data);
    });
  }
}

/** Routes session calls to the client's events, inline or on a later turn (emit mode). */
class ClientHandler implements SessionHandler {
  readonly #deferred: DeferredCalls | undefined;

  constructor(
    private readonly client: WebSocketClient,
    deferred: boolean,
  ) {
    this.#deferred = deferred ? new DeferredCalls() : undefined;
  }

  onText(text: string): void {
    if (this.#deferred) this.#deferred.push(() => this.client.emit('message', text));
    else this.client.emit('message', text);
  }
  onBinary(data: Buffer): void {
    if (this.#deferred) this.#deferred.push(() => this.client.emit('binary', data));
    else this.client.emit('binary', data);
  }
  onFragment(data: Buffer, info: FragmentInfo): void {
    if (this.#deferred) this.#deferred.push(() => this.client.emit('fragmented', data, info));
    else this.client.emit('fragmented', data, info);
  }
  onPing(data: Buffer): void {
    if (this.#deferred) this.#deferred.push(() => this.client.emit('ping', data));
    else this.client.emit('ping', data);
  }
  onPong(data: Buffer): void {
    if (this.#deferred) this.#deferred.push(() => this.client.emit('pong', data));
    else this.client.emit('pong', data);
  }
  onError(error: SgcError): void {
    if (this.#deferred) this.#deferred.push(() => this.client.report(error));
    else this.client.report(error);
  }
  onDrain(): void {
    if (this.#deferred) this.#deferred.push(() => this.client.drained());
    else this.client.drained();
  }
  onClose(code: number, reason: string, wasClean: boolean): void {
    if (this.#deferred) this.#deferred.push(() => this.client.closed(code, reason, wasClean));
    else this.client.closed(code, reason, wasClean);
  }
}
