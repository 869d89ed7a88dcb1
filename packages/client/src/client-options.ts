/**
 * Options of {@link WebSocketClient}.
 *
 * @module
 */
import type { ConnectionOptions } from 'node:tls';
import type { PerMessageDeflateOptions, SessionSettings } from '@sgc/frame/node';

/** TLS settings for `wss://` URLs: CA, client certificate (PEM or PFX), verification, versions, ALPN. */
export type ClientTlsOptions = Omit<ConnectionOptions, 'host' | 'port' | 'socket' | 'path'>;

/** Options of {@link WebSocketClient}. */
export interface WebSocketClientOptions extends SessionSettings {
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
  /** Default timeout of `connect()` in milliseconds (the manual's `ConnectTimeout`). @defaultValue 10000 */
  connectTimeout?: number;
}
