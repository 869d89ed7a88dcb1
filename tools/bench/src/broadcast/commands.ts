/**
 * The commands of the broadcast bench's children: the server child
 * (`broadcast/server-child.ts`), one per implementation, and the client
 * children (`broadcast/client-child.ts`), each holding connections to both servers.
 *
 * @module
 */
import type { CpuMark } from '../ipc/commands.js';
import type { BroadcastImpl } from './broadcast-servers.js';
import type { BurstArrival } from './client-group.js';

/** Commands of the broadcast server child. */
// Type aliases, not interfaces: only aliases are assignable to the index-signature type `CommandMap`.
export type BroadcastServerCommands = {
  /** Starts the implementation's server on 127.0.0.1, port 0. */
  start: { args: { impl: BroadcastImpl }; result: { port: number } };
  /** Open connections as the server counts them. */
  connections: { args: Record<string, never>; result: { count: number } };
  /**
   * Broadcasts `messages` binary messages of `size` bytes back to back.
   * `startedAtMs` is `epochMs()` just before the first, comparable with the
   * client children's clocks; `cpu` is this process's CPU mark at the same moment.
   */
  burst: { args: { messages: number; size: number }; result: { startedAtMs: number; cpu: CpuMark; sent: number } };
  mark: { args: Record<string, never>; result: CpuMark };
};

/** Commands of a broadcast client child. Connections are grouped by the port of their server. */
export type BroadcastClientCommands = {
  /** Opens `count` connections to `port`, `batch` at a time. */
  open: { args: { port: number; count: number; batch: number }; result: { opened: number; ms: number } };
  /** Expects `messages` more messages on every connection to `port`. */
  arm: { args: { port: number; messages: number }; result: Record<string, never> };
  /** Waits until every connection to `port` has the armed messages. */
  awaitBurst: { args: { port: number; timeoutMs: number }; result: BurstArrival };
};
