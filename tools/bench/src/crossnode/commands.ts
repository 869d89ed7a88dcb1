/**
 * The commands of the cross-node bench's children: the two sgc server nodes
 * (`crossnode/node-child.ts`) and the probe (`crossnode/probe-child.ts`) that
 * publishes through node A and times the arrivals on both nodes.
 *
 * @module
 */
import type { PublishLatency } from './latency-probe.js';

/** Commands of a server node child. */
// Type aliases, not interfaces: only aliases are assignable to the index-signature type `CommandMap`.
export type NodeCommands = {
  /**
   * Starts an sgc server on 127.0.0.1, port 0, with a Redis backplane at `url`
   * under `prefix`; it broadcasts every binary message it receives.
   */
  start: { args: { url: string; prefix: string; nodeId: string }; result: { port: number } };
  /** Stops the server, which clears the node's entries from Redis; answers the backplane errors seen meanwhile. */
  stop: { args: Record<string, never>; result: { backplaneErrors: readonly string[] } };
};

/** Commands of the probe child. */
export type ProbeCommands = {
  /** Connects one client to node A (`publishPort`, it also receives A's broadcast) and one to node B. */
  connect: { args: { publishPort: number; remotePort: number }; result: Record<string, never> };
  /** Publishes `count` messages one at a time, each after the previous one arrived on both nodes. */
  publish: { args: { count: number; timeoutMs: number }; result: { latencies: PublishLatency[] } };
};
