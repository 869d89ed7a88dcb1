/**
 * An `sgcWebSocket` seen as a `Transport` (`@sgc/frame`): the protocol clients of
 * `@sgc/protocols` are written for any transport, so in the browser they run unchanged on
 * the same socket pages already use.
 *
 * @module
 */
import { ErrorCode, SgcError, type CloseEvent, type ErrorEvent, type Transport, type TransportHandler } from '@sgc/frame';
import type { SgcMessageEvent } from '../events.js';
import type { sgcWebSocket } from '../sgc-websocket.js';
import type { OutgoingData } from '../transports/link.js';

/**
 * @internal A `Transport` over an `sgcWebSocket`.
 *
 * @example
 * ```ts
 * const socket = new sgcWebSocket(url, SGC_PROTOCOL, ['websocket']);
 * const client = new SgcProtocolClient(new SocketTransport(socket, (data) => socket.send(data)));
 * ```
 */
export class SocketTransport implements Transport {
  readonly #socket: sgcWebSocket;
  readonly #send: (data: OutgoingData) => void;

  /**
   * @param socket - the socket to listen to and close
   * @param send - writes to the socket as `sgcWebSocket.send` does; given apart because a
   *   subclass that speaks a protocol (`sgcws`) gives `send` another meaning
   */
  constructor(socket: sgcWebSocket, send: (data: OutgoingData) => void) {
    this.#socket = socket;
    this.#send = send;
  }

  /** `true` while the socket is open. */
  get isOpen(): boolean {
    return this.#socket.state() === 'open';
  }

  /** Always 0: `sgcWebSocket` does not expose its socket's buffer, so there is no backpressure signal. */
  get bufferedAmount(): number {
    return 0;
  }

  /**
   * The sub-protocol asked for, once open: the socket asks for one only, and a browser fails
   * the connection when the server picks any other.
   */
  get protocol(): string {
    return this.isOpen ? this.#socket.protocol : '';
  }

  /**
   * Sends one message through the socket.
   *
   * @param data - text, or bytes as a binary message
   * @returns always `true` (no backpressure signal)
   */
  send(data: string | Uint8Array): boolean {
    // Binary data is copied: a view on a SharedArrayBuffer cannot be sent.
    this.#send(typeof data === 'string' ? data : data.slice());
    return true;
  }

  /**
   * Closes the socket.
   *
   * @param code - the close code
   * @param reason - the close reason
   */
  close(code?: number, reason?: string): void {
    this.#socket.close(code, reason);
  }

  /**
   * Passes the socket's `open`, `message`, `error` and `close` events on to `handler`. Binary
   * messages (`stream`) are not passed on: reading their Blob is asynchronous and would put them
   * out of order with the text around them, and the sgc protocols speak text only.
   *
   * @param handler - receives the events
   * @returns a function that stops passing them on
   */
  attach(handler: TransportHandler): () => void {
    const onOpen = (): void => handler.onOpen?.();
    const onMessage = (event: SgcMessageEvent): void => handler.onText?.(event.message);
    const onError = (event: ErrorEvent): void =>
      handler.onError?.(event.error instanceof Error ? event.error : new SgcError(ErrorCode.Socket, event.message));
    const onClose = (event: CloseEvent): void => handler.onClose?.(event.code, event.reason);
    this.#socket.on('open', onOpen).on('message', onMessage).on('error', onError).on('close', onClose);
    return () => {
      this.#socket.off('open', onOpen).off('message', onMessage).off('error', onError).off('close', onClose);
    };
  }
}
