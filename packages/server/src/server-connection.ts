/**
 * One client connected to a {@link WebSocketServer} (the manual's TsgcWSConnection).
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import {
  CloseCode,
  ErrorCode,
  ReadyState,
  SgcError,
  WebSocketSession,
  type EndOfFrameScanner,
  type PingOptions,
  type PreparedMessage,
  type SendOptions,
  type SessionEvents,
  type TcpSessionHandler,
} from '@sgc/frame/node';
import type { AuthResult } from './authentication.js';
import type { ChannelIndex } from './channel-index.js';
import type { ServerPlugin } from './server-plugin.js';
import type { HighWaterMarkPolicy } from './server-options.js';

/**
 * How a connection talks (the manual's `Transport`): `websocket` after an RFC 6455 handshake,
 * `tcp` for a plain TCP client accepted by the `unknownProtocol` hook, `sse` for a
 * server-sent events stream (`@sgc/http-server`).
 */
export type ConnectionTransport = 'websocket' | 'tcp' | 'sse';

/**
 * What a {@link RawSession} reports to the server: TCP's calls, plus text messages for
 * transports that carry text (an SSE client posting back).
 */
export interface RawSessionHandler extends TcpSessionHandler {
  /** A text message from the client. */
  onText(text: string): void;
}

/**
 * The engine of a connection that is not a WebSocket (plain TCP, server-sent events): what
 * {@link ServerConnection} needs from it. `TcpSession` from `@sgc/frame/node` is one.
 */
export interface RawSession {
  /** The connection state. */
  readonly readyState: ReadyState;
  /** Bytes accepted by `send()` but not yet written. */
  readonly bufferedAmount: number;
  /** `true` while `bufferedAmount` is at or above the high-water mark. */
  readonly needsDrain: boolean;
  /** The underlying socket. */
  readonly socket: Socket;
  /** Cuts received bytes into messages, when the transport receives any. */
  readonly scanner?: EndOfFrameScanner;
  /** Sends one message; `false` at the high-water mark. */
  send(data: string | Uint8Array): boolean;
  /** Ends the connection gracefully; resolves once it is closed. */
  close(): Promise<void>;
  /** Drops the connection at once. */
  terminate(): void;
}

/** Events of a {@link ServerConnection}; the server re-emits each with the connection first. */
export interface ServerConnectionEvents extends SessionEvents {
  /** A message was dropped by the `drop` high-water-mark policy. */
  drop: [data: string | Uint8Array];
  /** The connection closed. */
  disconnect: [code: number, reason: string, wasClean: boolean];
}

/** Where a connection came from, fixed at the handshake. */
export interface ConnectionInfo {
  /** Unique id (the manual's Guid). */
  readonly id: string;
  /** Remote IP address. */
  readonly ip: string;
  /** Remote port. */
  readonly port: number;
  /** Requested path and query. */
  readonly url: string;
  /** The handshake request headers, names lower-cased. */
  readonly headers: IncomingHttpHeaders;
  /** The negotiated sub-protocol, or `''`. */
  readonly protocol: string;
  /** The negotiated extensions, as sent in `Sec-WebSocket-Extensions`, or `''`. */
  readonly extensions: string;
  /** How the connection talks. */
  readonly transport: ConnectionTransport;
}

/**
 * A client connection on the server side.
 *
 * @example
 * ```ts
 * server.on('connect', (conn) => {
 *   conn.data = { user: 'alice' };
 *   conn.send(`hello ${conn.ip}`);
 * });
 * ```
 */
export class ServerConnection extends EventEmitter<ServerConnectionEvents> implements ConnectionInfo {
  readonly id: string;
  readonly ip: string;
  readonly port: number;
  readonly url: string;
  readonly protocol: string;
  readonly extensions: string;
  readonly transport: ConnectionTransport;
  /** The plug-in that owns this connection (see `server.use()`), if any. */
  readonly plugin: ServerPlugin | undefined;
  /** A slot for application data (the manual's `Data`). */
  data: unknown = undefined;
  /** Who authenticated, when the server requires authentication. */
  auth: AuthResult | undefined = undefined;
  /** @internal */
  session!: WebSocketSession | RawSession;
  readonly #policy: HighWaterMarkPolicy;
  readonly #channels: ChannelIndex<ServerConnection>;
  /** When the server-wide heartbeat last pinged this connection without a pong since (ms), or 0. */
  #heartbeatPingAt = 0;
  /**
   * The raw header lines joined into one flat string, parsed into {@link ServerConnection.headers}
   * on first use: the parser's header strings are cons strings with many parts, and keeping
   * them cost an idle connection about 800 bytes of heap.
   */
  #rawHeaders: string | undefined;
  #headers: IncomingHttpHeaders | undefined;

  /**
   * @internal Created by the server after the handshake.
   */
  constructor(
    info: Omit<ConnectionInfo, 'headers'>,
    rawHeaders: readonly string[],
    policy: HighWaterMarkPolicy,
    channels: ChannelIndex<ServerConnection>,
    plugin?: ServerPlugin,
  ) {
    super();
    this.plugin = plugin;
    this.transport = info.transport;
    this.#channels = channels;
    this.id = info.id;
    this.ip = info.ip;
    this.port = info.port;
    this.url = info.url;
    // Header names and values cannot contain LF (RFC 9110 §5.5), so it separates them safely.
    this.#rawHeaders = rawHeaders.join('\n');
    this.protocol = info.protocol;
    this.extensions = info.extensions;
    this.#policy = policy;
  }

  /** The handshake request headers, names lower-cased, repeated headers joined as Node's `IncomingMessage` does. */
  get headers(): IncomingHttpHeaders {
    if (this.#headers === undefined) {
      this.#headers = headersFromRaw((this.#rawHeaders ?? '').split('\n'));
      this.#rawHeaders = undefined;
    }
    return this.#headers;
  }

  /**
   * How a plain TCP connection cuts received bytes into messages (the manual's
   * `TCPEndOfFrameScanBuffer` and `AddTCPEndOfFrame`); `undefined` for WebSocket connections.
   */
  get scanner(): EndOfFrameScanner | undefined {
    return this.session instanceof WebSocketSession ? undefined : this.session.scanner;
  }

  /** Bytes received on this connection's socket: the handshake and frame headers included (the manual's `RecBytes`). */
  get bytesReceived(): number {
    return this.session.socket.bytesRead;
  }

  /** Bytes written to this connection's socket: the handshake and frame headers included (the manual's `SendBytes`). */
  get bytesSent(): number {
    return this.session.socket.bytesWritten;
  }

  /** The connection state (1 open, 2 closing, 3 closed). */
  get readyState(): ReadyState {
    return this.session.readyState;
  }

  /** Bytes waiting to be written to this client. */
  get bufferedAmount(): number {
    return this.session.bufferedAmount;
  }

  /**
   * Sends a message: a string as text, bytes as binary (the manual's `WriteData`).
   *
   * @param data - the message; on a TCP connection the bytes as they are, strings as UTF-8
   * @param options - `fragmentSize` splits it into frames; `compress: false` skips compression (WebSocket only)
   * @returns `false` when the connection is at its high-water mark (wait for `drain`), or the message was dropped
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN` when the connection is closing or closed
   * @example
   * ```ts
   * if (!conn.send(bigBuffer)) await once(conn, 'drain');
   * ```
   */
  send(data: string | Uint8Array, options?: SendOptions): boolean {
    if (!this.#admit(data)) return false;
    const session = this.session;
    return session instanceof WebSocketSession ? session.send(data, options) : session.send(data);
  }

  /**
   * @internal Sends a message prepared once for many connections (the server's broadcast).
   */
  sendPrepared(message: PreparedMessage): boolean {
    if (!this.#admit(message.data)) return false;
    const session = this.session;
    return session instanceof WebSocketSession ? session.sendPrepared(message) : session.send(message.data);
  }

  /** Applies the slow-consumer policy: `false` when the message must not be sent. */
  #admit(data: string | Uint8Array): boolean {
    if (this.#policy === 'none' || !this.session.needsDrain) return true;
    if (this.#policy === 'drop') this.emit('drop', data);
    else this.close(CloseCode.PolicyViolation, 'Slow consumer').catch(() => undefined);
    return false;
  }

  /**
   * Sends a ping and waits for its pong.
   *
   * @param data - at most 125 bytes
   * @param options - `timeout` (default 10 s) and `signal`
   * @returns the round-trip time in milliseconds
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_TIMEOUT`, `SGC_ERR_ABORTED`, `SGC_ERR_CONNECTION_CLOSED`, `SGC_ERR_NOT_OPEN`;
   *   `SGC_ERR_NOT_SUPPORTED` on a TCP or SSE connection, which have no ping
   * @example
   * ```ts
   * const rtt = await conn.ping('', { timeout: 5000 });
   * ```
   */
  async ping(data?: Uint8Array | string, options?: PingOptions): Promise<number> {
    const session = this.session;
    if (!(session instanceof WebSocketSession)) throw new SgcError(ErrorCode.NotSupported, `A ${this.transport} connection has no ping`);
    return session.pingAndWait(data, options);
  }

  /**
   * Closes the connection with the closing handshake and resolves once the socket is closed.
   * A TCP or SSE connection ends its side of the stream instead (code and reason cannot be sent).
   *
   * @param code - close code @defaultValue 1000
   * @param reason - close reason, at most 123 bytes
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a code that may not be sent
   * @example
   * ```ts
   * await conn.close(4000, 'session expired');
   * ```
   */
  async close(code: number = CloseCode.Normal, reason = ''): Promise<void> {
    if (this.session.readyState === ReadyState.Closed) return;
    const closed = new Promise<void>((resolve) => this.once('disconnect', () => resolve()));
    const session = this.session;
    if (session instanceof WebSocketSession) session.close(code, reason);
    else void session.close();
    await closed;
  }

  /**
   * Drops the connection at once (the manual's `Disconnect`); with a code, a WebSocket close frame is sent first.
   *
   * @param code - optional close code
   * @param reason - optional close reason
   * @example
   * ```ts
   * conn.disconnect(1008, 'banned'); // no waiting for the peer
   * ```
   */
  disconnect(code?: number, reason?: string): void {
    const session = this.session;
    if (session instanceof WebSocketSession) session.terminate(code, reason);
    else session.terminate();
  }

  /**
   * Stops reading from the client (backpressure towards it): messages already received are still
   * delivered, then nothing more until {@link ServerConnection.resume}. TCP flow control makes the
   * client's sends wait.
   *
   * @example
   * ```ts
   * conn.on('message', (text) => {
   *   if (!upstream.write(text)) {
   *     conn.pause();
   *     upstream.once('drain', () => conn.resume());
   *   }
   * });
   * ```
   */
  pause(): void {
    this.session.socket.pause();
  }

  /** Reads from the client again after {@link ServerConnection.pause}. */
  resume(): void {
    this.session.socket.resume();
  }

  /**
   * Subscribes this connection to a channel; `server.broadcast(data, { channel })` reaches it.
   *
   * @param channel - the channel name
   * @returns `false` when it was already subscribed
   * @example
   * ```ts
   * server.on('connect', (conn) => conn.subscribe('news'));
   * ```
   */
  subscribe(channel: string): boolean {
    return this.#channels.subscribe(this, channel);
  }

  /**
   * Leaves a channel.
   *
   * @param channel - the channel name
   * @returns `false` when it was not subscribed
   */
  unsubscribe(channel: string): boolean {
    return this.#channels.unsubscribe(this, channel);
  }

  /**
   * Tells whether this connection is in a channel (the manual's `Subscribed`).
   *
   * @param channel - the channel name
   * @returns `true` when subscribed
   */
  subscribed(channel: string): boolean {
    return this.#channels.isSubscribed(this, channel);
  }

  /** The channels this connection is subscribed to. */
  get channels(): string[] {
    return this.#channels.channelsOf(this);
  }

  /**
   * @internal One server-wide heartbeat tick: returns `false` when the last ping is overdue
   * (the caller drops the connection), otherwise pings if no ping is outstanding.
   */
  heartbeatTick(now: number, timeout: number): boolean {
    const session = this.session;
    if (!(session instanceof WebSocketSession)) return true;
    if (this.#heartbeatPingAt !== 0) return timeout <= 0 || now - this.#heartbeatPingAt < timeout;
    if (session.readyState === ReadyState.Open) {
      session.ping();
      this.#heartbeatPingAt = now;
    }
    return true;
  }

  /** @internal A pong arrived: the heartbeat's ping is answered. */
  heartbeatAck(): void {
    this.#heartbeatPingAt = 0;
  }

  /** @internal Emits `error` only when somebody listens, so a bad client cannot crash the process. */
  reportError(error: SgcError): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

/** Folds raw header lines the way `IncomingMessage.headers` does (RFC 9110 §5.3; `set-cookie` stays a list). */
function headersFromRaw(raw: readonly string[]): IncomingHttpHeaders {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const previous = headers[name];
    if (name === 'set-cookie') headers[name] = [...((previous as string[] | undefined) ?? []), value];
    else headers[name] = previous === undefined ? value : `${previous as string}, ${value}`;
  }
  return headers as IncomingHttpHeaders;
}
