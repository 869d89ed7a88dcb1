/**
 * The manual's API components: one plug-in per client that takes over its
 * messages (`RegisterAPI`). Protocol and API packages implement it.
 *
 * @module
 */
import type { TransportHandler } from '@sgc/frame';
import type { WebSocketClient } from './websocket-client.js';

/** What a plug-in may change before each connect (including reconnects). */
export interface ConnectRequest {
  /** The URL about to be opened; a plug-in may change it (e.g. after a negotiate call). */
  url: URL;
  /** Extra handshake headers. */
  headers: Record<string, string>;
  /** Sub-protocols to offer. */
  protocols: string[];
  /** Cancels the connect. */
  readonly signal: AbortSignal;
}

/**
 * A protocol or API plug-in. Every hook is optional.
 *
 * @example
 * ```ts
 * const echoLogger: ClientPlugin = {
 *   name: 'logger',
 *   onText: (text) => console.log('<', text),
 *   onReconnected: () => console.log('back; resubscribing'),
 * };
 * client.use(echoLogger);
 * ```
 */
export interface ClientPlugin extends TransportHandler {
  /** A name for messages and errors. */
  readonly name: string;
  /** Called once by `client.use()`. */
  attach?(client: WebSocketClient): void;
  /** Called once when the plug-in is removed. */
  detach?(): void;
  /** Runs before every connect and reconnect: rewrite the URL, add headers or sub-protocols, negotiate. */
  beforeConnect?(request: ConnectRequest): void | Promise<void>;
  /**
   * Runs after the watchdog reconnected and before queued messages are flushed: resubscribe here.
   * Messages the hook sends go out ahead of the offline queue.
   */
  onReconnected?(): void | Promise<void>;
}
