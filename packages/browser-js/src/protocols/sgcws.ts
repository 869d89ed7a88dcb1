/**
 * `sgcws`, the manual's browser client of the sgc default protocol (`esegece.com.js`): an
 * `sgcWebSocket` that speaks `esegece.com` through `@sgc/protocols`' `SgcProtocolClient`.
 *
 * @module
 */
import { ErrorCode, SgcError, type Transport } from '@sgc/frame';
import { RpcError, SGC_PROTOCOL, SgcProtocolClient, type QoSLevel, type QueueLevel } from '@sgc/protocols';
import type { UrlAuth } from '../connection-url.js';
import { sgcWebSocket } from '../sgc-websocket.js';
import { attempt, reportFailure, settle } from './failure-events.js';
import { messageValue, paramsValue } from './json-arguments.js';
import {
  SgcwsAcknowledgmentEvent,
  SgcwsChannelEvent,
  SgcwsMessageEvent,
  SgcwsRpcErrorEvent,
  SgcwsRpcResultEvent,
  SgcwsSessionEvent,
  SgcwsSubscriptionEvent,
  type SgcwsEventMap,
} from './sgcws-events.js';
import { SocketTransport } from './socket-transport.js';

/**
 * A connection speaking the sgc default protocol (the manual's `sgcws` from `esegece.com.js`):
 * pub/sub with QoS and queues, transactions, RPC and session ids. It connects over WebSocket
 * only, since the protocol is chosen by sub-protocol, which server-sent events cannot carry.
 *
 * The methods start a request and return at once; the outcome arrives as an event. A failure
 * (not open, refused, timed out, connection closed) fires `error` with `event.message`; an
 * `rpc` fails with `sgcrpcerror` instead. Calls made before `open` fail: make them from an
 * `open` (or `sgcsession`) listener.
 *
 * Events, through {@link sgcws.on | on} or `addEventListener`: `sgcmessage`, `sgcevent`,
 * `sgcsubscribe`, `sgcunsubscribe`, `sgcsession`, `sgcacknowledgment`, `sgcrpcresult`,
 * `sgcrpcerror` (see {@link SgcwsEventMap}), and `sgcWebSocket`'s `open`, `error` and `close`.
 * Its `message` event still fires with each raw JSON-RPC text the server sent (the manual's
 * `OnRawMessage`), for logging; the protocol's payloads come with `sgcmessage` and `sgcevent`.
 *
 * @example
 * ```js
 * var socket = new sgcws('ws://' + location.host);
 * socket.on('open', function () {
 *   socket.subscribe('news');
 *   socket.qoslevel1();
 *   socket.publish('{"headline":"hello"}', 'news'); // sent as the JSON object
 * });
 * socket.on('sgcevent', function (event) { console.log(event.channel, event.message); });
 * socket.on('sgcacknowledgment', function (event) { console.log('delivered', event.id); });
 * socket.on('error', function (event) { console.log('error: ' + event.message); });
 * ```
 */
// The manual's name, lower case included: pages written for esegece.com.js call it so.
export class sgcws<M extends SgcwsEventMap = SgcwsEventMap> extends sgcWebSocket<M> {
  /**
   * @internal The sub-protocol the constructor asks for: a subclass that speaks the same
   * protocol under another name (`sgcws_webrtc`: `webrtc.esegece.com`) overrides it.
   */
  protected static readonly subprotocol: string = SGC_PROTOCOL;
  readonly #client: SgcProtocolClient;
  #qos: QoSLevel = 0;
  #queue: QueueLevel = 0;

  /**
   * @param url - `ws://host:port/path?query` or `wss://…` (`http(s)://` and relative URLs
   *   too), or `{ host, user, password }` for URL authentication, as for `sgcWebSocket`
   * @param createClient - makes the protocol client on this socket's transport; pages leave it
   *   out. A subclass that speaks a protocol built on the default one passes its own
   *   (`sgcws_dataset`: a `DatasetProtocolClient`'s `sgc`), so that all of `sgcws` works on it.
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a URL that does not parse or has another scheme
   */
  constructor(url: string | UrlAuth, createClient: (transport: Transport) => SgcProtocolClient = (transport) => new SgcProtocolClient(transport)) {
    super(url, new.target.subprotocol, ['websocket']);
    // The base class's send, since this class's send is the protocol's sgc@message.
    this.#client = createClient(new SocketTransport(this, (data) => super.send(data)));
    this.#client
      .on('session', (guid) => this.dispatchEvent(new SgcwsSessionEvent(guid)))
      .on('event', (channel, message) => this.dispatchEvent(new SgcwsChannelEvent(channel, message)))
      .on('message', (message) => this.dispatchEvent(new SgcwsMessageEvent(message)))
      .on('subscription', (channel) => this.dispatchEvent(new SgcwsSubscriptionEvent('sgcsubscribe', channel)))
      .on('unsubscription', (channel) => this.dispatchEvent(new SgcwsSubscriptionEvent('sgcunsubscribe', channel)))
      .on('acknowledgment', (id) => this.dispatchEvent(new SgcwsAcknowledgmentEvent(id)))
      .on('error', (error) => reportFailure(this, error));
    // A closed sgcws never opens again: stop the QoS resends and fail the publishes still waiting.
    this.on('close', () => this.#client.detach());
  }

  /** @internal The protocol client on this socket, for subclasses that use more of the protocol. */
  protected get protocolClient(): SgcProtocolClient {
    return this.#client;
  }

  /**
   * Publishes a message on a channel, at the QoS and queue levels last chosen (level 0 until
   * then). At QoS 1 and 2 `sgcacknowledgment` fires once the server has it, resending until then.
   *
   * @param message - any JSON value; a string holding a JSON object or array is sent as that JSON
   * @param channel - the channel; a pattern (`news*`) reaches every matching channel
   * @example
   * ```js
   * socket.qoslevel2();
   * socket.publish('Hello subscribers!', 'news');
   * ```
   */
  publish(message: unknown, channel: string): void {
    // The client keeps QoS 1 and 2 publishes for a reconnection, which a closed sgcws never makes.
    const state = this.state();
    if (state === 'closing' || state === 'closed') return reportFailure(this, new SgcError(ErrorCode.NotOpen, `Cannot publish: the connection is ${state}`));
    settle(this, this.#client.publish(messageValue(message), channel, { qos: this.#qos, queue: this.#queue }));
  }

  /**
   * Subscribes to a channel or a pattern (`news*`); `sgcsubscribe` fires once it took effect,
   * followed by the messages the server queued on it.
   *
   * @param channel - the channel
   * @example
   * ```js
   * socket.on('sgcsubscribe', function (event) { console.log('subscribed to ' + event.channel); });
   * socket.subscribe('news');
   * ```
   */
  subscribe(channel: string): void {
    settle(this, this.#client.subscribe(channel));
  }

  /**
   * Ends a subscription; `sgcunsubscribe` fires once it ended.
   *
   * @param channel - the channel as subscribed
   * @example
   * ```js
   * socket.unsubscribe('news');
   * ```
   */
  unsubscribe(channel: string): void {
    settle(this, this.#client.unsubscribe(channel));
  }

  /**
   * Calls a method on the server; `sgcrpcresult` or `sgcrpcerror` fires with the same `id`.
   *
   * @param id - the call's id, unique among the calls still waiting (a number is sent as its string)
   * @param method - the method
   * @param params - its parameters; a string of valid JSON is sent as that JSON
   * @example
   * ```js
   * socket.on('sgcrpcresult', function (event) { if (event.id === 'sum-1') console.log(event.result); });
   * socket.rpc('sum-1', 'add', '[1, 2]');
   * ```
   */
  rpc(id: string, method: string, params?: unknown): void {
    // String(): pages pass numbers too, and the server answers with the id as it was sent.
    const key = String(id);
    void this.#client.rpc(method, paramsValue(params), { id: key }).then(
      (result) => this.dispatchEvent(new SgcwsRpcResultEvent(key, result)),
      (error: unknown) => this.dispatchEvent(new SgcwsRpcErrorEvent(key, rpcFailure(error))),
    );
  }

  /**
   * Calls a method on the server without waiting for an answer (a JSON-RPC notification).
   *
   * @param method - the method
   * @param params - its parameters; a string of valid JSON is sent as that JSON
   * @example
   * ```js
   * socket.notify('log', '{"level":"info"}');
   * ```
   */
  notify(method: string, params?: unknown): void {
    attempt(this, () => this.#client.notify(method, paramsValue(params)));
  }

  /**
   * Sends a message to every connection of the protocol, or to one channel's subscribers;
   * they get it as `sgcmessage`.
   *
   * @param message - any JSON value; a string holding a JSON object or array is sent as that JSON
   * @param channel - the channel; every connection when omitted or empty
   * @example
   * ```js
   * socket.broadcast('Server maintenance at noon');
   * ```
   */
  broadcast(message: unknown, channel?: string): void {
    attempt(this, () => this.#client.broadcast(messageValue(message), channel));
  }

  /**
   * Sends a message to the server (its `message` event), as `sgc@message`. Unlike
   * `sgcWebSocket.send`, the message is wrapped in the protocol.
   *
   * @param message - any JSON value; a string holding a JSON object or array is sent as that JSON
   * @example
   * ```js
   * socket.send('Hello server!');
   * ```
   */
  override send(message: unknown): void {
    attempt(this, () => this.#client.send(messageValue(message)));
  }

  /**
   * Starts a transaction on a channel: the server holds what is published on it until
   * `commit`; `sgcacknowledgment` fires once it started.
   *
   * @param channel - the channel
   * @example
   * ```js
   * socket.starttransaction('orders');
   * socket.publish('first', 'orders');
   * socket.publish('second', 'orders');
   * socket.commit('orders');
   * ```
   */
  starttransaction(channel: string): void {
    settle(this, this.#client.startTransaction(channel));
  }

  /**
   * Publishes what the channel's transaction holds, in order; `sgcacknowledgment` fires once done.
   *
   * @param channel - the channel
   * @example
   * ```js
   * socket.commit('orders');
   * ```
   */
  commit(channel: string): void {
    settle(this, this.#client.commit(channel));
  }

  /**
   * Discards what the channel's transaction holds; `sgcacknowledgment` fires once done.
   *
   * @param channel - the channel
   * @example
   * ```js
   * socket.rollback('orders');
   * ```
   */
  rollback(channel: string): void {
    settle(this, this.#client.rollback(channel));
  }

  /**
   * Asks the server for this connection's id; `sgcsession` fires with it (as it does once
   * after connecting).
   *
   * @example
   * ```js
   * socket.on('sgcsession', function (event) { console.log(event.guid); });
   * socket.getsession();
   * ```
   */
  getsession(): void {
    settle(this, this.#client.getSession());
  }

  /**
   * Later publishes go at QoS 0: sent once, not acknowledged (the default).
   *
   * @example
   * ```js
   * socket.qoslevel0();
   * ```
   */
  qoslevel0(): void {
    this.#qos = 0;
  }

  /**
   * Later publishes go at QoS 1: resent until the server acknowledges them.
   *
   * @example
   * ```js
   * socket.qoslevel1();
   * ```
   */
  qoslevel1(): void {
    this.#qos = 1;
  }

  /**
   * Later publishes go at QoS 2: delivered exactly once (publish, pubrec, pubrel, acknowledgment).
   *
   * @example
   * ```js
   * socket.qoslevel2();
   * ```
   */
  qoslevel2(): void {
    this.#qos = 2;
  }

  /**
   * The server keeps nothing of later publishes for later subscribers (the default).
   *
   * @example
   * ```js
   * socket.queuelevel0();
   * ```
   */
  queuelevel0(): void {
    this.#queue = 0;
  }

  /**
   * The server keeps the last of later publishes per channel, for later subscribers.
   *
   * @example
   * ```js
   * socket.queuelevel1();
   * ```
   */
  queuelevel1(): void {
    this.#queue = 1;
  }

  /**
   * The server keeps every later publish per channel (up to its bound), for later subscribers.
   *
   * @example
   * ```js
   * socket.queuelevel2();
   * ```
   */
  queuelevel2(): void {
    this.#queue = 2;
  }
}

/** What `sgcrpcerror` carries: the server's error answer, or why no answer came. */
function rpcFailure(error: unknown): { code: number | string; message: string; data?: unknown } {
  if (error instanceof RpcError) return { code: error.rpcCode, message: error.message, data: error.data };
  if (error instanceof SgcError) return { code: error.code, message: error.message };
  return { code: ErrorCode.InvalidState, message: String(error) };
}
