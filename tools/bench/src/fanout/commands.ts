/**
 * The commands of a fan-out bench's children: a server child per
 * implementation, and the client children, each holding connections to every
 * server. Both fan-out benches' children answer these (the SSE client child a
 * few more).
 *
 * @module
 */
import type { CpuMark } from '../ipc/commands.js';
import type { BurstArrival } from './client-group.js';

/**
 * Commands of a fan-out server child.
 *
 * @typeParam I - the implementations it can start
 */
// Type aliases, not interfaces: only aliases are assignable to the index-signature type `CommandMap`.
export type FanoutServerCommands<I extends string> = {
  /** Starts the implementation's server on 127.0.0.1, port 0. */
  start: { args: { impl: I }; result: { port: number } };
  /** Open connections as the server counts them. */
  connections: { args: Record<string, never>; result: { count: number } };
  /**
   * Sends `messages` messages of `size` bytes (or characters) back to back to
   * every connection. `startedAtMs` is `epochMs()` just before the first,
   * comparable with the client children's clocks; `cpu` is this process's CPU
   * mark at the same moment.
   */
  burst: { args: { messages: number; size: number }; result: { startedAtMs: number; cpu: CpuMark; sent: number } };
  mark: { args: Record<string, never>; result: CpuMark };
};

/** Commands of a fan-out client child. Connections are grouped by the port of their server. */
export type FanoutClientCommands = {
  /** Opens `count` connections to `port`, `batch` at a time. */
  open: { args: { port: number; count: number; batch: number }; result: { opened: number; ms: number } };
  /** Expects `messages` more messages on every connection to `port`. */
  arm: { args: { port: number; messages: number }; result: Record<string, never> };
  /** Waits until every connection to `port` has the armed messages. */
  awaitBurst: { args: { port: number; timeoutMs: number }; result: BurstArrival };
};
