/**
 * Server-side protocol plug-ins (the manual's `TsgcWSProtocol_Server_Base`): a
 * plug-in claims connections by sub-protocol or by request, receives their
 * messages instead of the server's `message`/`binary` events, and may answer HTTP
 * requests of its own. The sgc protocols, the WAMP router and the load balancer
 * are built on it.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerConnection } from './server-connection.js';
import type { BroadcastFilter, WebSocketServer } from './websocket-server.js';

/**
 * What a plug-in gives a {@link WebSocketServer} through `server.use()`.
 *
 * A connection belongs to the first plug-in (in `use()` order) whose `claims()` returns `true`,
 * or else to the first plug-in without `claims()` whose `protocols` holds the negotiated
 * sub-protocol: a plug-in with `claims()` decides alone which connections are its own. The
 * server still emits `connect` and `disconnect` for it, but its messages go to the plug-in only.
 */
export interface ServerPlugin {
  /** A name for errors and logs, unique on one server. */
  readonly name: string;
  /** Sub-protocols this plug-in speaks; the server accepts them in the handshake (RFC 6455 §4.2.2). */
  readonly protocols?: readonly string[];
  /**
   * Claims a connection by its handshake request (a path, the sub-protocols it offers) before
   * any sub-protocol is chosen; a claimed request is accepted even outside the server's `path`.
   * With `claims()`, `protocols` only says what the handshake may accept.
   */
  claims?(request: IncomingMessage): boolean;
  /** Called once by `server.use()`. */
  attach?(server: WebSocketServer): void;
  /** Answers an HTTP request of the plug-in's own; returns `true` when it did. */
  handleRequest?(request: IncomingMessage, response: ServerResponse): boolean;
  /** A connection of this plug-in completed the handshake; `request` is its handshake request. */
  onConnect?(conn: ServerConnection, request: IncomingMessage): void;
  /** A text message on one of its connections. */
  onMessage?(conn: ServerConnection, text: string): void;
  /** A binary message on one of its connections. */
  onBinary?(conn: ServerConnection, data: Buffer): void;
  /** One of its connections closed. */
  onDisconnect?(conn: ServerConnection, code: number, reason: string, wasClean: boolean): void;
}

/**
 * A base for server-side sub-protocols: it is attached to one server, speaks one
 * sub-protocol, and its `broadcast` reaches only that protocol's connections.
 *
 * @example
 * ```ts
 * class Upper extends ProtocolServer {
 *   readonly name = 'upper';
 *   readonly protocols = ['upper.example.com'];
 *   onMessage(conn: ServerConnection, text: string): void {
 *     conn.send(text.toUpperCase());
 *   }
 * }
 * server.use(new Upper());
 * ```
 */
export abstract class ProtocolServer implements ServerPlugin {
  abstract readonly name: string;
  abstract readonly protocols: readonly string[];
  #server: WebSocketServer | undefined;

  /** The server this protocol is attached to; `undefined` before `server.use(this)`. */
  get server(): WebSocketServer | undefined {
    return this.#server;
  }

  /** Called by `server.use(this)`; subclasses that override it call `super.attach(server)`. */
  attach(server: WebSocketServer): void {
    this.#server = server;
  }

  /**
   * Sends to every connection of this protocol (the manual's protocol `Broadcast`), on every node.
   *
   * @param data - the message
   * @param filter - channel, include and exclude as for the server's broadcast
   * @returns the number of local connections reached (0 before `server.use(this)`)
   */
  broadcast(data: string | Uint8Array, filter: Omit<BroadcastFilter, 'protocol'> = {}): number {
    const server = this.#server;
    if (server === undefined) return 0;
    let sent = 0;
    for (const protocol of this.protocols) sent += server.broadcast(data, { ...filter, protocol });
    return sent;
  }

  /**
   * Sends to one connection by id, on whichever node holds it (the manual's protocol `WriteData`).
   *
   * @param connectionId - the connection's id
   * @param data - the message
   * @returns `false` when no node has that connection open, or before `server.use(this)`
   */
  async writeData(connectionId: string, data: string | Uint8Array): Promise<boolean> {
    return (await this.#server?.writeData(connectionId, data)) ?? false;
  }
}
