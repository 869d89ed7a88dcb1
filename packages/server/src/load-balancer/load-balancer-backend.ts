/**
 * The back-end side of the load balancer (the manual's server `LoadBalancer`
 * options): a {@link WebSocketServer} that registers with a balancer, keeps it told
 * about its clients, and takes part in broadcasts across back-ends. The wire
 * format is described in the `LoadBalancer` plug-in's module.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { Server as TlsServer } from 'node:tls';
import { encodeRequest, type Transport } from '@sgc/frame';
import type { ServerConnection } from '../server-connection.js';
import type { BroadcastFilter, WebSocketServer } from '../websocket-server.js';
import { parseBinding, type LoadBalancerBinding } from './binding.js';
import { parseRpc } from './json-rpc.js';
import { decodeRelayData, encodeRelay, readRelay } from './relay-data.js';
import { LoadBalancerMethod } from './wire.js';

/**
 * Options of a {@link LoadBalancerBackend}.
 *
 * @example
 * ```ts
 * const options: LoadBalancerBackendOptions = {
 *   transport: new WebSocketClient({ url: 'ws://balancer:8080/sgc@load_balancer_server', watchdog: true }),
 *   guid: 'node-1',
 *   bindings: ['WSS://node-1.example:443'],
 * };
 * ```
 */
export interface LoadBalancerBackendOptions {
  /**
   * The link to the balancer's `/sgc@load_balancer_server` (the manual's LoadBalancer `Host`/`Port`):
   * in practice an `@sgc/client` `WebSocketClient`, whose `watchdog` is the manual's `AutoRestart`.
   * The back-end registers each time it opens; the caller opens and closes it.
   */
  transport: Transport;
  /** This back-end's id on the balancer (the manual's `Guid`). @defaultValue a random UUID */
  guid?: string;
  /**
   * Where clients reach this server (the manual's `Bindings`): `'WS://10.0.0.2:80'`,
   * `'WSS://10.0.0.2:8888'` or `{ host, port, ssl }`.
   */
  bindings?: readonly (string | LoadBalancerBinding)[];
  /**
   * Also register the addresses the server listens on (the manual's `AutoRegisterBindings`); a
   * wildcard address such as `0.0.0.0` is replaced by the balancer with the address this back-end
   * connects from. @defaultValue `true` without `bindings`, `false` with them
   */
  autoRegisterBindings?: boolean;
}

/**
 * Connects a {@link WebSocketServer} to a load balancer as a back-end. On each open of the
 * transport it registers its bindings and its connection count and announces it is ready (while
 * the server runs); it reports each client that connects or leaves; broadcasts the balancer
 * relays go to this server's clients (never back to the balancer, so nothing loops); and
 * {@link LoadBalancerBackend.relay} sends a broadcast to every back-end's clients.
 *
 * @example
 * ```ts
 * import { WebSocketClient } from '@sgc/client';
 * const server = new WebSocketServer({ host: '0.0.0.0', port: 8081 });
 * await server.start();
 * const transport = new WebSocketClient({
 *   url: 'ws://balancer:8080/sgc@load_balancer_server',
 *   watchdog: { initialDelay: 1000 }, // the manual's AutoRestart
 * });
 * const backend = new LoadBalancerBackend(server, { transport, guid: 'node-1' });
 * await transport.connect();
 * backend.relay('to everyone on every back-end');
 * ```
 */
export class LoadBalancerBackend {
  /** This back-end's id on the balancer. */
  readonly guid: string;
  readonly #server: WebSocketServer;
  readonly #transport: Transport;
  readonly #bindings: readonly LoadBalancerBinding[];
  readonly #autoRegister: boolean;
  readonly #detach: () => void;
  readonly #onConnect = (conn: ServerConnection): void => this.#reportClient(conn, true);
  readonly #onDisconnect = (conn: ServerConnection): void => this.#reportClient(conn, false);
  /** Starting or stopping changes the addresses and whether the server takes clients. */
  readonly #onStateChange = (): void => this.#register();

  /**
   * @param server - the server whose clients the balancer sends and counts
   * @param options - the transport to the balancer and what to register; see {@link LoadBalancerBackendOptions}
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a binding that is not `ws://` or `wss://` with a host
   */
  constructor(server: WebSocketServer, options: LoadBalancerBackendOptions) {
    this.#server = server;
    this.#transport = options.transport;
    this.guid = options.guid ?? randomUUID();
    this.#bindings = (options.bindings ?? []).map(parseBinding);
    this.#autoRegister = options.autoRegisterBindings ?? options.bindings === undefined;
    server.on('connect', this.#onConnect);
    server.on('disconnect', this.#onDisconnect);
    server.on('startup', this.#onStateChange);
    server.on('shutdown', this.#onStateChange);
    this.#detach = this.#transport.attach({
      onOpen: () => this.#register(),
      onText: (text) => this.#receive(text),
    });
    if (this.#transport.isOpen) this.#register();
  }

  /**
   * What this back-end registers now: the configured bindings, then the listening addresses
   * when `autoRegisterBindings` is on (TLS ones as `ssl`).
   */
  get bindings(): LoadBalancerBinding[] {
    const bindings = [...this.#bindings];
    if (this.#autoRegister) {
      const acceptors = this.#server.acceptors;
      this.#server.addresses.forEach((address, index) => {
        bindings.push({ host: address.address, port: address.port, ssl: acceptors[index] instanceof TlsServer });
      });
    }
    return bindings;
  }

  /**
   * Broadcasts to this server's clients and asks the balancer to relay the broadcast to every
   * other back-end's clients (the manual's Broadcast on a back-end with LoadBalancer enabled).
   *
   * @param data - the message: a string as text, bytes as binary
   * @param filter - channel, protocol, include and exclude, applied on every back-end
   * @returns `true` when the balancer was told; `false` when the transport is not open, and only
   *   this server's clients got it
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a text that starts with `sgc@b64:`,
   *   which the other back-ends would read as binary
   * @example
   * ```ts
   * backend.relay(JSON.stringify({ price: 42 }), { channel: 'prices' });
   * ```
   */
  relay(data: string | Uint8Array, filter: BroadcastFilter = {}): boolean {
    const params = encodeRelay(data, filter);
    // Every back-end gets it through the balancer: a shared backplane would deliver it twice.
    this.#server.broadcast(data, { ...filter, local: true });
    return this.#send(LoadBalancerMethod.ServerData, params);
  }

  /**
   * Stops working with the balancer: withdraws this back-end's bindings (while the transport is
   * open) and stops listening to the server and the transport, which stay open.
   *
   * @example
   * ```ts
   * backend.close();
   * await transport.close();
   * ```
   */
  close(): void {
    this.#send(LoadBalancerMethod.ServerBinding, { guid: this.guid, bindings: [], connections: 0 });
    this.#detach();
    this.#server.off('connect', this.#onConnect);
    this.#server.off('disconnect', this.#onDisconnect);
    this.#server.off('startup', this.#onStateChange);
    this.#server.off('shutdown', this.#onStateChange);
  }

  /** Registers from scratch (the balancer may be new): bindings and count, then ready if the server runs. */
  #register(): void {
    this.#send(LoadBalancerMethod.ServerBinding, { guid: this.guid, bindings: this.bindings, connections: this.#server.count });
    if (this.#server.active) this.#send(LoadBalancerMethod.ServerReady, { guid: this.guid });
  }

  #reportClient(conn: ServerConnection, active: boolean): void {
    this.#send(LoadBalancerMethod.ClientConnection, { guid: this.guid, ip: conn.ip, active });
  }

  /** Only broadcasts come from the balancer; anything else (an error answer included) is ignored. */
  #receive(text: string): void {
    const message = parseRpc(text);
    if (message.kind !== 'call' || message.method !== LoadBalancerMethod.ServerData) return;
    const relayed = readRelay(message.params);
    // A local broadcast only: relaying it back would loop between the back-ends.
    if (relayed !== undefined) this.#server.broadcast(decodeRelayData(relayed.data), { ...relayed.filter, local: true });
  }

  /**
   * Sends only while the transport is open: a client's offline queue would replay stale counts
   * after the registration that already holds them.
   */
  #send(method: string, params: Record<string, unknown>): boolean {
    if (!this.#transport.isOpen) return false;
    this.#transport.send(encodeRequest(method, params));
    return true;
  }
}
