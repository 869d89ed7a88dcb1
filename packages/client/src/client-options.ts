/**
 * Options of {@link WebSocketClient}.
 *
 * @module
 */
import type { ConnectionOptions } from 'node:tls';
import type { FragmentMode, PerMessageDeflateOptions } from '@sgc/frame/node';

/** TLS settings for `wss://` URLs: CA, client certificate (PEM or PFX), verification, versions, ALPN. */
export type ClientTlsOptions = Omit<ConnectionOptions, 'host' | 'port' | 'socket' | 'path'>;

/** Options of {@link WebSocketClient}. */
export interface WebSocketClientOptions {
  /** `ws://` or `wss://` URL (`http://`/`https://` are accepted as aliases). */
  url: string | URL;
  /** Sub-protocols to offer, in preference order (the manual's `RegisterProtocol`). @defaultValue [] */
  protocols?: string | readonly string[];
  /** Extra handshake request headers. */
  headers?: Readonly<Record<string, string>>;
  /** The `Origin` header (the manual's `Options.Origin`). */
  origin?: string;
  /** Offer permessage-deflate (RFC 7692); `true` uses the defaults. @defaultValue false */
  perMessageDeflate?: boolean | PerMessageDeflateOptions;
  /** Offer the legacy deflate-frame extension (x-webkit-deflate-frame). @defaultValue false */
  deflateFrame?: boolean;
  /** TLS settings for `wss://`. */
  tls?: ClientTlsOptions;
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
  /** Milliseconds to wait for the closing handshake before dropping the socket. @defaultValue 30000 */
  closeTimeout?: number;
  /** Buffered bytes at which `send()` returns `false`. @defaultValue 1 MiB */
  highWaterMark?: number;
  /** Default timeout of `connect()` in milliseconds (the manual's `ConnectTimeout`). @defaultValue 10000 */
  connectTimeout?: number;
}
