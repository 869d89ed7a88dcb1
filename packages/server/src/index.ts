/**
 * `@sgc/server`: a WebSocket server for Node.js built on the `@sgc/frame` codec.
 *
 * @example
 * ```ts
 * import { WebSocketServer } from '@sgc/server';
 * const server = new WebSocketServer({ host: '127.0.0.1', port: 8080, perMessageDeflate: true });
 * server.on('message', (conn, text) => conn.send(text));
 * await server.start();
 * ```
 *
 * @packageDocumentation
 */
export { WebSocketServer, type WebSocketServerEvents, type BroadcastFilter } from './websocket-server.js';
export { ChannelIndex } from './channel-index.js';
export { channelsMeet, hasWildcards, isChannelWildcards, type ChannelWildcards } from './channel-pattern.js';
export {
  ServerConnection,
  type ServerConnectionEvents,
  type ConnectionInfo,
  type ConnectionTransport,
  type RawSession,
  type RawSessionHandler,
} from './server-connection.js';
export { ProtocolServer, type ServerPlugin } from './server-plugin.js';
export { classifyFirstBytes } from './protocol-sniffer.js';
export {
  Authenticator,
  type AuthenticationOptions,
  type AuthenticateHook,
  type AuthAttempt,
  type AuthResult,
  type AuthScheme,
} from './authentication.js';
export type {
  WebSocketServerOptions,
  ServerBinding,
  HighWaterMarkPolicy,
  ServerTlsOptions,
  SelectProtocol,
  TcpAcceptOptions,
  UnknownConnection,
  UnknownProtocolHook,
  ServerWatchdogOptions,
} from './server-options.js';
export * from './backplane/index.js';
export * from './load-balancer/index.js';
