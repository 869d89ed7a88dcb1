/**
 * `@sgc/protocols/server`: the server side of the sgc sub-protocols, as plug-ins of an
 * `@sgc/server` (or `@sgc/http-server`) server.
 *
 * @example
 * ```ts
 * import { WebSocketServer } from '@sgc/server';
 * import { SgcProtocolServer } from '@sgc/protocols/server';
 * const server = new WebSocketServer({ port: 8080 });
 * const sgc = new SgcProtocolServer();
 * server.use(sgc);
 * await server.start();
 * ```
 *
 * @packageDocumentation
 */
export {
  SgcProtocolServer,
  type SgcProtocolServerOptions,
  type SgcProtocolServerEvents,
  type SgcRpcCall,
} from './sgc/sgc-protocol-server.js';
export { ChannelQueues, type QueuedMessage } from './sgc/channel-queues.js';
export {
  PresenceProtocolServer,
  type PresenceProtocolServerOptions,
  type PresenceProtocolServerEvents,
} from './presence/presence-protocol-server.js';
export {
  DatasetProtocolServer,
  type DatasetProtocolServerOptions,
  type DatasetProtocolServerEvents,
} from './dataset/dataset-protocol-server.js';
export { MemoryDataSource, fieldMetadata, keyOf, type DataSource, type DatasetField } from './dataset/data-source.js';
