/**
 * The WebSocket-to-TCP proxy server (the manual's TsgcWebSocketProxyServer).
 *
 * @module
 */
export { TcpProxy, type TcpProxyEvents } from './tcp-proxy.js';
export type { TcpProxyOptions } from './proxy-options.js';
export type { ResolveTarget } from './choose-target.js';
export type { ProxyTarget, TargetAllowList } from './proxy-target.js';
export type { ProxySendAs } from './proxy-framing.js';
export type { ProxiedSession, ProxySessionStats, ProxyDirection } from './proxy-session.js';
export { ProxyCloseCode } from './close-codes.js';
