/**
 * Options of {@link WebSocketClient}.
 *
 * @module
 */
import type { PeerCertificate, ConnectionOptions } from 'node:tls';
import type {
  EmitMode,
  BackoffOptions,
  ConnectionLogOptions,
  EndOfFrameScanMode,
  HeartbeatOptions,
  PerMessageDeflateOptions,
  SessionSettings,
  ThrottleOptions,
} from '@sgc/frame/node';
import type { ProxyOptions } from './dial/index.js';
import type { LoadBalancerOptions } from './load-balancer.js';
import type { ConnectRequest } from './plugin.js';
import type { QueueMode } from './send-queue.js';
import type { ClientAuth } from './auth.js';
import type { OfflineQueueOptions } from './offline-queue.js';

/**
 * TLS settings for `wss://` URLs: `ca`, client `cert`/`key` (PEM) or `pfx` with `passphrase`,
 * `rejectUnauthorized` (verify on/off), `minVersion`/`maxVersion`, `ALPNProtocols`, and more.
 */
export type ClientTlsOptions = Omit<ConnectionOptions, 'host' | 'port' | 'socket' | 'path'>;

/**
 * Decides whether to trust the server's certificate after Node's own checks passed
 * (the manual's `OnSSLVerifyPeer`). Return `false` (or throw) to refuse the connection.
 */
export type VerifyPeer = (certificate: PeerCertificate, host: string) => boolean;

/** The manual's WatchDog: reconnect after an unexpected close. */
export interface WatchdogOptions extends BackoffOptions {
  /** Most attempts per outage; 0 tries forever (the manual's `Attempts`). @defaultValue 0 */
  maxAttempts?: number;
  /** Keep messages sent while disconnected and send them after reconnecting. @defaultValue true */
  queueWhileOffline?: boolean;
  /** Bounds of that queue. */
  offlineQueue?: OfflineQueueOptions;
}

/** Options of {@link WebSocketClient}. Limits come from {@link @sgc/frame!node.SessionSettings}. */
export interface WebSocketClientOptions extends SessionSettings {
  /**
   * `ws://` or `wss://` URL (`http://`/`https://` are accepted as aliases), or `tcp://` / `tcps://`
   * for a plain TCP connection without WebSocket framing (messages arrive as `binary`).
   */
  url: string | URL;
  /** Plain TCP only: how received bytes are cut into messages (the manual's `TCPEndOfFrameScanBuffer`). */
  tcp?: { scanMode?: EndOfFrameScanMode; delimiter?: readonly number[]; maxBuffer?: number };
  /**
   * Tunnel through an HTTP CONNECT or SOCKS 4/4a/5 proxy (`http://user:pass@host:port`,
   * `socks5://...`), or `'env'` to follow `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and `NO_PROXY`.
   */
  proxy?: ProxyOptions;
  /** Limit the bits per second sent and received (the manual's `Throttle`). */
  throttle?: ThrottleOptions;
  /** Log the connection and every message in the manual's LogFile format: a file name, or log options with a hook. */
  log?: string | ConnectionLogOptions;
  /** Sub-protocols to offer, in preference order (the manual's `RegisterProtocol`). @defaultValue [] */
  protocols?: string | readonly string[];
  /** Extra handshake request headers. */
  headers?: Readonly<Record<string, string>>;
  /** The `Origin` header (the manual's `Options.Origin`). */
  origin?: string;
  /**
   * Edits each opening handshake before it is sent (the manual's `OnHandshake`): change the URL,
   * headers or offered sub-protocols. Runs before a plug-in's `beforeConnect`, on every (re)connect.
   */
  handshake?: (request: ConnectRequest) => void | Promise<void>;
  /** Offer permessage-deflate (RFC 7692); `true` uses the defaults. @defaultValue false */
  perMessageDeflate?: boolean | PerMessageDeflateOptions;
  /** Offer the legacy deflate-frame extension (x-webkit-deflate-frame). @defaultValue false */
  deflateFrame?: boolean;
  /** TLS settings for `wss://`. */
  tls?: ClientTlsOptions;
  /** Extra check of the server certificate. */
  verifyPeer?: VerifyPeer;
  /** Authentication of the handshake (Basic, bearer token, token provider, sgc URL or Session). */
  auth?: ClientAuth;
  /** Default timeout of `connect()` in milliseconds (the manual's `ConnectTimeout`). @defaultValue 10000 */
  connectTimeout?: number;
  /** Close the connection when nothing is received or sent for this many milliseconds; 0 never. @defaultValue 0 */
  readTimeout?: number;
  /** Close the connection when written data stays unsent for this many milliseconds; 0 never. @defaultValue 0 */
  writeTimeout?: number;
  /** TCP keep-alive probes after this many idle milliseconds (Node cannot set the probe interval). */
  tcpKeepAlive?: { initialDelay: number };
  /** Ping every `interval` ms and drop the connection when a pong is `timeout` ms late. */
  heartbeat?: HeartbeatOptions;
  /** Reconnect after unexpected closes; `true` uses the defaults. @defaultValue false */
  watchdog?: boolean | WatchdogOptions;
  /** `disconnect()` sends a close frame first, for servers that miss half-open sockets. @defaultValue false */
  cleanDisconnect?: boolean;
  /** Emit `error` when the connection fails on a protocol error (the manual's `RaiseDisconnectExceptions`). @defaultValue true */
  raiseDisconnectErrors?: boolean;
  /** When events reach listeners. @defaultValue 'inline' */
  emitMode?: EmitMode;
  /**
   * Which messages `send()` hands to an async queue instead of writing inline (the manual's
   * `QueueOptions`); the queue pauses at the high-water mark. @defaultValue 'none'
   */
  queue?: QueueMode;
  /**
   * Servers to connect to instead of `url`'s host (the manual's LoadBalancer `Servers` list):
   * each connect and reconnect takes the next one, so a watchdog fails over. Same path and query as `url`.
   */
  servers?: readonly string[];
  /**
   * Ask this load-balancer server for a back-end before each connect (the manual's LoadBalancer
   * `Host`/`Port`); the back-end gets `url`'s path and query.
   */
  loadBalancer?: LoadBalancerOptions;
}
