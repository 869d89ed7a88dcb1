/**
 * Options of {@link WebSocketServer}.
 *
 * @module
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { SecureContextOptions } from 'node:tls';
import type {
  ConnectionLogOptions,
  EmitMode,
  EndOfFrameScanMode,
  HeartbeatOptions,
  PerMessageDeflateOptions,
  SessionSettings,
  ThrottleOptions,
} from '@sgc/frame/node';
import type { AuthenticationOptions } from './authentication.js';
import type { Backplane } from './backplane/index.js';

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
  /**
   * Chooses the ALPN protocol from the client's list (the manual's `OnSSLALPNSelect`); return
   * `undefined` to refuse the TLS handshake. Replaces `ALPNProtocols`.
   */
  ALPNCallback?: (offer: { servername: string; protocols: string[] }) => string | undefined;
}

/**
 * Chooses the sub-protocol from the client's offer (RFC 6455 §4.2.2).
 *
 * @returns the chosen protocol, `undefined` to accept without one, or `false` to refuse the handshake (400)
 */
export type SelectProtocol = (offered: readonly string[], request: IncomingMessage) => string | false | undefined;

/** How an accepted plain TCP connection cuts received bytes into messages (as the client's `tcp` option). */
export interface TcpAcceptOptions {
  /** The manual's `TCPEndOfFrameScanBuffer`. @defaultValue 'none': every read is one message */
  scanMode?: EndOfFrameScanMode;
  /** End-of-message bytes (the manual's `AddTCPEndOfFrame`). @defaultValue none */
  delimiter?: readonly number[];
  /** Most bytes held while waiting for the delimiter; the connection is dropped beyond. @defaultValue 16 MiB */
  maxBuffer?: number;
}

/** A connection whose first bytes are not an HTTP request, offered to {@link UnknownProtocolHook}. */
export interface UnknownConnection {
  /** Remote IP address. */
  readonly ip: string;
  /** Remote port. */
  readonly port: number;
  /** The bytes received so far (they are delivered again as the first message once accepted). */
  readonly head: Buffer;
  /** Whether it arrived on a TLS binding. */
  readonly secure: boolean;
}

/**
 * Decides what happens to a connection that does not speak HTTP (the manual's
 * `OnUnknownProtocol(conn, var Accept)` setting `conn.Transport := trpTCP`).
 *
 * @returns `true` or scan settings to accept it as a plain TCP connection, `false` to drop it
 */
export type UnknownProtocolHook = (
  connection: UnknownConnection,
) => boolean | TcpAcceptOptions | Promise<boolean | TcpAcceptOptions>;

/** Restarting listeners that stopped without `stop()` (the manual's server `WatchDog`). */
export interface ServerWatchdogOptions {
  /** Milliseconds between checks (the manual's `Interval`, which is in seconds). @defaultValue 10000 */
  interval?: number;
  /** Restart attempts per stop before giving up; 0 for no limit (the manual's `Attempts`). @defaultValue 0 */
  attempts?: number;
}

/** One address to listen on (the manual's `Bindings`). */
export interface ServerBinding {
  /** Interface to listen on; all interfaces when omitted. */
  host?: string | undefined;
  /** Port; 0 picks a free one. */
  port: number;
  /** Serve `wss://` on this binding. */
  tls?: ServerTlsOptions | undefined;
  /**
   * Only requests under this URL prefix (the manual's HTTP.SYS `NewBinding(ip, port, path)`, e.g.
   * `/ws/`); others get 404, or 400 for an upgrade. @defaultValue every path
   */
  path?: string | undefined;
}

/** Options of {@link WebSocketServer}. */
export interface WebSocketServerOptions extends SessionSettings {
  /** Interface to listen on; all interfaces when omitted. */
  host?: string;
  /** Port to listen on; 0 picks a free one (read it back from `server.port`). @defaultValue 0 */
  port?: number;
  /**
   * Several addresses at once, plain and TLS mixed (the manual's `Bindings`); replaces `host`,
   * `port` and `tls`.
   */
  bindings?: readonly ServerBinding[];
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
  /** What a send does at the high-water mark. @defaultValue 'none' */
  highWaterMarkPolicy?: HighWaterMarkPolicy;
  /**
   * Ping every connection each `interval` ms and drop those whose pong is more than `timeout` ms
   * late (the manual's server `HeartBeat`). One timer serves all connections.
   */
  heartbeat?: HeartbeatOptions;
  /**
   * Shares broadcasts, channels and `writeData` with other server nodes (a `RedisBackplane`).
   * @defaultValue a `MemoryBackplane`: this process only
   */
  backplane?: Backplane;
  /** This node's id on the backplane. @defaultValue a random UUID */
  nodeId?: string;
  /** Limit the bits per second each connection sends and receives (the manual's `Throttle`). */
  throttle?: ThrottleOptions;
  /**
   * Log every connection and message in the manual's LogFile format: a file name, or log options
   * with a hook (file errors go to their `onError`).
   */
  log?: string | ConnectionLogOptions;
  /** Require authentication (the manual's `Authentication`); failed attempts get 401 and no WebSocket. */
  authentication?: AuthenticationOptions;
  /** Accept only handshakes whose `Origin` is in this list (the manual's `SecurityOptions.OriginsAllowed`); others get 403. */
  allowedOrigins?: readonly string[];
  /** Refuse handshakes with 503 while this many connections are open; 0 for no limit. @defaultValue 0 */
  maxConnections?: number;
  /**
   * Milliseconds a client has to send its whole handshake request; slower sockets (slowloris)
   * are closed. Applies to the server's own listener. @defaultValue 10000
   */
  handshakeTimeout?: number;
  /**
   * Accept clients that do not speak HTTP on the same port as plain TCP connections (transport
   * `tcp`, messages as `binary`). When set, the server reads each connection's first bytes before
   * handing HTTP to its parser; attached servers (`server`) are not sniffed.
   */
  unknownProtocol?: UnknownProtocolHook;
  /** Restart listening after an unexpected stop (the manual's `WatchDog`). @defaultValue off */
  watchdog?: ServerWatchdogOptions;
  /** When connection events reach listeners (the manual's `NotifyEvents`). @defaultValue 'inline' */
  emitMode?: EmitMode;
}
