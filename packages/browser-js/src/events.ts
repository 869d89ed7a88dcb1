/**
 * The events an `sgcWebSocket` fires, with the fields the manual's handlers read:
 * `event.message` for text and errors, `event.stream` for binary messages.
 *
 * @module
 */
import type { CloseEvent, ErrorEvent } from '@sgc/frame';

/**
 * A text message arrived (`socket.on('message', …)`).
 *
 * @example
 * ```js
 * socket.on('message', function (event) { alert(event.message); });
 * ```
 */
export class SgcMessageEvent extends Event {
  /** The text. */
  readonly message: string;

  /**
   * @param message - the text
   */
  constructor(message: string) {
    super('message');
    this.message = message;
  }
}

/**
 * A binary message arrived (`socket.on('stream', …)`); WebSocket only, as server-sent events carry text.
 *
 * @example
 * ```js
 * socket.on('stream', function (event) {
 *   document.getElementById('image').src = URL.createObjectURL(event.stream);
 * });
 * ```
 */
export class SgcStreamEvent extends Event {
  /** The message. Writable: the manual's handlers clear it (`event.stream = ""`) once used. */
  stream: Blob;

  /**
   * @param stream - the message
   */
  constructor(stream: Blob) {
    super('stream');
    this.stream = stream;
  }
}

/** The name of each `sgcWebSocket` event and the event it carries. */
export interface SgcWebSocketEventMap {
  /** The connection is open and `send` goes straight out. */
  open: Event;
  /** A text message arrived. */
  message: SgcMessageEvent;
  /** A binary message arrived. */
  stream: SgcStreamEvent;
  /** Something failed; `event.message` says what. The connection may still be open. */
  error: ErrorEvent;
  /** The connection is closed for good; `code`, `reason` and `wasClean` as a WebSocket's. */
  close: CloseEvent;
}
