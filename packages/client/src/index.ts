/**
 * `@sgc/client`: a WebSocket client for Node.js built on the `@sgc/frame` codec,
 * with a WHATWG-compatible `WebSocket` class for code written for browsers.
 *
 * @example
 * ```ts
 * import { WebSocketClient } from '@sgc/client';
 * const client = new WebSocketClient({ url: 'ws://127.0.0.1:8080' });
 * await client.connect({ timeout: 5000 });
 * client.send('hello');
 * ```
 *
 * @packageDocumentation
 */
export {
  WebSocketClient,
  type WebSocketClientEvents,
  type ConnectOptions,
  type WaitForOptions,
} from './websocket-client.js';
export type {
  WebSocketClientOptions,
  ClientTlsOptions,
  VerifyPeer,
  WatchdogOptions,
} from './client-options.js';
export type { EmitMode } from '@sgc/frame/node';
export type { ClientAuth } from './auth.js';
export { OfflineQueue, type OfflineQueueOptions, type OverflowPolicy } from './offline-queue.js';
export type { ClientPlugin, ConnectRequest } from './plugin.js';
export { SendQueue, type QueueMode, type QueueWriter } from './send-queue.js';
export { parseWebSocketUrl } from './open-handshake.js';
export { WebSocket, type BinaryType, type WebSocketInit, type WebSocketEventHandler } from './websocket.js';
export {
  dial,
  parseProxy,
  proxyForUrl,
  type DialOptions,
  type DialTlsOptions,
  type ProxyOptions,
  type ProxyConfig,
  type ProxyDescriptor,
  type ProxyTlsOptions,
  type ProxyType,
  type ProxyEnv,
} from './dial/index.js';
export {
  loadBalancerUrl,
  requestBinding,
  LOAD_BALANCER_CLIENT_PATH,
  GET_BINDING_METHOD,
  type LoadBalancerOptions,
  type Binding,
  type BindingChannel,
} from './load-balancer.js';
