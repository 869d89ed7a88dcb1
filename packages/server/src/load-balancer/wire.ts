/**
 * The names of the load balancer's wire protocol: the two paths and the JSON-RPC
 * methods. The client-side names repeat `@sgc/client`'s `LOAD_BALANCER_CLIENT_PATH`
 * and `GET_BINDING_METHOD` as constants, because `@sgc/server` may depend on
 * `@sgc/frame` only; the method names come from the library's constants unit.
 *
 * @module
 */

/**
 * The path clients open on the balancer to ask for a back-end.
 *
 * @example
 * ```ts
 * const ws = new WebSocket(`ws://balancer:8080${LOAD_BALANCER_CLIENT_PATH}`);
 * ```
 */
export const LOAD_BALANCER_CLIENT_PATH = '/sgc@load_balancer_client';

/**
 * The path back-end servers open on the balancer to register.
 *
 * @example
 * ```ts
 * const transport = new WebSocketClient({ url: `ws://balancer:8080${LOAD_BALANCER_SERVER_PATH}`, watchdog: true });
 * ```
 */
export const LOAD_BALANCER_SERVER_PATH = '/sgc@load_balancer_server';

/**
 * The JSON-RPC 2.0 methods of the load balancer. `GetBinding` is a request from a client;
 * the others are notifications between a back-end and the balancer.
 *
 * @example
 * ```ts
 * ws.send(JSON.stringify({ jsonrpc: '2.0', method: LoadBalancerMethod.GetBinding, id: '1' }));
 * ```
 */
export const LoadBalancerMethod = {
  /** Client → balancer request; the result is a binding `{host, port, ssl}`. */
  GetBinding: 'sgc@lb@client@get@binding',
  /** Back-end → balancer: `{guid, bindings: [{host, port, ssl}], connections}` (registers or re-registers). */
  ServerBinding: 'sgc@lb@server@binding',
  /** Back-end → balancer: `{guid}`: the back-end takes clients from now on. */
  ServerReady: 'sgc@lb@server@ready',
  /** Back-end → balancer: `{guid, ip, active}` for each client that connects (`true`) or leaves (`false`). */
  ClientConnection: 'sgc@lb@client@connection',
  /**
   * Both ways: `{data, channel?, protocol?, include?, exclude?}`. From a back-end it asks the balancer to
   * relay a broadcast to every other back-end; from the balancer it delivers one.
   */
  ServerData: 'sgc@lb@server@data',
} as const;
