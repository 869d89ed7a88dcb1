/**
 * The events an `sgcws` fires for the sgc default protocol, named and shaped as in the
 * manual's `esegece.com.js`: `sgcevent` (`event.channel`, `event.message`), `sgcrpcresult`
 * (`event.id`, `event.result`) and so on.
 *
 * @module
 */
import type { SgcWebSocketEventMap } from '../events.js';

/**
 * A plain message from the server or another client (`sgc@message`; the manual's `sgcmessage`).
 *
 * @example
 * ```js
 * socket.on('sgcmessage', function (event) { console.log(event.message); });
 * ```
 */
export class SgcwsMessageEvent extends Event {
  /** The message: any JSON value. */
  readonly message: unknown;

  /**
   * @param message - the message
   */
  constructor(message: unknown) {
    super('sgcmessage');
    this.message = message;
  }
}

/**
 * A message published on a channel this socket subscribed to (the manual's `sgcevent`).
 *
 * @example
 * ```js
 * socket.on('sgcevent', function (event) { console.log(event.channel + ': ' + event.message); });
 * ```
 */
export class SgcwsChannelEvent extends Event {
  /** The channel it was published on (not the pattern subscribed to). */
  readonly channel: string;
  /** The message: any JSON value. */
  readonly message: unknown;

  /**
   * @param channel - the channel
   * @param message - the message
   */
  constructor(channel: string, message: unknown) {
    super('sgcevent');
    this.channel = channel;
    this.message = message;
  }
}

/**
 * A subscription took effect (`sgcsubscribe`) or ended (`sgcunsubscribe`).
 *
 * @example
 * ```js
 * socket.on('sgcsubscribe', function (event) { console.log('subscribed to ' + event.channel); });
 * ```
 */
export class SgcwsSubscriptionEvent extends Event {
  /** The channel, as subscribed. */
  readonly channel: string;

  /**
   * @param type - `sgcsubscribe` or `sgcunsubscribe`
   * @param channel - the channel
   */
  constructor(type: 'sgcsubscribe' | 'sgcunsubscribe', channel: string) {
    super(type);
    this.channel = channel;
  }
}

/**
 * The server told this connection its id: after connecting, and on `getsession()` (the manual's `sgcsession`).
 *
 * @example
 * ```js
 * socket.on('sgcsession', function (event) { console.log('session ' + event.guid); });
 * ```
 */
export class SgcwsSessionEvent extends Event {
  /** The connection's id on the server. */
  readonly guid: string;

  /**
   * @param guid - the connection's id
   */
  constructor(guid: string) {
    super('sgcsession');
    this.guid = guid;
  }
}

/**
 * The server acknowledged a QoS 1 or 2 publish, or a transaction step (the manual's `sgcacknowledgment`).
 *
 * @example
 * ```js
 * socket.on('sgcacknowledgment', function (event) { console.log('acknowledged ' + event.id); });
 * ```
 */
export class SgcwsAcknowledgmentEvent extends Event {
  /** The id of the acknowledged request. */
  readonly id: string;

  /**
   * @param id - the request id
   */
  constructor(id: string) {
    super('sgcacknowledgment');
    this.id = id;
  }
}

/**
 * The server answered an `rpc` (the manual's `sgcrpcresult`).
 *
 * @example
 * ```js
 * socket.on('sgcrpcresult', function (event) { console.log(event.id + ' = ' + JSON.stringify(event.result)); });
 * ```
 */
export class SgcwsRpcResultEvent extends Event {
  /** The id given to `rpc`. */
  readonly id: string;
  /** The server's result: any JSON value. */
  readonly result: unknown;

  /**
   * @param id - the call's id
   * @param result - the result
   */
  constructor(id: string, result: unknown) {
    super('sgcrpcresult');
    this.id = id;
    this.result = result;
  }
}

/**
 * An `rpc` failed (the manual's `sgcrpcerror`): the server answered with an error, or no
 * answer came (the connection was not open or closed, or the call timed out).
 *
 * @example
 * ```js
 * socket.on('sgcrpcerror', function (event) { console.log(event.id + ' failed: ' + event.code + ' ' + event.message); });
 * ```
 */
export class SgcwsRpcErrorEvent extends Event {
  /** The id given to `rpc`. */
  readonly id: string;
  /**
   * The JSON-RPC error code of the server's answer (e.g. -32601, method not found), or, when no
   * answer came, the sgc error code (`SGC_ERR_NOT_OPEN`, `SGC_ERR_TIMEOUT`, `SGC_ERR_CONNECTION_CLOSED`).
   */
  readonly code: number | string;
  /** What went wrong. */
  readonly message: string;
  /** The error's `data`, if the server sent any. */
  readonly data: unknown;

  /**
   * @param id - the call's id
   * @param error - code, message and data
   */
  constructor(id: string, error: { code: number | string; message: string; data?: unknown }) {
    super('sgcrpcerror');
    this.id = id;
    this.code = error.code;
    this.message = error.message;
    this.data = error.data;
  }
}

/**
 * The name of each `sgcws` event and the event it carries: the protocol's events plus those
 * of `sgcWebSocket`, whose `message` carries each raw JSON-RPC text the server sent.
 */
export interface SgcwsEventMap extends SgcWebSocketEventMap {
  /** A plain message (`sgc@message`). */
  sgcmessage: SgcwsMessageEvent;
  /** A message published on a subscribed channel. */
  sgcevent: SgcwsChannelEvent;
  /** A subscription took effect. */
  sgcsubscribe: SgcwsSubscriptionEvent;
  /** A subscription ended. */
  sgcunsubscribe: SgcwsSubscriptionEvent;
  /** The connection's id, after connecting and on `getsession()`. */
  sgcsession: SgcwsSessionEvent;
  /** A publish or transaction step was acknowledged. */
  sgcacknowledgment: SgcwsAcknowledgmentEvent;
  /** An `rpc` was answered. */
  sgcrpcresult: SgcwsRpcResultEvent;
  /** An `rpc` failed. */
  sgcrpcerror: SgcwsRpcErrorEvent;
}
