/**
 * The server side of the sgc default protocol (the manual's `TsgcWSPServer_sgc`):
 * pub/sub on wildcard channels with QoS 0-2, queued messages, per-channel
 * transactions, RPC and notifications, on any `@sgc/server` server (and so across
 * nodes through its backplane).
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import {
  decodeRequest,
  encodeError,
  encodeResult,
  ErrorCode,
  JsonRpcDecodeError,
  JsonRpcErrorCode,
  type JsonRpcErrorObject,
  type JsonRpcId,
  type JsonRpcRequest,
  SgcError,
} from '@sgc/frame';
import { ProtocolServer, type BroadcastFilter, type ChannelWildcards, type ServerConnection } from '@sgc/server';
import { sendIfOpen } from '../send-if-open.js';
import { asSgcError, InOrder } from '../in-order.js';
import { ChannelQueues } from './channel-queues.js';
import { encodeSgcResult, readSgcParams, SGC_PROTOCOL, SgcMethod, type QueueLevel, type SgcParams } from './sgc-wire.js';

/** Options of {@link SgcProtocolServer}. */
export interface SgcProtocolServerOptions {
  /**
   * The sub-protocol to speak: `esegece.com`, or `webrtc.esegece.com` for the manual's WebRTC
   * signalling server (the same protocol; its pages relay offers and candidates with `sgc@webrtc`).
   * Its name is also the plug-in's name, so one server can run both.
   * @defaultValue 'esegece.com'
   */
  protocol?: string;
  /**
   * The manual's `UseMatchesMasks`: channel patterns may use `?` and `[set]` besides `*`.
   * @defaultValue false (only `*`)
   */
  useMatchesMasks?: boolean;
  /**
   * The manual's `RPCAuthentication`: when `enabled`, RPCs and notifications whose method is
   * not in `methods` are allowed only if {@link SgcProtocolServerOptions.authorizeRpc} says so.
   * @defaultValue `{ enabled: false }`
   */
  rpcAuthentication?: { enabled: boolean; methods?: readonly string[] };
  /** The manual's `OnRPCAuthentication`: allows or denies a method; without it, unlisted methods are denied. */
  authorizeRpc?: (conn: ServerConnection, method: string) => boolean | Promise<boolean>;
  /** The manual's `OnBeforeSubscription`: allows or denies a subscription. @defaultValue every subscription is allowed */
  authorizeSubscription?: (conn: ServerConnection, channel: string) => boolean | Promise<boolean>;
  /** How many messages a channel keeps at queue level 2; the oldest are dropped first. @defaultValue 1000 */
  maxQueuedPerChannel?: number;
  /**
   * How many channels keep queued messages; past it, the channel written least recently loses
   * its queue, so clients publishing on ever new channels cannot grow memory without bound.
   * @defaultValue 10000
   */
  maxQueuedChannels?: number;
  /** How many channels one connection may subscribe to; more are answered with an error. @defaultValue 1000 */
  maxSubscriptionsPerConnection?: number;
  /**
   * How many messages one connection may have waiting in the server: QoS 2 publishes not yet
   * released plus messages of open transactions. Past it, publishes are answered with an error
   * and not acknowledged. @defaultValue 1000
   */
  maxPendingPerConnection?: number;
}

/**
 * An RPC a client made: answer it once with `respond` or `fail` (the manual's `RPCResult`
 * and `RPCError`).
 */
export interface SgcRpcCall {
  /** The request id the client chose. */
  readonly id: JsonRpcId;
  /** The method. */
  readonly method: string;
  /** The parameters, as sent. */
  readonly params: unknown;
  /**
   * Answers with a result.
   *
   * @param result - any JSON value
   */
  respond(result: unknown): void;
  /**
   * Answers with an error.
   *
   * @param code - a JSON-RPC error code ({@link JsonRpcErrorCode}, or your own)
   * @param message - a short description
   * @param data - details, if any
   */
  fail(code: number, message: string, data?: unknown): void;
}

/** Events of {@link SgcProtocolServer}. */
export interface SgcProtocolServerEvents {
  /** A client sent a plain message (`sgc@message` without a target). */
  message: [conn: ServerConnection, message: unknown];
  /** A client made an RPC; without listeners it is answered -32601 (method not found). */
  rpc: [conn: ServerConnection, call: SgcRpcCall];
  /** A client sent a notification (a request without id). */
  notification: [conn: ServerConnection, method: string, params: unknown];
  /** A client subscribed. */
  subscription: [conn: ServerConnection, channel: string];
  /** A client unsubscribed. */
  unsubscription: [conn: ServerConnection, channel: string];
  /** A message was published to subscribers (by a client, or by the server when `conn` is `undefined`). */
  publish: [conn: ServerConnection | undefined, channel: string, message: unknown];
  /** The manual's `OnRawMessage`: every text a client sent, before it is handled. */
  rawMessage: [conn: ServerConnection, text: string];
  /** A client broke the protocol (it was answered with a JSON-RPC error). */
  error: [conn: ServerConnection, error: SgcError];
}

/** A publish held back by QoS 2 or a transaction. */
interface HeldPublish {
  readonly channel: string;
  readonly message: unknown;
  readonly queue: QueueLevel;
}

/** What the protocol keeps per connection. */
interface ConnectionState {
  /** QoS 2 publishes stored until `sgc@pubrel`, by request id. */
  readonly stored: Map<JsonRpcId, HeldPublish>;
  /** Open transactions by channel. */
  readonly transactions: Map<string, HeldPublish[]>;
  held: number;
}

const DENIED: JsonRpcErrorObject = { code: JsonRpcErrorCode.MethodNotFound, message: 'Method not found or not allowed' };

/**
 * The sgc default protocol (`esegece.com`) on an `@sgc/server` server.
 *
 * @example
 * ```ts
 * const server = new WebSocketServer({ port: 8080 });
 * const sgc = new SgcProtocolServer({ useMatchesMasks: true });
 * server.use(sgc);
 * sgc.on('rpc', (conn, call) => {
 *   if (call.method === 'add') call.respond((call.params as number[]).reduce((a, b) => a + b, 0));
 *   else call.fail(JsonRpcErrorCode.MethodNotFound, 'Method not found');
 * });
 * await server.start();
 * sgc.publish({ price: 10 }, 'ticker.EURUSD', { queue: 1 });
 * ```
 */
export class SgcProtocolServer extends ProtocolServer {
  readonly name: string;
  readonly protocols: readonly string[];
  readonly #events = new EventEmitter<SgcProtocolServerEvents>();
  readonly #states = new Map<ServerConnection, ConnectionState>();
  readonly #inOrder = new InOrder<ServerConnection>();
  readonly #queues: ChannelQueues;
  readonly #wildcards: ChannelWildcards;
  readonly #options: SgcProtocolServerOptions;
  readonly #maxPending: number;
  readonly #maxSubscriptions: number;

  /**
   * @param options - see {@link SgcProtocolServerOptions}
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a bound that is not a positive integer
   */
  constructor(options: SgcProtocolServerOptions = {}) {
    super();
    this.name = options.protocol ?? SGC_PROTOCOL;
    this.protocols = [this.name];
    this.#options = options;
    this.#wildcards = options.useMatchesMasks === true ? 'mask' : 'star';
    this.#queues = new ChannelQueues(
      positive('maxQueuedPerChannel', options.maxQueuedPerChannel ?? 1000),
      positive('maxQueuedChannels', options.maxQueuedChannels ?? 10_000),
    );
    this.#maxSubscriptions = positive('maxSubscriptionsPerConnection', options.maxSubscriptionsPerConnection ?? 1000);
    this.#maxPending = positive('maxPendingPerConnection', options.maxPendingPerConnection ?? 1000);
  }

  /**
   * Adds an event listener.
   *
   * @param event - the event name
   * @param listener - its listener
   * @returns this
   */
  on<K extends keyof SgcProtocolServerEvents>(event: K, listener: (...args: SgcProtocolServerEvents[K]) => void): this {
    this.#events.on(event, listener as never);
    return this;
  }

  /**
   * Removes an event listener.
   *
   * @param event - the event name
   * @param listener - the listener added with `on`
   * @returns this
   */
  off<K extends keyof SgcProtocolServerEvents>(event: K, listener: (...args: SgcProtocolServerEvents[K]) => void): this {
    this.#events.off(event, listener as never);
    return this;
  }

  /**
   * Publishes a message to the subscribers of a channel on every node (the manual's `Publish`),
   * as clients' `sgc@publish` does.
   *
   * @param message - any JSON value
   * @param channel - the channel; a pattern reaches every channel it matches
   * @param options - `queue` keeps it for later subscribers (level 1: the last one, 2: all)
   * @returns the number of local connections reached
   */
  publish(message: unknown, channel: string, options: { queue?: QueueLevel } = {}): number {
    return this.#publish(undefined, { channel, message, queue: options.queue ?? 0 });
  }

  /**
   * Sends a message to every connection of the protocol, or to the subscribers of a channel,
   * on every node (the manual's `Broadcast`); clients get it as `sgc@message`.
   *
   * @param message - any JSON value
   * @param filter - `channel` (a pattern matches as for publish), `include` and `exclude` ids
   * @returns the number of local connections reached
   */
  override broadcast(message: unknown, filter: Omit<BroadcastFilter, 'protocol' | 'wildcards'> = {}): number {
    const text = encodeSgcResult(SgcMethod.Message, filter.channel ? { channel: filter.channel, message } : { message });
    const wildcards = filter.channel ? this.#wildcards : undefined;
    return super.broadcast(text, wildcards ? { ...filter, wildcards } : filter);
  }

  /**
   * Sends a message to one connection on whichever node holds it (the manual's `WriteData`);
   * the client gets it as `sgc@message`.
   *
   * @param connectionId - the connection's id
   * @param message - any JSON value
   * @returns `false` when no node has that connection open
   */
  override async writeData(connectionId: string, message: unknown): Promise<boolean> {
    return super.writeData(connectionId, encodeSgcResult(SgcMethod.Message, { message }));
  }

  /**
   * Forgets queued messages (the manual's `ClearQueue`).
   *
   * @param channel - the channel; every channel when omitted
   */
  clearQueue(channel?: string): void {
    this.#queues.clear(channel);
  }

  /** Tells the new connection its id (the manual's `OnSession` on the client). */
  onConnect(conn: ServerConnection): void {
    this.#states.set(conn, { stored: new Map(), transactions: new Map(), held: 0 });
    this.#inOrder.open(conn);
    sendIfOpen(conn, encodeSgcResult(SgcMethod.Session, { message: conn.id }));
  }

  /** Open transactions and unreleased QoS 2 publishes die with the connection (rollback). */
  onDisconnect(conn: ServerConnection): void {
    this.#states.delete(conn);
    this.#inOrder.close(conn);
  }

  /** Queues the request behind the connection's earlier ones. */
  onMessage(conn: ServerConnection, text: string): void {
    const state = this.#states.get(conn);
    if (state === undefined) return;
    this.#inOrder.run(conn, () => this.#handle(conn, state, text), (error) => this.#failed(conn, error));
  }

  /** Binary frames have no meaning in this protocol. */
  onBinary(conn: ServerConnection): void {
    sendIfOpen(conn, encodeError({ code: JsonRpcErrorCode.InvalidRequest, message: 'Binary messages are not requests' }, null));
  }

  async #handle(conn: ServerConnection, state: ConnectionState, text: string): Promise<void> {
    this.#events.emit('rawMessage', conn, text);
    let request: JsonRpcRequest;
    try {
      request = decodeRequest(text);
    } catch (error) {
      if (!(error instanceof JsonRpcDecodeError)) throw error;
      sendIfOpen(conn, encodeError({ code: error.rpcCode, message: error.message }, error.id));
      this.#emitError(conn, error);
      return;
    }
    if (request.method.startsWith('sgc@')) await this.#handleSgc(conn, state, request);
    else await this.#handleCall(conn, request);
  }

  async #handleSgc(conn: ServerConnection, state: ConnectionState, request: JsonRpcRequest): Promise<void> {
    const { id } = request;
    const params = readSgcParams(request.params);
    switch (request.method) {
      case SgcMethod.Subscribe:
        return this.#subscribe(conn, params.channel, id);
      case SgcMethod.Unsubscribe:
        return this.#unsubscribe(conn, params.channel, id);
      case SgcMethod.UnsubscribeAll:
        for (const channel of conn.channels) this.#unsubscribe(conn, channel, id);
        return;
      case SgcMethod.Publish:
        return this.#receivePublish(conn, state, params, id);
      case SgcMethod.PubRel:
        return this.#release(conn, state, id);
      case SgcMethod.Transaction:
      case SgcMethod.Commit:
      case SgcMethod.Rollback:
        return this.#transaction(conn, state, request.method, params.channel, id);
      case SgcMethod.Session:
        sendIfOpen(conn, encodeSgcResult(SgcMethod.Session, { message: conn.id }, id));
        return;
      case SgcMethod.Message:
        if (params.guid === undefined) this.#events.emit('message', conn, params.message);
        else await this.writeData(params.guid, params.message);
        return;
      case SgcMethod.Broadcast:
        this.broadcast(params.message, params.channel ? { channel: params.channel } : {});
        return;
      case SgcMethod.WebRtc:
        return this.#relaySignal(conn, params, id);
      default:
        this.#replyError(conn, id, { code: JsonRpcErrorCode.MethodNotFound, message: `Unknown method ${request.method}` });
        this.#emitError(conn, new SgcError(ErrorCode.ProtocolViolation, `Unknown method ${request.method}`));
    }
  }

  async #subscribe(conn: ServerConnection, channel: string, id: JsonRpcId | undefined): Promise<void> {
    if (channel === '') return this.#replyError(conn, id, { code: JsonRpcErrorCode.InvalidParams, message: 'A channel is required' });
    if (!conn.subscribed(channel) && conn.channels.length >= this.#maxSubscriptions) {
      return this.#replyError(conn, id, { code: JsonRpcErrorCode.ServerError, message: `More than ${this.#maxSubscriptions} subscriptions`, data: channel });
    }
    const allowed = (await this.#options.authorizeSubscription?.(conn, channel)) ?? true;
    if (!allowed) return this.#replyError(conn, id, { code: JsonRpcErrorCode.ServerError, message: `Subscription to ${channel} refused`, data: channel });
    // Closed while the hook decided: a subscription now would outlive the connection.
    if (!this.#states.has(conn)) return;
    conn.subscribe(channel);
    sendIfOpen(conn, encodeSgcResult(SgcMethod.Subscribe, { channel }, id));
    this.#events.emit('subscription', conn, channel);
    // Queued messages follow the answer, so the client knows its subscription when they arrive.
    for (const queued of this.#queues.forSubscription(channel, this.#wildcards)) {
      sendIfOpen(conn, encodeSgcResult(SgcMethod.Event, queued));
    }
  }

  #unsubscribe(conn: ServerConnection, channel: string, id: JsonRpcId | undefined): void {
    if (!conn.unsubscribe(channel)) {
      this.#replyError(conn, id, { code: JsonRpcErrorCode.InvalidParams, message: `Not subscribed to ${channel}`, data: channel });
      return;
    }
    sendIfOpen(conn, encodeSgcResult(SgcMethod.Unsubscribe, { channel }, id));
    this.#events.emit('unsubscription', conn, channel);
  }

  #receivePublish(conn: ServerConnection, state: ConnectionState, params: SgcParams, id: JsonRpcId | undefined): void {
    const { channel, message, queue, qos } = params;
    if (channel === '') return this.#replyError(conn, id, { code: JsonRpcErrorCode.InvalidParams, message: 'A channel is required' });
    const transaction = state.transactions.get(channel);
    if (transaction !== undefined) {
      if (!this.#hold(conn, state, id)) return;
      transaction.push({ channel, message, queue });
      return this.#acknowledge(conn, id);
    }
    if (qos === 2 && id !== undefined && id !== null) {
      // Stored once: a resent publish (its pubrec was lost) is answered again, not stored again.
      if (!state.stored.has(id)) {
        if (!this.#hold(conn, state, id)) return;
        state.stored.set(id, { channel, message, queue });
      }
      sendIfOpen(conn, encodeSgcResult(SgcMethod.PubRec, {}, id));
      return;
    }
    this.#publish(conn, { channel, message, queue });
    if (qos === 1) this.#acknowledge(conn, id);
  }

  /** QoS 2, step 3: publishes the stored message; a repeated pubrel is acknowledged again. */
  #release(conn: ServerConnection, state: ConnectionState, id: JsonRpcId | undefined): void {
    if (id === undefined) return this.#replyError(conn, null, { code: JsonRpcErrorCode.InvalidRequest, message: 'sgc@pubrel needs the id of the publish' });
    const held = state.stored.get(id);
    if (held !== undefined) {
      state.stored.delete(id);
      state.held--;
      this.#publish(conn, held);
    }
    this.#acknowledge(conn, id);
  }

  #transaction(conn: ServerConnection, state: ConnectionState, method: string, channel: string, id: JsonRpcId | undefined): void {
    if (channel === '') return this.#replyError(conn, id, { code: JsonRpcErrorCode.InvalidParams, message: 'A channel is required' });
    if (method === SgcMethod.Transaction) {
      if (!state.transactions.has(channel)) state.transactions.set(channel, []);
      return this.#acknowledge(conn, id);
    }
    const held = state.transactions.get(channel);
    if (held === undefined) {
      return this.#replyError(conn, id, { code: JsonRpcErrorCode.ServerError, message: `No transaction on ${channel}`, data: channel });
    }
    state.transactions.delete(channel);
    state.held -= held.length;
    if (method === SgcMethod.Commit) for (const publish of held) this.#publish(conn, publish);
    this.#acknowledge(conn, id);
  }

  /**
   * WebRTC signalling: an offer, answer or candidate goes to the channel's other subscribers,
   * with the sender's id so a page can tell its peers apart.
   */
  #relaySignal(conn: ServerConnection, params: SgcParams, id: JsonRpcId | undefined): void {
    const { channel, message } = params;
    if (channel === '' || !conn.subscribed(channel)) {
      return this.#replyError(conn, id, { code: JsonRpcErrorCode.InvalidParams, message: 'Subscribe to the channel before signalling on it', data: channel });
    }
    super.broadcast(encodeSgcResult(SgcMethod.WebRtc, { channel, message, guid: conn.id }), { channel, exclude: [conn.id] });
  }

  async #handleCall(conn: ServerConnection, request: JsonRpcRequest): Promise<void> {
    const { method, params, id } = request;
    const allowed = !method.startsWith('rpc.') && (await this.#rpcAllowed(conn, method));
    if (id === undefined) {
      if (allowed) this.#events.emit('notification', conn, method, params);
      return;
    }
    if (!allowed || this.#events.listenerCount('rpc') === 0) return this.#replyError(conn, id, DENIED);
    let answered = false;
    const answer = (text: string): void => {
      if (answered) throw new SgcError(ErrorCode.InvalidState, `The RPC ${String(id)} was already answered`);
      answered = true;
      sendIfOpen(conn, text);
    };
    try {
      this.#events.emit('rpc', conn, {
        id,
        method,
        params,
        respond: (result) => answer(encodeResult(result, id)),
        fail: (code, message, data) => answer(encodeError(data === undefined ? { code, message } : { code, message, data }, id)),
      });
    } catch (error) {
      if (!answered) answer(encodeError({ code: JsonRpcErrorCode.InternalError, message: 'Internal error' }, id));
      this.#emitError(conn, asSgcError(error));
    }
  }

  async #rpcAllowed(conn: ServerConnection, method: string): Promise<boolean> {
    const auth = this.#options.rpcAuthentication;
    if (auth?.enabled !== true || auth.methods?.includes(method) === true) return true;
    return (await this.#options.authorizeRpc?.(conn, method)) ?? false;
  }

  #publish(conn: ServerConnection | undefined, publish: HeldPublish): number {
    const { channel, message, queue } = publish;
    this.#queues.keep(channel, message, queue);
    const sent = super.broadcast(encodeSgcResult(SgcMethod.Event, { channel, message }), { channel, wildcards: this.#wildcards });
    this.#events.emit('publish', conn, channel, message);
    return sent;
  }

  /** Counts a held message against the connection's bound; answers an error when it is full. */
  #hold(conn: ServerConnection, state: ConnectionState, id: JsonRpcId | undefined): boolean {
    if (state.held >= this.#maxPending) {
      this.#replyError(conn, id, { code: JsonRpcErrorCode.ServerError, message: `More than ${this.#maxPending} messages pending` });
      return false;
    }
    state.held++;
    return true;
  }

  #acknowledge(conn: ServerConnection, id: JsonRpcId | undefined): void {
    if (id !== undefined) sendIfOpen(conn, encodeSgcResult(SgcMethod.Acknowledgment, {}, id));
  }

  /** Answers an error to a request; a notification has nobody waiting for an answer. */
  #replyError(conn: ServerConnection, id: JsonRpcId | undefined, error: JsonRpcErrorObject): void {
    if (id !== undefined) sendIfOpen(conn, encodeError(error, id));
  }

  #emitError(conn: ServerConnection, error: SgcError): void {
    if (this.#events.listenerCount('error') > 0) this.#events.emit('error', conn, error);
  }

  /** A hook or listener threw: the client gets an internal error, the process keeps running. */
  #failed(conn: ServerConnection, error: SgcError): void {
    sendIfOpen(conn, encodeError({ code: JsonRpcErrorCode.InternalError, message: 'Internal error' }, null));
    this.#emitError(conn, error);
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new SgcError(ErrorCode.InvalidArgument, `${name} must be a positive integer, got ${value}`);
  }
  return value;
}
