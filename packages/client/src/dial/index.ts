/**
 * Dialing: direct TCP/TLS connections and tunnels through HTTP, HTTPS and SOCKS proxies.
 *
 * @module
 */
export { dial, type DialOptions, type DialTlsOptions } from './dial.js';
export { proxyForUrl, type ProxyEnv } from './proxy-env.js';
export {
  parseProxy,
  type ProxyConfig,
  type ProxyDescriptor,
  type ProxyOptions,
  type ProxyTlsOptions,
  type ProxyType,
} from './proxy-options.js';
