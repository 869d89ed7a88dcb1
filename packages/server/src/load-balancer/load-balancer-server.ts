/**
 * The manual's TsgcWebSocketLoadBalancerServer: a {@link WebSocketServer} with the
 * {@link LoadBalancer} plug-in built in. See the plug-in's module for the wire format.
 *
 * @module
 */
import type { EventEmitter } from 'node:events';
import type { WebSocketServerOptions } from '../server-options.js';
import { WebSocketServer, type BroadcastFilter, type WebSocketServerEvents } from '../websocket-server.js';
import type { LoadBalancerBackendInfo } from './backend-pool.js';
import { LoadBalancer, type LoadBalancerEvents, type LoadBalancerOptions } from './load-balancer.js';

/**
 * Options of a {@link LoadBalancerServer}: the server's and the balancer's.
 *
 * @example
 * ```ts
 * const options: LoadBalancerServerOptions = { port: 8080, strategy: 'connections', heartbeat: { interval: 30_000 } };
 * ```
 */
export interface LoadBalancerServerOptions extends WebSocketServerOptions, LoadBalancerOptions {}

/**
 * Events of a {@link LoadBalancerServer}: the server's and the balancer's.
 *
 * @example
 * ```ts
 * balancer.on('startup', () => console.log('balancing'));
 * balancer.on('serverReady', (_conn, backend) => console.log('ready:', backend.guid));
 * ```
 */
export type LoadBalancerServerEvents = WebSocketServerEvents & LoadBalancerEvents;

/** Every balancer event, checked complete by the compiler, for forwarding. */
const BALANCER_EVENTS = Object.keys({
  clientConnect: true,
  clientDisconnect: true,
  clientMessage: true,
  clientBinary: true,
  clientFragmented: true,
  serverConnect: true,
  serverDisconnect: true,
  serverReady: true,
} satisfies Record<keyof LoadBalancerEvents, true>) as Array<keyof LoadBalancerEvents>;

/**
 * A load-balancer server: back-ends (`LoadBalancerBackend`) register on
 * `/sgc@load_balancer_server`, clients ask for one on `/sgc@load_balancer_client`
 * (`@sgc/client`'s `loadBalancer` option), and {@link LoadBalancerServer.broadcast}
 * reaches the clients of every back-end.
 *
 * @example
 * ```ts
 * const balancer = new LoadBalancerServer({ host: '0.0.0.0', port: 8080, strategy: 'connections' });
 * balancer.on('serverReady', (_conn, backend) => console.log('back-end ready at', backend.bindings[0]));
 * await balancer.start();
 * // a client elsewhere:
 * const client = new WebSocketClient({ url: 'ws://unused/chat', loadBalancer: { host: 'balancer', port: 8080 } });
 * ```
 */
export class LoadBalancerServer extends WebSocketServer {
  /** The plug-in doing the work; its events are also emitted by this server. */
  readonly balancer: LoadBalancer;

  /**
   * @param options - the server's options plus `strategy` (default `'connections'`) and `beforeSendBinding`
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for out-of-range server limits
   */
  constructor(options: LoadBalancerServerOptions = {}) {
    super(options);
    this.balancer = new LoadBalancer(options);
    for (const event of BALANCER_EVENTS) {
      // The base class types `emit` with the server's events only; the balancer's are added here.
      this.balancer.on(event, (...args: unknown[]) => (this as EventEmitter).emit(event, ...args));
    }
    this.use(this.balancer);
  }

  /** The registered back-ends, in registration order: a snapshot taken on each read. */
  get backends(): LoadBalancerBackendInfo[] {
    return this.balancer.backends;
  }

  /**
   * Relays a broadcast to every registered back-end, which sends it to its own clients (the manual's
   * Broadcast on the balancer). The balancer's own connections are protocol peers, so they never get it.
   *
   * @param data - the message: a string as text, bytes as binary
   * @param filter - channel, protocol, include and exclude, applied by each back-end
   * @returns the number of back-ends it was sent to (not of clients, which the balancer does not see)
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a text that starts with `sgc@b64:`
   * @example
   * ```ts
   * balancer.broadcast('maintenance at noon');
   * ```
   */
  override broadcast(data: string | Uint8Array, filter: BroadcastFilter = {}): number {
    return this.balancer.relay(data, filter);
  }

  /**
   * Adds a listener for a server or balancer event.
   *
   * @param event - the event name
   * @param listener - its listener
   * @returns this server
   * @example
   * ```ts
   * balancer.on('serverDisconnect', (_conn, backend) => console.log('lost', backend?.guid));
   * ```
   */
  override on<K extends keyof LoadBalancerServerEvents>(event: K, listener: (...args: LoadBalancerServerEvents[K]) => void): this {
    return super.on(event as never, listener as never);
  }

  /**
   * Adds a one-time listener for a server or balancer event.
   *
   * @param event - the event name
   * @param listener - its listener
   * @returns this server
   * @example
   * ```ts
   * balancer.once('serverReady', () => console.log('first back-end ready'));
   * ```
   */
  override once<K extends keyof LoadBalancerServerEvents>(event: K, listener: (...args: LoadBalancerServerEvents[K]) => void): this {
    return super.once(event as never, listener as never);
  }

  /**
   * Removes a listener.
   *
   * @param event - the event name
   * @param listener - the listener to remove
   * @returns this server
   * @example
   * ```ts
   * balancer.off('clientMessage', log);
   * ```
   */
  override off<K extends keyof LoadBalancerServerEvents>(event: K, listener: (...args: LoadBalancerServerEvents[K]) => void): this {
    return super.off(event as never, listener as never);
  }
}
