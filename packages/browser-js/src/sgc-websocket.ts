/**
 * `sgcWebSocket`, the manual's browser connection: WebSocket, falling back to server-sent
 * events when the browser has no WebSocket or the WebSocket connection fails before it opens.
 *
 * @module
 */
import { CloseEvent, ErrorCode, ErrorEvent, SgcError } from '@sgc/frame';
import { connectionUrls, type ConnectionUrls, type UrlAuth } from './connection-url.js';
import { SgcMessageEvent, SgcStreamEvent, type SgcWebSocketEventMap } from './events.js';
import type { Link, LinkHandler, OutgoingData, TransportName } from './transports/link.js';
import { SseLink } from './transports/sse-link.js';
import { WebSocketLink } from './transports/websocket-link.js';

/** What `state()` returns, as a WebSocket's `readyState` in words. */
export type SgcWebSocketState = 'connecting' | 'open' | 'closing' | 'closed';

/** The manual's default: WebSocket first, then server-sent events. */
const DEFAULT_TRANSPORTS: readonly TransportName[] = ['websocket', 'sse'];

// SSE needs fetch too: messages to the server are posted.
const AVAILABLE: Readonly<Record<TransportName, () => boolean>> = {
  websocket: () => typeof WebSocket === 'function',
  sse: () => typeof EventSource === 'function' && typeof fetch === 'function',
};

/**
 * A connection to an sgc server (the manual's `sgcWebSocket` from `sgcWebSockets.js`). It
 * connects as soon as it is made; what `send` is given before it opens goes out once it does.
 *
 * Events, through {@link sgcWebSocket.on | on} or `addEventListener`: `open`, `message`
 * (`event.message`), `stream` (`event.stream`, a `Blob`), `error` (`event.message`) and `close`.
 * Over server-sent events a dropped stream is reconnected by the browser: that fires `error`,
 * then `open` again (a new server connection), and `send` waits in between.
 *
 * @example
 * ```js
 * var socket = new sgcWebSocket('ws://' + location.host + '/?id=1');
 * socket.on('open', function () { socket.send('Hello sgcWebSockets!'); });
 * socket.on('message', function (event) { alert(event.message); });
 * socket.on('error', function (event) { console.log('sgcWebSocket Error: ' + event.message); });
 * ```
 */
// The manual's name, lower-case first letter included: pages written for sgcWebSockets.js call it so.
// M: the events it fires; a subclass that speaks a protocol adds that protocol's.
export class sgcWebSocket<M extends SgcWebSocketEventMap = SgcWebSocketEventMap> extends EventTarget {
  /** The addresses it connects to. */
  readonly urls: ConnectionUrls;
  /** The sub-protocol asked for over WebSocket (`''` for none); SSE has no sub-protocols. */
  readonly protocol: string;
  #untried: TransportName[];
  #link: Link | undefined;
  #transport: TransportName | undefined;
  #attempt = 0;
  #state: SgcWebSocketState = 'connecting';
  #queue: OutgoingData[] = [];
  #failure = '';

  /**
   * @param url - `ws://host:port/path?query` or `wss://…` (`http(s)://` works too; relative URLs
   *   are taken from the page), or `{ host, user, password }` for URL authentication, which
   *   connects to `<host>/sgc/auth/url/<user>/<password>`
   * @param protocol - the sub-protocol, e.g. `'esegece.com'` @defaultValue `''` (none)
   * @param transport - the transports to try, in order: `['websocket']` or `['sse']` forces one
   *   @defaultValue `['websocket', 'sse']`
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a URL that does not parse or
   *   has another scheme, and for an empty or unknown transport list
   */
  constructor(url: string | UrlAuth, protocol = '', transport: readonly TransportName[] = DEFAULT_TRANSPORTS) {
    super();
    this.urls = connectionUrls(url);
    this.protocol = protocol;
    const unknown = transport.filter((name) => !Object.hasOwn(AVAILABLE, name));
    if (transport.length === 0 || unknown.length > 0) {
      throw new SgcError(ErrorCode.InvalidArgument, `The transports must be 'websocket' and/or 'sse', got [${transport.join(', ')}]`);
    }
    this.#untried = [...transport];
    this.#connectNext();
  }

  /** The transport in use or being tried: `'websocket'` or `'sse'`; `undefined` once none is left. */
  get transport(): TransportName | undefined {
    return this.#transport;
  }

  /**
   * Tells how the connection is.
   *
   * @returns `'connecting'` (including an event stream that is reconnecting), `'open'`,
   *   `'closing'` or `'closed'`
   * @example
   * ```js
   * if (socket.state() === 'open') socket.send('ping');
   * ```
   */
  state(): SgcWebSocketState {
    return this.#state;
  }

  /**
   * Sends a message. While connecting it is kept and sent once the connection opens.
   *
   * @param data - text; binary data (`Blob`, `ArrayBuffer`, a typed array) only over WebSocket
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN` once closing or closed;
   *   `SGC_ERR_NOT_SUPPORTED` for binary data over server-sent events
   * @example
   * ```js
   * socket.send('Hello sgcWebSockets!');
   * ```
   */
  send(data: OutgoingData): void {
    if (this.#state === 'connecting') this.#queue.push(data);
    else if (this.#state === 'open') this.#link!.send(data);
    else throw new SgcError(ErrorCode.NotOpen, `Cannot send: the connection is ${this.#state}`);
  }

  /**
   * Closes the connection; `close` fires once it is closed. Does nothing when already closing.
   *
   * @param code - the WebSocket close code (1000 or 3000-4999) @defaultValue 1000 over WebSocket
   * @param reason - the close reason, at most 123 bytes of UTF-8 @defaultValue `''`
   * @throws `InvalidAccessError` or `SyntaxError` (`DOMException`s) from the browser for another code or a longer reason
   * @example
   * ```js
   * socket.close();
   * ```
   */
  close(code?: number, reason?: string): void {
    if (this.#state === 'closing' || this.#state === 'closed') return;
    this.#link?.close(code, reason);
    this.#state = 'closing';
    this.#untried = [];
    this.#queue = [];
  }

  /**
   * Listens to an event (the manual's `socket.on(name, fn)`).
   *
   * @param name - `open`, `message`, `stream`, `error` or `close`, or an event of the protocol a
   *   subclass speaks (`sgcevent`, `sgcrpcresult`, …)
   * @param listener - called with the event
   * @returns this socket, for chaining
   * @example
   * ```js
   * socket.on('message', function (event) { alert(event.message); });
   * ```
   */
  on<K extends keyof M & string>(name: K, listener: (this: this, event: M[K]) => void): this {
    this.addEventListener(name, listener as EventListener);
    return this;
  }

  /**
   * Stops listening to an event.
   *
   * @param name - the event name given to {@link sgcWebSocket.on | on}
   * @param listener - the same function
   * @returns this socket, for chaining
   * @example
   * ```js
   * socket.off('message', onMessage);
   * ```
   */
  off<K extends keyof M & string>(name: K, listener: (this: this, event: M[K]) => void): this {
    this.removeEventListener(name, listener as EventListener);
    return this;
  }

  /** Opens the next available transport; with none left, ends with `error` and `close`. */
  #connectNext(): void {
    while (this.#untried.length > 0) {
      const name = this.#untried.shift()!;
      if (!AVAILABLE[name]()) {
        this.#failure = `This browser has no ${name === 'sse' ? 'EventSource' : 'WebSocket'}`;
        continue;
      }
      const handler = this.#handlerFor(++this.#attempt);
      try {
        this.#link = name === 'websocket' ? new WebSocketLink(this.urls.websocket, this.protocol, handler) : new SseLink(this.urls.sse, handler);
        this.#transport = name;
        return;
      } catch (error) {
        this.#failure = error instanceof Error ? error.message : String(error);
      }
    }
    this.#link = undefined;
    this.#transport = undefined;
    const failure = this.#failure || 'The connection could not be opened';
    // Deferred: from the constructor, listeners are not attached yet.
    setTimeout(() => this.#finish(1006, '', false, failure), 0);
  }

  /** Callbacks for one attempt; those of an abandoned attempt are ignored. */
  #handlerFor(attempt: number): LinkHandler {
    const current = () => attempt === this.#attempt;
    let opened = false;
    return {
      opened: () => {
        if (!current() || this.#state !== 'connecting') return;
        opened = true;
        this.#state = 'open';
        // Open once is enough: from now on a failure is reported, not routed to another transport.
        this.#untried = [];
        // Before `open` fires: what was sent while connecting goes ahead of what its listeners send.
        this.#flush();
        this.dispatchEvent(new Event('open'));
      },
      text: (message) => current() && this.dispatchEvent(new SgcMessageEvent(message)),
      binary: (data) => current() && this.dispatchEvent(new SgcStreamEvent(data)),
      failed: (message) => {
        if (!current()) return;
        // Before opening, a failure only counts if no other transport works: see closed().
        if (this.#state === 'open') this.dispatchEvent(new ErrorEvent('error', { message }));
        else this.#failure = message;
      },
      interrupted: () => {
        if (!current() || this.#state !== 'open') return;
        this.#state = 'connecting';
        this.dispatchEvent(new ErrorEvent('error', { message: 'The event stream was interrupted; reconnecting' }));
      },
      closed: (code, reason, wasClean) => {
        if (!current()) return;
        const failedToOpen = !opened && this.#state === 'connecting';
        if (failedToOpen && this.#untried.length > 0) this.#connectNext();
        else this.#finish(code, reason, wasClean, failedToOpen ? this.#failure || 'The connection could not be opened' : undefined);
      },
    };
  }

  #flush(): void {
    for (const data of this.#queue.splice(0)) {
      try {
        this.#link!.send(data);
      } catch (error) {
        this.dispatchEvent(new ErrorEvent('error', { message: error instanceof Error ? error.message : String(error), error }));
      }
    }
  }

  #finish(code: number, reason: string, wasClean: boolean, failure: string | undefined): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#queue = [];
    if (failure !== undefined) this.dispatchEvent(new ErrorEvent('error', { message: failure }));
    this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean }));
  }
}
