/**
 * The load balancer (the manual's TsgcWebSocketLoadBalancerServer) and the back-end
 * side that registers with it.
 *
 * @module
 */
export { LoadBalancerServer, type LoadBalancerServerOptions, type LoadBalancerServerEvents } from './load-balancer-server.js';
export {
  LoadBalancer,
  type LoadBalancerOptions,
  type LoadBalancerEvents,
  type BeforeSendBinding,
  type BindingRequest,
} from './load-balancer.js';
export { LoadBalancerBackend, type LoadBalancerBackendOptions } from './load-balancer-backend.js';
export type { LoadBalancerBackendInfo, LoadBalancerStrategy } from './backend-pool.js';
export { parseBinding, type LoadBalancerBinding } from './binding.js';
export { LOAD_BALANCER_CLIENT_PATH, LOAD_BALANCER_SERVER_PATH, LoadBalancerMethod } from './wire.js';
