/**
 * The WHATWG event classes Node 20 lacks (`CloseEvent`, `ErrorEvent`) and a
 * `MessageEvent` with a typed `data`, for the browser-compatible `WebSocket`.
 *
 * @module
 */

/** The standard fields every event init dictionary has (DOM `EventInit`). */
export interface BaseEventInit {
  /** @defaultValue false */
  bubbles?: boolean;
  /** @defaultValue false */
  cancelable?: boolean;
  /** @defaultValue false */
  composed?: boolean;
}

/** Fields of a {@link CloseEvent}. */
export interface CloseEventInit extends BaseEventInit {
  /** The close code. @defaultValue 0 */
  code?: number;
  /** The close reason. @defaultValue '' */
  reason?: string;
  /** Whether the closing handshake completed. @defaultValue false */
  wasClean?: boolean;
}

/**
 * Fired when a WebSocket closes (WHATWG HTML §9.3.4).
 *
 * @example
 * ```ts
 * ws.addEventListener('close', (event) => console.log(event.code, event.reason, event.wasClean));
 * ```
 */
export class CloseEvent extends Event {
  /** The close code (1006 when the connection dropped without a close frame). */
  readonly code: number;
  /** The close reason. */
  readonly reason: string;
  /** `true` when both close frames were exchanged. */
  readonly wasClean: boolean;

  /**
   * @param type - the event type, normally `close`
   * @param init - code, reason and wasClean
   */
  constructor(type: string, init: CloseEventInit = {}) {
    super(type, init);
    this.code = init.code ?? 0;
    this.reason = init.reason ?? '';
    this.wasClean = init.wasClean ?? false;
  }
}

/** Fields of an {@link ErrorEvent}. */
export interface ErrorEventInit extends BaseEventInit {
  /** A description of the error. @defaultValue '' */
  message?: string;
  /** The error itself. */
  error?: unknown;
}

/**
 * Fired when a WebSocket fails.
 *
 * @example
 * ```ts
 * ws.addEventListener('error', (event) => console.error(event.error));
 * ```
 */
export class ErrorEvent extends Event {
  /** A description of the error. */
  readonly message: string;
  /** The error itself, usually an {@link SgcError}. */
  readonly error: unknown;

  /**
   * @param type - the event type, normally `error`
   * @param init - message and error
   */
  constructor(type: string, init: ErrorEventInit = {}) {
    super(type, init);
    this.message = init.message ?? '';
    this.error = init.error;
  }
}

/** Fields of a {@link MessageEvent}. */
export interface MessageEventInit<T> extends BaseEventInit {
  /** The message. */
  data: T;
  /** The origin of the sender. @defaultValue '' */
  origin?: string;
}

/**
 * Fired for each message a WebSocket receives.
 *
 * @typeParam T - the data type: `string` for text, `ArrayBuffer`, `Blob` or `Buffer` for binary
 * @example
 * ```ts
 * ws.addEventListener('message', (event) => console.log(event.data));
 * ```
 */
export class MessageEvent<T = unknown> extends Event {
  /** The message. */
  readonly data: T;
  /** The origin of the sender. */
  readonly origin: string;

  /**
   * @param type - the event type, normally `message`
   * @param init - the data and origin
   */
  constructor(type: string, init: MessageEventInit<T>) {
    super(type, init);
    this.data = init.data;
    this.origin = init.origin ?? '';
  }
}
