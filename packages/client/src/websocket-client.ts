/**
 * The Node WebSocket client (the manual's TsgcWebSocketClient), core part.
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import {
  CloseCode,
  DeflateCodec,
  ErrorCode,
  ReadyState,
  SgcError,
  WebSocketSession,
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
import type { WebSocketClientOptions } from './client-options.js';
import { openHandshake, parseWebSocketUrl } from './open-handshake.js';

/** Events of a {@link WebSocketClient}. */
export interface WebSocketClientEvents extends SessionEvents {
  /** The handshake completed; sending is allowed. */
  connect: [];
  /** The connection closed; `code` is 1006 when it dropped without a close frame. */
  disconnect: [code: number, reason: string, wasClean: boolean];
  /** The server's handshake response headers, before `connect`. */
  handshake: [headers: IncomingHttpHeaders];
}

/** Options of {@link WebSocketClient.connect}. */
export interface ConnectOptions {
  /** Milliseconds for the TCP, TLS and WebSocket handshakes together. @defaultValue `connectTimeout` (10000) */
  timeout?: number;
  /** Cancels the attempt. */
  signal?: AbortSignal;
}

/**
 * A WebSocket client for Node.js. It is also a {@link Transport}, so protocol
 * clients (MQTT, STOMP, WAMP, ...) run over it.
 *
 * @example
 * ```ts
 * const client = new WebSocketClient({ url: 'ws://127.0.0.1:8080', perMessageDeflate: true });
 * client.on('message', (text) => console.log(text));
 * await client.connect({ timeout: 5000 });
 * client.send('hi');
 * await client.close(1000, 'bye');
 * ```
 */
export class WebSocketClient extends EventEmitter<WebSocketClientEvents> implements Transport {
  /** The server URL. */
  readonly url: URL;
  readonly #options: WebSocketClientOptions;
  readonly #session: SessionOptions;
  readonly #protocols: readonly string[];
  #connection: WebSocketSession | undefined;
  #connecting: Promise<void> | undefined;
  /** Cancels the connect in flight when `close()` or `disconnect()` is called before it finishes. */
  #cancelConnect: AbortController | undefined;
  #protocol = '';
  #extensions = '';

  /**
   * @param options - URL, offers, limits; see {@link WebSocketClientOptions}
   * @throws {@link @sgc/frame!SgcError} `SGC_ERR_INVALID_ARGUMENT` for a bad URL or limit
   */
  constructor(options: WebSocketClientOptions) {
    super();
    this.#options = options;
    this.url = parseWebSocketUrl(options.url);
    this.#session = resolveSessionOptions(options);
    this.#protocols = typeof options.protocols === 'string' ? [options.protocols] : (options.protocols ?? []);
  }

  /** Connection state: 0 connecting, 1 open, 2 closing, 3 closed (also before the first connect). */
  get readyState(): ReadyState {
    if (this.#connection) return this.#connection.readyState;
    return this.#connecting ? ReadyState.Connecting : ReadyState.Closed;
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

  /** Bytes accepted by `send()` but not yet written. */
  get bufferedAmount(): number {
    return this.#connection?.bufferedAmount ?? 0;
  }

  /**
   * Opens the connection.
   *
   * @param options - timeout and abort signal
   * @throws {@link @sgc/frame!SgcError} `SGC_ERR_HANDSHAKE_FAILED` (with `status`), `SGC_ERR_TIMEOUT`, `SGC_ERR_ABORTED`,
   * `SGC_ERR_SOCKET`, or `SGC_ERR_INVALID_STATE` when already open
   * @example
   * ```ts
   * await client.connect({ timeout: 5000, signal: AbortSignal.timeout(10_000) });
   * ```
   */
  connect(options: ConnectOptions = {}): Promise<void> {
    if (this.#connecting) return this.#connecting;
    if (this.#connection && this.#connection.readyState !== ReadyState.Closed) {
      return Promise.reject(new SgcError(ErrorCode.InvalidState, 'The client is already connected'));
    }
    const cancel = (this.#cancelConnect = new AbortController());
    const signal = options.signal ? AbortSignal.any([options.signal, cancel.signal]) : cancel.signal;
    this.#connecting = this.#open(options.timeout, signal).finally(() => {
      this.#connecting = undefined;
      this.#cancelConnect = undefined;
    });
    return this.#connecting;
  }

  /**
   * Sends a message: a string as text, bytes as binary.
   *
   * @param data - the message
   * @param options - `fragmentSize` splits it into frames of that many bytes; `compress: false` skips compression
   * @returns `false` when the write buffer is at its high-water mark (wait for `drain`)
   * @throws {@link @sgc/frame!SgcError} `SGC_ERR_NOT_OPEN` when not connected
   * @example
   * ```ts
   * if (!client.send(chunk)) await once(client, 'drain');
   * client.send(bigBuffer, { fragmentSize: 16 * 1024 });
   * ```
   */
  send(data: string | Uint8Array, options?: SendOptions): boolean {
    return this.#openSession().send(data, options);
  }

  /**
   * Pings the server and waits for the pong.
   *
   * @param data - at most 125 bytes
   * @param options - `timeout` (default 10 s) and `signal`
   * @returns the round-trip time in milliseconds
   * @throws {@link @sgc/frame!SgcError} `SGC_ERR_TIMEOUT`, `SGC_ERR_ABORTED`, `SGC_ERR_CONNECTION_CLOSED`, `SGC_ERR_NOT_OPEN`
   * @example
   * ```ts
   * const rtt = await client.ping('', { timeout: 2000 });
   * ```
   */
  ping(data?: Uint8Array | string, options?: PingOptions): Promise<number> {
    return this.#openSession().pingAndWait(data, options);
  }

  /**
   * Closes with the closing handshake and resolves once the socket is closed. While
   * connecting, it cancels the attempt instead (`connect()` rejects with `SGC_ERR_ABORTED`).
   *
   * @param code - close code @defaultValue 1000
   * @param reason - close reason, at most 123 bytes
   * @throws {@link @sgc/frame!SgcError} `SGC_ERR_INVALID_ARGUMENT` for a code that may not be sent
   * @example
   * ```ts
   * await client.close(1000, 'bye');
   * ```
   */
  async close(code: number = CloseCode.Normal, reason = ''): Promise<void> {
    this.#cancelConnect?.abort(new SgcError(ErrorCode.Aborted, 'close() called while connecting'));
    const connection = this.#connection;
    if (connection === undefined || connection.readyState === ReadyState.Closed) return;
    const closed = new Promise<void>((resolve) => this.once('disconnect', () => resolve()));
    connection.close(code, reason);
    await closed;
  }

  /**
   * Drops the connection at once (the manual's `Disconnect`); with a code, a close frame is sent first.
   *
   * @param code - optional close code
   * @param reason - optional close reason
   */
  disconnect(code?: number, reason?: string): void {
    this.#cancelConnect?.abort(new SgcError(ErrorCode.Aborted, 'disconnect() called while connecting'));
    this.#connection?.terminate(code, reason);
  }

  /**
   * Delivers this client's events to a protocol handler ({@link Transport}).
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

  #openSession(): WebSocketSession {
    const connection = this.#connection;
    if (connection === undefined || connection.readyState !== ReadyState.Open) {
      throw new SgcError(ErrorCode.NotOpen, 'The WebSocket client is not connected');
    }
    return connection;
  }

  async #open(timeout: number | undefined, signal: AbortSignal): Promise<void> {
    const deflate = this.#options.perMessageDeflate;
    const result = await openHandshake({
      url: this.url,
      protocols: this.#protocols,
      headers: { ...(this.#options.origin ? { Origin: this.#options.origin } : {}), ...this.#options.headers },
      perMessageDeflate: deflate ? (deflate === true ? {} : deflate) : undefined,
      deflateFrame: this.#options.deflateFrame ?? false,
      tls: this.#options.tls,
      timeout: timeout ?? this.#options.connectTimeout ?? 10_000,
      signal,
    });
    this.#protocol = result.protocol;
    this.#extensions = result.extensions;
    this.emit('handshake', result.response.headers);
    const codec = result.agreement ? new DeflateCodec(result.agreement) : undefined;
    this.#connection = new WebSocketSession(
      result.socket,
      'client',
      new ClientHandler(this),
      this.#session,
      codec,
      result.head,
    );
    this.emit('connect');
  }
}

/** Routes session calls to the client's events. */
class ClientHandler implements SessionHandler {
  constructor(private readonly client: WebSocketClient) {}
  onText(text: string): void {
    this.client.emit('message', text);
  }
  onBinary(data: Buffer): void {
    this.client.emit('binary', data);
  }
  onFragment(data: Buffer, info: FragmentInfo): void {
    this.client.emit('fragmented', data, info);
  }
  onPing(data: Buffer): void {
    this.client.emit('ping', data);
  }
  onPong(data: Buffer): void {
    this.client.emit('pong', data);
  }
  onError(error: SgcError): void {
    if (this.client.listenerCount('error') > 0) this.client.emit('error', error);
  }
  onDrain(): void {
    this.client.emit('drain');
  }
  onClose(code: number, reason: string, wasClean: boolean): void {
    this.client.emit('disconnect', code, reason, wasClean);
  }
}
