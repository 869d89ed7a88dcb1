/**
 * `@sgc/protocols`: the sgc sub-protocols. This entry holds what runs anywhere (Node and
 * browsers): the JSON-RPC 2.0 envelope, the wire form of the sgc default protocol
 * (`esegece.com`) and its client on any `Transport`. The server side is `@sgc/protocols/server`.
 *
 * @example
 * ```ts
 * import { SgcProtocolClient, SGC_PROTOCOL } from '@sgc/protocols';
 * import { WebSocketClient } from '@sgc/client';
 * const ws = new WebSocketClient({ url: 'ws://127.0.0.1:8080', protocols: [SGC_PROTOCOL] });
 * const sgc = new SgcProtocolClient(ws);
 * await ws.connect();
 * await sgc.subscribe('news');
 * ```
 *
 * @packageDocumentation
 */
// The JSON-RPC 2.0 envelope lives in @sgc/frame (the load balancer speaks it too); the names a
// protocol user needs are re-exported here.
export {
  JsonRpcErrorCode,
  JsonRpcDecodeError,
  RpcError,
  type JsonRpcErrorObject,
  type JsonRpcId,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from '@sgc/frame';
export { PendingRequests, type RequestOptions } from './pending-requests.js';
export { newRequestId } from './request-id.js';
export * from './sgc/sgc-wire.js';
export { SgcProtocolClient, type SgcProtocolClientOptions, type SgcProtocolClientEvents, type PublishOptions, type RpcOptions } from './sgc/sgc-protocol-client.js';
export * from './presence/presence-wire.js';
export {
  PresenceProtocolClient,
  type PresenceProtocolClientOptions,
  type PresenceProtocolClientEvents,
} from './presence/presence-protocol-client.js';
export * from './dataset/dataset-wire.js';
export {
  DatasetProtocolClient,
  type DatasetProtocolClientOptions,
  type DatasetProtocolClientEvents,
} from './dataset/dataset-protocol-client.js';
