/**
 * A WHATWG-compatible `WebSocket` (HTML Living Standard §9.3) on top of
 * {@link WebSocketClient}, so code written for browsers runs on Node 20, which
 * has no global `WebSocket` without a flag.
 *
 * @module
 */
import { CloseEvent, ErrorEvent, MessageEvent } from '@sgc/frame';
import type { WebSocketClientOptions } from './client-options.js';
import { WebSocketClient } from './websocket-client.js';

/** The `binaryType` values: the WHATWG two, plus Node's `nodebuffer` (no copy). */
export type BinaryType = 'blob' | 'arraybuffer' | 'nodebuffer';

/** An `on<event>` handler attribute of {@link WebSocket}: a function or `null`. */
export type WebSocketEventHandler<E extends Event> = ((this: WebSocket, event: E) => unknown) | null;

/** Node-only extras accepted as the third constructor argument. */
export type WebSocketInit = Omit<WebSocketClientOptions, 'url' | 'protocols'>;

/**
 * The browser `WebSocket` API for Node.js.
 *
 * @example
 * ```ts
 * const ws = new WebSocket('ws://127.0.0.1:8080', ['chat']);
 * ws.binaryType = 'arraybuffer';
 * ws.onopen = () => ws.send('hello');
 * ws.onmessage = (event) => console.log(event.data);
 * ws.onclose = (event) => console.log(event.code, event.wasClean);
 * ```
 */
export class WebSocket extends EventTarget {
  /** The connection has not yet been established. */
  static readonly CONNECTING = 0;
  /** The connection is open. */
  static readonly OPEN = 1;
  /** The closing handshake is in progress. */
  static readonly CLOSING = 2;
  /** The connection is closed. */
  static readonly CLOSED = 3;
  /** Same as the static constant. */
  readonly CONNECTING = 0;
  /** Same as the static constant. */
  readonly OPEN = 1;
  /** Same as the static constant. */
  readonly CLOSING = 2;
  /** Same as the static constant. */
  readonly CLOSED = 3;

  /** How binary messages are exposed. @defaultValue 'blob' */
  binaryType: BinaryType = 'blob';
  readonly #client: WebSocketClient;
  readonly #connecting = new AbortController();
  #state = 0;
  /** Binary sends wait for Blob reads so messages keep their order. */
  #pending: Promise<void> = Promise.resolve();
  #queuedBlobBytes = 0;
  #onopen: WebSocketEventHandler<Event> = null;
  #onmessage: WebSocketEventHandler<MessageEvent> = null;
  #onerror: WebSocketEventHandler<Event> = null;
  #onclose: WebSocketEventHandler<CloseEvent> = null;

  /**
   * @param url - `ws:`, `wss:`, `http:` or `https:` URL
   * @param protocols - sub-protocols to offer
   * @param init - Node-only client options (TLS, headers, compression, limits)
   * @throws `SyntaxError` (a DOMException) for an invalid URL or duplicate protocols, as browsers do
   */
  constructor(url: string | URL, protocols: string | string[] = [], init: WebSocketInit = {}) {
    super();
    const list = typeof protocols === 'string' ? [protocols] : protocols;
    if (new Set(list).size !== list.length) throw new DOMException('Duplicate sub-protocol', 'SyntaxError');
    try {
      this.#client = new WebSocketClient({ ...init, url, protocols: list });
    } catch (error) {
      throw new DOMException((error as Error).message, 'SyntaxError');
    }
    this.#client.on('message', (text) => this.#dispatchMessage(text));
    this.#client.on('binary', (data) => this.#dispatchMessage(this.#binary(data)));
    this.#client.on('disconnect', (code, reason, wasClean) => this.#closed(code, reason, wasClean));
    this.#client.connect({ signal: this.#connecting.signal }).then(
      () => {
        if (this.#state !== 0) return;
        this.#state = 1;
        this.dispatchEvent(new Event('open'));
      },
      (error: unknown) => {
        // A failed connection fires error, then close with 1006 (WHATWG "fail the WebSocket connection").
        this.#state = 3;
        this.dispatchEvent(new ErrorEvent('error', { error, message: (error as Error).message }));
        this.dispatchEvent(new CloseEvent('close', { code: 1006, reason: '', wasClean: false }));
      },
    );
  }

  /** The URL, as resolved. */
  get url(): string {
    return this.#client.url.href;
  }

  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  get readyState(): number {
    return this.#state;
  }

  /** The negotiated sub-protocol, or `''`. */
  get protocol(): string {
    return this.#client.protocol;
  }

  /** The negotiated extensions, or `''`. */
  get extensions(): string {
    return this.#client.extensions;
  }

  /** Bytes queued but not yet written. */
  get bufferedAmount(): number {
    return this.#client.bufferedAmount + this.#queuedBlobBytes;
  }

  /**
   * Sends a message.
   *
   * @param data - text, or bytes as an `ArrayBuffer`, a view or a `Blob`
   * @throws `InvalidStateError` (a DOMException) while connecting
   */
  send(data: string | ArrayBufferLike | ArrayBufferView | Blob): void {
    if (this.#state === 0) throw new DOMException('WebSocket is still connecting', 'InvalidStateError');
    if (this.#state !== 1) return;
    if (data instanceof Blob) {
      this.#queuedBlobBytes += data.size;
      this.#pending = this.#pending.then(async () => {
        const bytes = new Uint8Array(await data.arrayBuffer());
        this.#queuedBlobBytes -= data.size;
        if (this.#client.isOpen) this.#client.send(bytes);
      });
      return;
    }
    const message =
      typeof data === 'string'
        ? data
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : new Uint8Array(data);
    if (this.#queuedBlobBytes > 0) {
      this.#pending = this.#pending.then(() => {
        if (this.#client.isOpen) this.#client.send(message);
      });
    } else {
      this.#client.send(message);
    }
  }

  /**
   * Starts the closing handshake.
   *
   * @param code - 1000 or 3000-4999
   * @param reason - at most 123 bytes of UTF-8
   * @throws `InvalidAccessError` for another code, `SyntaxError` for a long reason (DOMExceptions)
   */
  close(code?: number, reason?: string): void {
    if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) {
      throw new DOMException(`Invalid close code ${code}`, 'InvalidAccessError');
    }
    if (reason !== undefined && Buffer.byteLength(reason) > 123) {
      throw new DOMException('Close reason longer than 123 bytes', 'SyntaxError');
    }
    if (this.#state >= 2) return;
    if (this.#state === 0) {
      // Not yet open: fail the connection (WHATWG), which fires error and close.
      this.#state = 2;
      this.#connecting.abort();
      return;
    }
    this.#state = 2;
    this.#client.close(code ?? 1000, reason ?? '').catch(() => undefined);
  }

  /** `open` handler attribute. */
  get onopen(): WebSocketEventHandler<Event> {
    return this.#onopen;
  }
  set onopen(handler: WebSocketEventHandler<Event>) {
    this.#onopen = this.#swap('open', this.#onopen, handler);
  }
  /** `message` handler attribute. */
  get onmessage(): WebSocketEventHandler<MessageEvent> {
    return this.#onmessage;
  }
  set onmessage(handler: WebSocketEventHandler<MessageEvent>) {
    this.#onmessage = this.#swap('message', this.#onmessage, handler);
  }
  /** `error` handler attribute. */
  get onerror(): WebSocketEventHandler<Event> {
    return this.#onerror;
  }
  set onerror(handler: WebSocketEventHandler<Event>) {
    this.#onerror = this.#swap('error', this.#onerror, handler);
  }
  /** `close` handler attribute. */
  get onclose(): WebSocketEventHandler<CloseEvent> {
    return this.#onclose;
  }
  set onclose(handler: WebSocketEventHandler<CloseEvent>) {
    this.#onclose = this.#swap('close', this.#onclose, handler);
  }

  #swap<E extends Event>(type: string, previous: WebSocketEventHandler<E>, next: WebSocketEventHandler<E>): WebSocketEventHandler<E> {
    if (previous) this.removeEventListener(type, previous as (event: Event) => void);
    if (typeof next === 'function') this.addEventListener(type, next as (event: Event) => void);
    return typeof next === 'function' ? next : null;
  }

  #binary(data: Buffer): Blob | ArrayBuffer | Buffer {
    if (this.binaryType === 'nodebuffer') return data;
    if (this.binaryType === 'arraybuffer') return data.buffer.slice(data.byteOffset, data.byteOffset + data.length) as ArrayBuffer;
    return new Blob([data]);
  }

  #dispatchMessage(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data, origin: this.#client.url.origin }));
  }

  #closed(code: number, reason: string, wasClean: boolean): void {
    this.#state = 3;
    if (!wasClean && code === 1006) this.dispatchEvent(new ErrorEvent('error', { message: 'Connection lost' }));
    this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean }));
  }
}

