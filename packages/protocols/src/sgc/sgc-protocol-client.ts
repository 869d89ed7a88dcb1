/**
 * The client side of the sgc default protocol (the manual's `TsgcWSPClient_sgc`) on any
 * `Transport`: `@sgc/client` in Node, raw TCP, or a browser WebSocket wrapped as one.
 *
 * @module
 */
import {
  decodeResponse,
  encodeRequest,
  ErrorCode,
  JsonRpcDecodeError,
  type JsonRpcResponse,
  RpcError,
  SgcError,
  type Transport,
  TypedEmitter,
} from '@sgc/frame';
import { PendingRequests, type RequestOptions } from '../pending-requests.js';
import { newRequestId } from '../request-id.js';
import { PublishOutbox } from './publish-outbox.js';
import { qosName, queueName, SgcMethod, sgcResultMethod, type QoSLevel, type QueueLevel } from './sgc-wire.js';

/** Options of {@link SgcProtocolClient}. */
export interface SgcProtocolClientOptions {
  /**
   * The manual's `QoS`: the default level of `publish`, how often an unacknowledged step is
   * resent and when a publish gives up.
   * @defaultValue `{ level: 0, retryInterval: 5000, timeout: 60000 }`
   */
  qos?: { level?: QoSLevel; retryInterval?: number; timeout?: number };
  /** The default queue level of `publish`. @defaultValue 0 */
  queue?: QueueLevel;
  /** Milliseconds to wait for the answer to a request (subscribe, RPC, transaction…). @defaultValue 10000 */
  requestTimeout?: number;
  /** How many QoS 1/2 publishes may wait for acknowledgment at once. @defaultValue 1000 */
  maxPendingPublishes?: number;
}

/** Options of one publish. */
export interface PublishOptions {
  /** Overrides the client's QoS level. */
  qos?: QoSLevel;
  /** Overrides the client's queue level. */
  queue?: QueueLevel;
}

/** Options of one RPC. */
export interface RpcOptions extends RequestOptions {
  /** The request id to use (the manual's `rpc(id, …)`); a new UUID when omitted. Unique among waiting calls. */
  id?: string | undefined;
}

/** Events of {@link SgcProtocolClient}. */
export interface SgcProtocolClientEvents {
  /** The server told this connection its id (after connecting, or on `getSession`). */
  session: [guid: string];
  /** A message published on a channel this client subscribed to (the manual's `OnEvent`). */
  event: [channel: string, message: unknown];
  /** A plain message from the server or another client (`sgc@message`). */
  message: [message: unknown];
  /** A subscription took effect. */
  subscription: [channel: string];
  /** A subscription ended. */
  unsubscription: [channel: string];
  /** WebRTC signalling from another subscriber of `channel` (`from` is its session id). */
  signal: [channel: string, message: unknown, from: string];
  /** A result naming an `sgc@` method this client does not handle itself, for protocols built on it (dataset). */
  push: [method: string, result: Record<string, unknown>, id: string | undefined];
  /** The server acknowledged a publish or a transaction step (by request id). */
  acknowledgment: [id: string];
  /** The manual's `OnRawMessage`: every text from the server, before it is handled. */
  rawMessage: [text: string];
  /** An error answer nobody waited for, or a message that is not JSON-RPC. */
  error: [error: SgcError];
}

/**
 * A client of the sgc default protocol. Connect the transport with the sub-protocol
 * `esegece.com` (`SGC_PROTOCOL`); subscriptions are made again after a reconnect and
 * QoS 1/2 publishes are resent until acknowledged.
 *
 * @example
 * ```ts
 * const ws = new WebSocketClient({ url: 'ws://127.0.0.1:8080', protocols: [SGC_PROTOCOL] });
 * const sgc = new SgcProtocolClient(ws, { qos: { level: 1 } });
 * await ws.connect();
 * sgc.on('event', (channel, message) => console.log(channel, message));
 * await sgc.subscribe('news*');
 * await sgc.publish('hello', 'news.world');         // resolves on the server's acknowledgment
 * const sum = await sgc.rpc('add', [1, 2], { timeout: 2000 });
 * ```
 */
export class SgcProtocolClient extends TypedEmitter<SgcProtocolClientEvents> {
  readonly #transport: Transport;
  readonly #pending = new PendingRequests<string>();
  readonly #outbox: PublishOutbox;
  readonly #subscriptions = new Set<string>();
  readonly #qos: QoSLevel;
  readonly #queue: QueueLevel;
  readonly #requestTimeout: number;
  readonly #detach: () => void;
  #session: string | undefined;
  #opened = false;

  /**
   * @param transport - an open or opening transport that negotiated `esegece.com`
   * @param options - see {@link SgcProtocolClientOptions}
   */
  constructor(transport: Transport, options: SgcProtocolClientOptions = {}) {
    super();
    this.#transport = transport;
    this.#qos = options.qos?.level ?? 0;
    this.#queue = options.queue ?? 0;
    this.#requestTimeout = options.requestTimeout ?? 10_000;
    this.#outbox = new PublishOutbox(
      { retryInterval: options.qos?.retryInterval ?? 5000, timeout: options.qos?.timeout ?? 60_000, maxPending: options.maxPendingPublishes ?? 1000 },
      (text) => this.#transport.isOpen && this.#transport.send(text),
    );
    this.#opened = transport.isOpen;
    this.#detach = transport.attach({
      onOpen: () => this.#onOpen(),
      onText: (text) => this.#receive(text),
      onClose: () => this.#pending.rejectAll(new SgcError(ErrorCode.ConnectionClosed, 'The connection closed before the answer came')),
    });
  }

  /** The connection's id the server gave (the manual's session guid), once it did. */
  get session(): string | undefined {
    return this.#session;
  }

  /** The channels this client is subscribed to (the manual's `Subscriptions`). */
  get subscriptions(): string[] {
    return [...this.#subscriptions];
  }

  /**
   * Subscribes to a channel or a pattern (`news*`); messages queued on matching channels follow.
   *
   * @param channel - the channel
   * @param options - `timeout` and `signal` for the server's answer
   * @throws {@link RpcError} when the server refuses; `SGC_ERR_NOT_OPEN`, `SGC_ERR_TIMEOUT`, `SGC_ERR_ABORTED`
   */
  async subscribe(channel: string, options?: RequestOptions): Promise<void> {
    await this.#request(SgcMethod.Subscribe, { channel, message: '' }, options);
  }

  /**
   * Ends a subscription.
   *
   * @param channel - the channel as subscribed
   * @param options - `timeout` and `signal`
   * @throws as {@link SgcProtocolClient.subscribe}
   */
  async unsubscribe(channel: string, options?: RequestOptions): Promise<void> {
    await this.#request(SgcMethod.Unsubscribe, { channel, message: '' }, options);
  }

  /**
   * Ends every subscription; `unsubscription` fires for each channel.
   *
   * @param options - `timeout` and `signal`
   * @throws as {@link SgcProtocolClient.subscribe}
   */
  async unsubscribeAll(options?: RequestOptions): Promise<void> {
    await Promise.all(this.subscriptions.map((channel) => this.unsubscribe(channel, options)));
  }

  /**
   * Publishes a message on a channel (a pattern reaches every matching channel). QoS 0 resolves
   * once sent; QoS 1 and 2 when the server acknowledges, resending until then.
   *
   * @param message - any JSON value
   * @param channel - the channel
   * @param options - `qos` and `queue`, overriding the client's
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN` for QoS 0 while closed (QoS 1/2 wait for the
   *   connection), `SGC_ERR_TIMEOUT` when not acknowledged in time
   */
  async publish(message: unknown, channel: string, options: PublishOptions = {}): Promise<void> {
    const qos = options.qos ?? this.#qos;
    const queue = options.queue ?? this.#queue;
    const id = newRequestId();
    const params: Record<string, unknown> = { channel, message };
    if (qos > 0) params.qos = qosName(qos);
    if (queue > 0) params.queue = queueName(queue);
    const text = encodeRequest(SgcMethod.Publish, params, id);
    if (qos === 0) return this.#send(text);
    return this.#outbox.add(id, text);
  }

  /**
   * Calls a method on the server (the manual's `RPC`).
   *
   * @param method - the method
   * @param params - its parameters (an array or an object)
   * @param options - `timeout`, `signal`, and the request `id` to use
   * @returns the server's result
   * @throws {@link RpcError} for the server's error answer (`rpcCode`, `data`); `SGC_ERR_NOT_OPEN`,
   *   `SGC_ERR_TIMEOUT`, `SGC_ERR_ABORTED`, `SGC_ERR_CONNECTION_CLOSED`
   */
  rpc(method: string, params?: unknown, options: RpcOptions = {}): Promise<unknown> {
    if (options.id !== undefined && this.#pending.has(options.id)) {
      return Promise.reject(new SgcError(ErrorCode.InvalidArgument, `A request with id ${options.id} already waits`));
    }
    return this.#request(method, params, options, options.id);
  }

  /**
   * Sends a notification: a call nobody answers (the manual's `Notify`).
   *
   * @param method - the method
   * @param params - its parameters
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN`
   */
  notify(method: string, params?: unknown): void {
    this.#send(encodeRequest(method, params));
  }

  /**
   * Sends a plain message to the server (its `message` event).
   *
   * @param message - any JSON value
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN`
   */
  send(message: unknown): void {
    this.#send(encodeRequest(SgcMethod.Message, { message }));
  }

  /**
   * Sends a message to one connection by its id, through the server (the manual's `WriteData`).
   *
   * @param guid - the receiving connection's session id
   * @param message - any JSON value
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN`
   */
  writeData(guid: string, message: unknown): void {
    this.#send(encodeRequest(SgcMethod.Message, { message, guid }));
  }

  /**
   * Sends a message to every connection of the protocol, or to one channel's subscribers (the
   * manual's `Broadcast`); they get it as a `message` event.
   *
   * @param message - any JSON value
   * @param channel - the channel, or every connection when omitted
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN`
   */
  broadcast(message: unknown, channel?: string): void {
    this.#send(encodeRequest(SgcMethod.Broadcast, channel === undefined ? { message } : { channel, message }));
  }

  /**
   * Sends WebRTC signalling (an offer, an answer, an ICE candidate) to the other subscribers of
   * a channel this client is subscribed to (`sgc@webrtc`, with `webrtc.esegece.com`).
   *
   * @param channel - the channel both peers subscribed to
   * @param message - the signal, any JSON value
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN`
   */
  signal(channel: string, message: unknown): void {
    this.#send(encodeRequest(SgcMethod.WebRtc, { channel, message }));
  }

  /**
   * Asks the server for this connection's id (the manual's `GetSession`).
   *
   * @param options - `timeout` and `signal`
   * @returns the session id
   * @throws as {@link SgcProtocolClient.subscribe}
   */
  async getSession(options?: RequestOptions): Promise<string> {
    await this.#request(SgcMethod.Session, undefined, options);
    return this.#session!;
  }

  /**
   * Starts a transaction on a channel: publishes on it are held by the server until `commit`.
   *
   * @param channel - the channel
   * @param options - `timeout` and `signal`
   * @throws as {@link SgcProtocolClient.subscribe}
   */
  async startTransaction(channel: string, options?: RequestOptions): Promise<void> {
    await this.#request(SgcMethod.Transaction, { channel, message: '' }, options);
  }

  /**
   * Publishes the messages held in the channel's transaction, in order.
   *
   * @param channel - the channel
   * @param options - `timeout` and `signal`
   * @throws {@link RpcError} when there is no transaction on the channel; as {@link SgcProtocolClient.subscribe}
   */
  async commit(channel: string, options?: RequestOptions): Promise<void> {
    await this.#request(SgcMethod.Commit, { channel, message: '' }, options);
  }

  /**
   * Discards the messages held in the channel's transaction.
   *
   * @param channel - the channel
   * @param options - `timeout` and `signal`
   * @throws as {@link SgcProtocolClient.commit}
   */
  async rollback(channel: string, options?: RequestOptions): Promise<void> {
    await this.#request(SgcMethod.Rollback, { channel, message: '' }, options);
  }

  /**
   * Stops listening to the transport and fails what still waits. The transport stays open.
   */
  detach(): void {
    this.#detach();
    const error = new SgcError(ErrorCode.ConnectionClosed, 'The protocol client was detached');
    this.#pending.rejectAll(error);
    this.#outbox.rejectAll(error);
  }

  #onOpen(): void {
    const reopened = this.#opened;
    this.#opened = true;
    // A new server connection knows nothing of the old one: subscribe again.
    if (reopened) for (const channel of this.#subscriptions) this.#send(encodeRequest(SgcMethod.Subscribe, { channel, message: '' }, newRequestId()));
    // Publishes made while closed (before the first open too) go out now, not at the next retry.
    this.#outbox.reconnected();
  }

  #request(method: string, params: unknown, options: RequestOptions = {}, id = newRequestId()): Promise<unknown> {
    const answer = this.#pending.wait<unknown>(id, { timeout: options.timeout ?? this.#requestTimeout, signal: options.signal });
    try {
      this.#send(encodeRequest(method, params, id));
    } catch (error) {
      this.#pending.reject(id, error as Error);
    }
    return answer;
  }

  #send(text: string): void {
    if (!this.#transport.isOpen) throw new SgcError(ErrorCode.NotOpen, 'The connection is not open');
    this.#transport.send(text);
  }

  #receive(text: string): void {
    this.emit('rawMessage', text);
    let response: JsonRpcResponse;
    try {
      response = decodeResponse(text);
    } catch (error) {
      if (!(error instanceof JsonRpcDecodeError)) throw error;
      this.emit('error', error);
      return;
    }
    const id = typeof response.id === 'string' ? response.id : undefined;
    if (response.error !== undefined) {
      const error = new RpcError(response.error);
      if (id === undefined || !this.#pending.reject(id, error)) this.emit('error', error);
      return;
    }
    const result = response.result as { channel?: unknown; message?: unknown; guid?: unknown };
    const method = sgcResultMethod(result);
    const channel = typeof result?.channel === 'string' ? result.channel : '';
    switch (method) {
      case SgcMethod.Event:
        this.emit('event', channel, result.message);
        return;
      case SgcMethod.Message:
        this.emit('message', result.message);
        return;
      case SgcMethod.WebRtc:
        this.emit('signal', channel, result.message, typeof result.guid === 'string' ? result.guid : '');
        return;
      case SgcMethod.Session:
        this.#session = String(result.message);
        this.#answered(id);
        this.emit('session', this.#session);
        return;
      case SgcMethod.Subscribe:
        this.#subscriptions.add(channel);
        this.#answered(id);
        this.emit('subscription', channel);
        return;
      case SgcMethod.Unsubscribe:
        this.#subscriptions.delete(channel);
        this.#answered(id);
        this.emit('unsubscription', channel);
        return;
      case SgcMethod.PubRec:
        if (id !== undefined) this.#outbox.received(id, encodeRequest(SgcMethod.PubRel, { channel: '', message: '' }, id));
        return;
      case SgcMethod.Acknowledgment:
        if (id === undefined) return;
        if (!this.#outbox.acknowledged(id)) this.#answered(id);
        this.emit('acknowledgment', id);
        return;
      default:
        if (method !== undefined) this.emit('push', method, result as Record<string, unknown>, id);
        if (id !== undefined) this.#pending.resolve(id, response.result);
    }
  }

  #answered(id: string | undefined): void {
    if (id !== undefined) this.#pending.resolve(id);
  }
}
