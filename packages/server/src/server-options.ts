/**
 * Options of {@link WebSocketServer}.
 *
 * @module
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { SecureContextOptions } from 'node:tls';
import type { FragmentMode, PerMessageDeflateOptions } from '@sgc/frame/node';

/**
 * What a connection does when a send finds `bufferedAmount` at or above the
 * high-water mark (a slow reader):
 * - `none`: send anyway and return `false` (wait for `drain`);
 * - `drop`: discard the message, return `false` and emit `drop`;
 * - `close`: close the connection with 1008.
 */
export type HighWaterMarkPolicy = 'none' | 'drop' | 'close';

/** TLS settings for a `wss://` server (PEM or PFX). */
export interface ServerTlsOptions extends SecureContextOptions {
  /** ALPN protocols offered to clients, in preference order. */
  ALPNProtocols?: string[];
}

/**
 * Chooses the sub-protocol from the client's offer (RFC 6455 §4.2.2).
 *
 * @returns the chosen protocol, `undefined` to accept without one, or `false` to refuse the handshake (400)
 */
export type SelectProtocol = (offered: readonly string[], request: IncomingMessage) => string | false | undefined;

/** Options of {@link WebSocketServer}. */
export interface WebSocketServerOptions {
  /** Interface to listen on; all interfaces when omitted. */
  host?: string;
  /** Port to listen on; 0 picks a free one (read it back from `server.port`). @defaultValue 0 */
  port?: number;
  /** Attach to this existing HTTP(S) server instead of listening: its `upgrade` requests are handled here. */
  server?: HttpServer | HttpsServer;
  /** Only upgrade requests for this path (without query) are accepted; others get 400. */
  path?: string;
  /** Serve `wss://` with these TLS settings. */
  tls?: ServerTlsOptions;
  /** Accept permessage-deflate (RFC 7692); `true` uses the defaults. @defaultValue false */
  perMessageDeflate?: boolean | PerMessageDeflateOptions;
  /** Accept the legacy deflate-frame extension (x-webkit-deflate-frame) when permessage-deflate is not offered. @defaultValue false */
  deflateFrame?: boolean;
  /** Sub-protocol selection; by default the first offered protocol in `protocols`, or none. */
  selectProtocol?: SelectProtocol;
  /** Sub-protocols this server speaks, used by the default `selectProtocol`. @defaultValue [] */
  protocols?: readonly string[];
  /** Largest incoming message in bytes, after inflation (close 1009). @defaultValue 64 MiB */
  maxPayload?: number;
  /** Most frames per incoming message (close 1008). @defaultValue 16384 */
  maxFragments?: number;
  /** Most unanswered pongs before a ping flood closes the connection (1008). @defaultValue 60 */
  maxPendingPongs?: number;
  /** Validate incoming text as UTF-8 as it arrives (close 1007). @defaultValue true */
  validateUtf8?: boolean;
  /** The manual's `FragmentedMessages`: `buffer`, `fragments` or `all`. @defaultValue 'buffer' */
  fragmentMode?: FragmentMode;
  /** Milliseconds to wait for the closing handshake before dropping a socket. @defaultValue 30000 */
  closeTimeout?: number;
  /** Buffered bytes per connection at which `send()` returns `false`. @defaultValue 1 MiB */
  highWaterMark?: number;
  /** What a send does at the high-water mark. @defaultValue 'none' */
  highWaterMarkPolicy?: HighWaterMarkPolicy;
}
