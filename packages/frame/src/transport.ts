/**
 * The contract between a connection and the protocols that run over it.
 * MQTT, STOMP, WAMP and the sgc protocols speak to a `Transport`, never to a
 * socket, so they run over `@sgc/client`, raw TCP or a browser `WebSocket` alike.
 *
 * @module
 */

/** What a protocol hears from its transport. Every member is optional. */
export interface TransportHandler {
  /** The transport is open; sending is allowed. */
  onOpen?(): void;
  /** A text message arrived. */
  onText?(text: string): void;
  /** A binary message arrived. */
  onBinary?(data: Uint8Array): void;
  /** The transport closed; `code` is 1006 when it dropped without a close frame. */
  onClose?(code: number, reason: string): void;
  /** A protocol or network error. */
  onError?(error: Error): void;
  /** The send buffer drained after `send()` returned `false`. */
  onDrain?(): void;
}

/**
 * A message pipe a protocol can send through and listen to.
 *
 * @example
 * ```ts
 * const detach = transport.attach({ onText: (text) => handleFrame(text) });
 * transport.send('CONNECT\n\n\0');
 * ```
 */
export interface Transport {
  /** `true` while messages may be sent. */
  readonly isOpen: boolean;
  /** Bytes accepted by `send()` but not yet written: the backpressure signal. */
  readonly bufferedAmount: number;
  /** The negotiated sub-protocol, or `''`. */
  readonly protocol: string;
  /**
   * Sends one message: a string as text, bytes as binary.
   *
   * @returns `false` when the caller should wait for `onDrain`
   */
  send(data: string | Uint8Array): boolean;
  /** Closes the transport with an optional code and reason. */
  close(code?: number, reason?: string): void | Promise<void>;
  /**
   * Starts delivering events to `handler`.
   *
   * @returns a function that stops delivering them
   */
  attach(handler: TransportHandler): () => void;
}
