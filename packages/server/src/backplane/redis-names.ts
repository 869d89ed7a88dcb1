/**
 * The Redis channel and key names of one backplane prefix, in one place so the
 * nodes, the tests and an operator with `redis-cli` agree on them.
 *
 * @module
 * @internal
 */

/** Names under one prefix. Channels and keys are separate namespaces in Redis. */
export interface RedisNames {
  /** The pub/sub channel every node subscribes to for broadcasts: `<prefix>:broadcast`. */
  readonly broadcast: string;
  /** A node's own pub/sub channel for direct messages: `<prefix>:node:<node>`. */
  nodeChannel(node: string): string;
  /** The directory entry of a connection, a string holding its node id: `<prefix>:conn:<id>`. */
  connection(connectionId: string): string;
  /** The set of a node's connection ids, for its cleanup: `<prefix>:node:<node>:conns`. */
  nodeConnections(node: string): string;
  /** A value of the shared key-value store: `<prefix>:kv:<key>`. */
  value(key: string): string;
}

/**
 * The names under `prefix`.
 *
 * @internal
 * @param prefix - the deployment's prefix, e.g. `sgc`
 * @returns the names
 * @example
 * ```ts
 * redisNames('sgc').connection('42'); // 'sgc:conn:42'
 * ```
 */
export function redisNames(prefix: string): RedisNames {
  return {
    broadcast: `${prefix}:broadcast`,
    nodeChannel: (node) => `${prefix}:node:${node}`,
    connection: (connectionId) => `${prefix}:conn:${connectionId}`,
    nodeConnections: (node) => `${prefix}:node:${node}:conns`,
    value: (key) => `${prefix}:kv:${key}`,
  };
}
