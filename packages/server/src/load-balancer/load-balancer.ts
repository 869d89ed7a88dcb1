/**
 * The load balancer as a server plug-in (the manual's TsgcWebSocketLoadBalancerServer
 * without the server around it). The manual leaves the wire format open; sgc
 * defines it as JSON-RPC 2.0 over WebSocket, with the method names of the
 * library's constants unit:
 *
 * Clients (`@sgc/client`'s `loadBalancer` option) open `/sgc@load_balancer_client`
 * and send the request
 * `{"jsonrpc":"2.0","method":"sgc@lb@client@get@binding","id":"<id>"}`. The answer is
 * `{"jsonrpc":"2.0","result":{"host":"10.0.0.2","port":8080,"ssl":false},"id":"<id>"}`, or
 * `{"jsonrpc":"2.0","error":{"code":-32000,"message":"No server available"},"id":"<id>"}`.
 * The balancer chooses among the back-ends that are ready and have a binding, and answers
 * with the chosen one's first binding. The client then counts against that back-end until
 * the back-end reports it (or 10 s pass), so a burst of requests spreads out.
 *
 * Back-ends (`LoadBalancerBackend`) open `/sgc@load_balancer_server` and send
 * notifications (no `id`):
 *
 * 1. `sgc@lb@server@binding` `{guid, bindings: [{host, port, ssl}], connections}` on each
 *    (re)connect: who they are, where clients reach them (a wildcard host such as
 *    `0.0.0.0` becomes the address the back-end connected from) and how many clients they
 *    have now. It also takes the back-end out of rotation until:
 * 2. `sgc@lb@server@ready` `{guid}`: the back-end takes clients.
 * 3. `sgc@lb@client@connection` `{guid, ip, active}` for each client that connects
 *    (`active: true`) or leaves (`false`): the counts behind the fewest-connections strategy.
 * 4. `sgc@lb@server@data` `{data, channel?, protocol?, include?, exclude?}`: relay this
 *    broadcast to every other back-end. The balancer sends the same notification to
 *    deliver one. Binary messages are `"sgc@b64:" + base64`.
 *
 * A back-end whose connection closes leaves the pool at once; one that registers a guid
 * another connection holds replaces it (that connection is dropped as stale: the back-end
 * reconnected before its old connection was seen to close). Anything that is not
 * JSON-RPC gets an error answer with `id: null` (-32700 parse error, -32600 invalid
 * request; binary messages too); a request for an unknown method gets -32601 and one
 * with bad params -32602. Notifications are never answered (JSON-RPC 2.0 §4.1): a bad
 * one is reported on the server's `clientError` event instead. Answers are never
 * answered, so two peers cannot loop on errors.
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { encodeError, encodeRequest, encodeResult, isRecord, JsonRpcErrorCode } from '@sgc/frame';
import { ErrorCode, ReadyState, SgcError, type FragmentInfo } from '@sgc/frame/node';
import type { ServerConnection } from '../server-connection.js';
import type { ServerPlugin } from '../server-plugin.js';
import type { BroadcastFilter, WebSocketServer } from '../websocket-server.js';
import { Backend, chooseBackend, type LoadBalancerBackendInfo, type LoadBalancerStrategy } from './backend-pool.js';
import { dialableBinding, readBinding, type LoadBalancerBinding } from './binding.js';
import { RpcFailure, parseRpc } from './json-rpc.js';
import { encodeRelay, readRelay } from './relay-data.js';
import { LOAD_BALANCER_CLIENT_PATH, LOAD_BALANCER_SERVER_PATH, LoadBalancerMethod } from './wire.js';

/**
 * Events of a {@link LoadBalancer} (and of a `LoadBalancerServer`). "Client" events are about
 * connections on `/sgc@load_balancer_client`, "server" events about back-ends.
 *
 * @example
 * ```ts
 * balancer.on('serverDisconnect', (_conn, backend, code) => console.log(`lost ${backend?.guid} (${code})`));
 * ```
 */
export interface LoadBalancerEvents {
  /** A client opened the client path (the manual's OnClientConnect). */
  clientConnect: [conn: ServerConnection];
  /** A client left (OnClientDisconnect). */
  clientDisconnect: [conn: ServerConnection, code: number, reason: string, wasClean: boolean];
  /** A text message from a client, before the balancer answers it (OnClientMessage). */
  clientMessage: [conn: ServerConnection, text: string];
  /** A binary message from a client (OnClientBinary); it is answered with -32600. */
  clientBinary: [conn: ServerConnection, data: Buffer];
  /** A fragment from a client, in the server's fragment modes `fragments` and `all` (OnClientFragmented). */
  clientFragmented: [conn: ServerConnection, data: Buffer, info: FragmentInfo];
  /** A back-end opened the server path, before it registers (OnServerConnect). */
  serverConnect: [conn: ServerConnection];
  /** A back-end left the pool (OnServerDisconnect); `backend` is its last state, if it had registered. */
  serverDisconnect: [conn: ServerConnection, backend: LoadBalancerBackendInfo | undefined, code: number, reason: string, wasClean: boolean];
  /** A back-end announced it takes clients (OnServerReady). */
  serverReady: [conn: ServerConnection, backend: LoadBalancerBackendInfo];
}

/**
 * What {@link BeforeSendBinding} knows about the request.
 *
 * @example
 * ```ts
 * const hook: BeforeSendBinding = (binding, { client }) => (client.ip.startsWith('10.') ? binding : false);
 * ```
 */
export interface BindingRequest {
  /** The client asking. */
  readonly client: ServerConnection;
  /** The back-end the strategy chose, or `undefined` when none is available. */
  readonly backend: LoadBalancerBackendInfo | undefined;
}

/**
 * The manual's OnBeforeSendServerBinding: sees the binding chosen for a client before it is sent.
 * Return nothing to send it, another binding to send that instead (also when none was chosen),
 * or `false` to answer the client with an error (-32000). A hook that throws or rejects, or returns
 * a malformed binding, answers -32603. Unless refused, the client counts against the chosen back-end
 * until that back-end reports it (or 10 s pass).
 *
 * @param binding - the chosen back-end's first binding, or `undefined` when no back-end is available
 * @param request - the client and the chosen back-end
 * @example
 * ```ts
 * // Clients go to each back-end's TLS port; with no back-end available, to a fallback.
 * const beforeSendBinding: BeforeSendBinding = (binding) =>
 *   binding ? { ...binding, port: 443, ssl: true } : { host: 'fallback.example', port: 443, ssl: true };
 * ```
 */
export type BeforeSendBinding = (
  binding: LoadBalancerBinding | undefined,
  request: BindingRequest,
) => LoadBalancerBinding | false | undefined | Promise<LoadBalancerBinding | false | undefined>;

/**
 * Options of a {@link LoadBalancer}.
 *
 * @example
 * ```ts
 * const balancer = new LoadBalancer({ strategy: 'random', beforeSendBinding: (binding) => binding });
 * ```
 */
export interface LoadBalancerOptions {
  /** How a back-end is chosen. @defaultValue 'connections' */
  strategy?: LoadBalancerStrategy;
  /** Sees, replaces or refuses each binding before it is sent. */
  beforeSendBinding?: BeforeSendBinding;
}

type Handler = (conn: ServerConnection, params: unknown) => unknown;

/**
 * The load balancer plug-in: claims `/sgc@load_balancer_client` and `/sgc@load_balancer_server` on any
 * {@link WebSocketServer}, keeps the pool of back-ends, answers clients with a back-end's binding and
 * relays broadcasts between back-ends. `LoadBalancerServer` is a server with it built in.
 *
 * @example
 * ```ts
 * const balancer = new LoadBalancer({ strategy: 'random' });
 * const server = new WebSocketServer({ port: 8080 }).use(balancer);
 * balancer.on('serverReady', (_conn, backend) => console.log('back-end ready', backend.guid));
 * await server.start();
 * ```
 */
export class LoadBalancer extends EventEmitter<LoadBalancerEvents> implements ServerPlugin {
  /** The plug-in's name on its server. */
  readonly name = 'load-balancer';
  readonly #strategy: LoadBalancerStrategy;
  readonly #beforeSendBinding: BeforeSendBinding | undefined;
  #server: WebSocketServer | undefined;
  /** Registered back-ends by guid, in registration order. */
  readonly #backends = new Map<string, Backend>();
  /** Every connection on the server path; the registered ones map to their back-end. */
  readonly #servers = new Map<ServerConnection, Backend | undefined>();
  readonly #clientMethods: Record<string, Handler> = {
    [LoadBalancerMethod.GetBinding]: (conn) => this.#getBinding(conn),
  };
  readonly #serverMethods: Record<string, Handler> = {
    [LoadBalancerMethod.ServerBinding]: (conn, params) => this.#register(conn, params),
    [LoadBalancerMethod.ServerReady]: (conn, params) => this.#ready(conn, params),
    [LoadBalancerMethod.ClientConnection]: (conn, params) => this.#clientConnection(conn, params),
    [LoadBalancerMethod.ServerData]: (conn, params) => this.#relayFrom(conn, params),
  };

  /**
   * @param options - strategy and hook; see {@link LoadBalancerOptions}
   */
  constructor(options: LoadBalancerOptions = {}) {
    super();
    this.#strategy = options.strategy ?? 'connections';
    this.#beforeSendBinding = options.beforeSendBinding;
  }

  /** The registered back-ends, in registration order: a snapshot taken on each read. */
  get backends(): LoadBalancerBackendInfo[] {
    const now = Date.now();
    return [...this.#backends.values()].map((backend) => backend.info(now));
  }

  /**
   * Sends a broadcast to every registered back-end, which delivers it to its own clients
   * (the manual's Broadcast on the balancer).
   *
   * @param data - the message: a string as text, bytes as binary
   * @param filter - channel, protocol, include and exclude, applied by each back-end
   * @returns the number of back-ends it was sent to
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a text that starts with `sgc@b64:`
   * @example
   * ```ts
   * balancer.relay('maintenance at noon', { channel: 'news' });
   * ```
   */
  relay(data: string | Uint8Array, filter: BroadcastFilter = {}): number {
    return this.#sendToBackends(encodeRequest(LoadBalancerMethod.ServerData, encodeRelay(data, filter)));
  }

  /** @internal Claims both load-balancer paths. */
  claims(request: IncomingMessage): boolean {
    const path = (request.url ?? '/').split('?')[0];
    return path === LOAD_BALANCER_CLIENT_PATH || path === LOAD_BALANCER_SERVER_PATH;
  }

  /** @internal */
  attach(server: WebSocketServer): void {
    this.#server = server;
    // Plug-ins are not told about fragments; the server's event carries them for every connection.
    server.on('fragmented', (conn, data, info) => {
      if (conn.plugin === this && !this.#servers.has(conn)) this.emit('clientFragmented', conn, data, info);
    });
  }

  /** @internal */
  onConnect(conn: ServerConnection): void {
    if ((conn.url.split('?')[0] ?? '') === LOAD_BALANCER_SERVER_PATH) {
      this.#servers.set(conn, undefined);
      this.emit('serverConnect', conn);
    } else {
      this.emit('clientConnect', conn);
    }
  }

  /** @internal */
  onMessage(conn: ServerConnection, text: string): void {
    const isServer = this.#servers.has(conn);
    if (!isServer) this.emit('clientMessage', conn, text);
    const message = parseRpc(text);
    if (message.kind === 'invalid') send(conn, encodeError({ code: message.code, message: message.message }, message.id));
    if (message.kind !== 'call') return;
    const handler = (isServer ? this.#serverMethods : this.#clientMethods)[message.method];
    const { id } = message;
    if (handler === undefined) {
      this.#fail(conn, id, new RpcFailure(JsonRpcErrorCode.MethodNotFound, `Method not found: ${message.method}`));
      return;
    }
    // The handler runs now, so the pool changes in message order; only its answer may wait (for the hook).
    let outcome: Promise<unknown>;
    try {
      outcome = Promise.resolve(handler(conn, message.params));
    } catch (error) {
      outcome = Promise.reject(error);
    }
    outcome.then(
      (result) => {
        if (id !== undefined) send(conn, encodeResult(result ?? true, id));
      },
      (error: unknown) => this.#fail(conn, id, error instanceof RpcFailure ? error : new RpcFailure(JsonRpcErrorCode.InternalError, 'Internal error')),
    );
  }

  /** @internal Binary is not JSON-RPC. */
  onBinary(conn: ServerConnection, data: Buffer): void {
    if (!this.#servers.has(conn)) this.emit('clientBinary', conn, data);
    send(conn, encodeError({ code: JsonRpcErrorCode.InvalidRequest, message: 'Invalid Request: binary message' }, null));
  }

  /** @internal A back-end's connection closing takes it out of the pool. */
  onDisconnect(conn: ServerConnection, code: number, reason: string, wasClean: boolean): void {
    if (!this.#servers.has(conn)) {
      this.emit('clientDisconnect', conn, code, reason, wasClean);
      return;
    }
    const backend = this.#servers.get(conn);
    this.#servers.delete(conn);
    if (backend !== undefined) this.#backends.delete(backend.guid);
    this.emit('serverDisconnect', conn, backend?.info(Date.now()), code, reason, wasClean);
  }

  /** Answers a request with an error; a notification's error goes to the server's `clientError` instead. */
  #fail(conn: ServerConnection, id: string | number | null | undefined, failure: RpcFailure): void {
    if (id !== undefined) send(conn, encodeError({ code: failure.code, message: failure.message }, id));
    else this.#server?.reportError(conn, new SgcError(ErrorCode.InvalidArgument, `Load balancer: ${failure.message}`));
  }

  async #getBinding(client: ServerConnection): Promise<LoadBalancerBinding> {
    const backend = chooseBackend(this.#backends.values(), this.#strategy, Date.now());
    const chosen = backend?.bindings[0];
    let binding = chosen;
    const hook = this.#beforeSendBinding;
    if (hook !== undefined) {
      const answer = await hook(chosen, { client, backend: backend?.info(Date.now()) });
      if (answer === false) throw new RpcFailure(JsonRpcErrorCode.ServerError, 'Binding refused');
      if (answer !== undefined) {
        binding = readBinding(answer);
        // A malformed replacement is the application's mistake, not the client's.
        if (binding === undefined) throw new RpcFailure(JsonRpcErrorCode.InternalError, 'Internal error');
      }
    }
    if (binding === undefined) throw new RpcFailure(JsonRpcErrorCode.ServerError, 'No server available');
    // A replacement is most often another address of the same back-end; if not, the reservation expires.
    backend?.reserve(Date.now());
    return { host: binding.host, port: binding.port, ssl: binding.ssl };
  }

  #register(conn: ServerConnection, params: unknown): void {
    if (!isRecord(params)) throw invalidParams('params must be an object');
    const { guid, bindings, connections = 0 } = params;
    if (typeof guid !== 'string' || guid === '') throw invalidParams('guid must be a non-empty string');
    if (!Array.isArray(bindings)) throw invalidParams('bindings must be an array');
    const dialable: LoadBalancerBinding[] = [];
    for (const value of bindings) {
      const binding = readBinding(value);
      if (binding === undefined) throw invalidParams('each binding needs a host and a port 1-65535');
      dialable.push(dialableBinding(binding, conn.ip));
    }
    if (typeof connections !== 'number' || !Number.isInteger(connections) || connections < 0) {
      throw invalidParams('connections must be a non-negative integer');
    }
    const previous = this.#servers.get(conn);
    if (previous !== undefined && previous.guid !== guid) this.#backends.delete(previous.guid);
    let backend = this.#backends.get(guid);
    if (backend === undefined) {
      backend = new Backend(guid);
      this.#backends.set(guid, backend);
    }
    // The same back-end reconnected before its old connection was seen to drop: that one is stale.
    for (const [other, owned] of this.#servers) {
      if (owned === backend && other !== conn) {
        this.#servers.set(other, undefined);
        other.disconnect();
      }
    }
    this.#servers.set(conn, backend);
    backend.bindings = dialable;
    backend.connections = connections;
    backend.ready = false;
  }

  #ready(conn: ServerConnection, params: unknown): void {
    const { backend } = this.#registered(conn, params);
    backend.ready = true;
    this.emit('serverReady', conn, backend.info(Date.now()));
  }

  #clientConnection(conn: ServerConnection, params: unknown): void {
    const { backend, fields } = this.#registered(conn, params);
    const active = fields['active'];
    if (typeof active !== 'boolean') throw invalidParams('active must be true or false');
    if (active) backend.connected();
    else backend.disconnected();
  }

  #relayFrom(conn: ServerConnection, params: unknown): void {
    this.#registered(conn, params);
    const relayed = readRelay(params);
    if (relayed === undefined) throw invalidParams('data must be a string, channel and protocol strings, include and exclude string arrays');
    this.#sendToBackends(encodeRequest(LoadBalancerMethod.ServerData, { data: relayed.data, ...relayed.filter }), conn);
  }

  /** The back-end a server-path connection registered as; its messages must name that guid when they name one. */
  #registered(conn: ServerConnection, params: unknown): { backend: Backend; fields: Record<string, unknown> } {
    const backend = this.#servers.get(conn);
    if (backend === undefined) throw invalidParams(`send ${LoadBalancerMethod.ServerBinding} first`);
    if (!isRecord(params)) throw invalidParams('params must be an object');
    if (params['guid'] !== undefined && params['guid'] !== backend.guid) throw invalidParams(`guid is not ${backend.guid}`);
    return { backend, fields: params };
  }

  #sendToBackends(text: string, except?: ServerConnection): number {
    let sent = 0;
    for (const [conn, backend] of this.#servers) {
      if (backend !== undefined && conn !== except && send(conn, text)) sent++;
    }
    return sent;
  }
}

function invalidParams(why: string): RpcFailure {
  return new RpcFailure(JsonRpcErrorCode.InvalidParams, `Invalid params: ${why}`);
}

/** Sends when the connection is still open (an answer may come after the client left); `true` when sent. */
function send(conn: ServerConnection, text: string): boolean {
  if (conn.readyState !== ReadyState.Open) return false;
  conn.send(text);
  return true;
}
