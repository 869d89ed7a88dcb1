/**
 * The commands of the throttle bench's two children: a ws peer server
 * (`throttle/peer-server-child.ts`) and the throttled sgc client
 * (`throttle/client-child.ts`). Either side can be the sender or the counter,
 * so both answer the same stream commands.
 *
 * @module
 */
import type { RateMark } from './arrival-counter.js';

/** What each side answers, whichever direction is measured. */
// Type aliases, not interfaces: only aliases are assignable to the index-signature type `CommandMap`.
export type StreamCommands = {
  /** Starts sending `size`-byte binary messages as fast as the connection takes them, keeping about `cap` bytes queued. */
  streamStart: { args: { size: number; cap: number }; result: Record<string, never> };
  /** Stops sending. */
  streamStop: { args: Record<string, never>; result: { sentMessages: number; failures: readonly string[] } };
  /** The received-message counts of the current connection. */
  mark: { args: Record<string, never>; result: RateMark };
};

/** Commands of the ws peer server child. */
export type PeerServerCommands = StreamCommands & {
  /** Starts a ws server on 127.0.0.1, port 0. It serves one connection at a time: the latest. */
  start: { args: Record<string, never>; result: { port: number } };
};

/** Commands of the throttled sgc client child. */
export type ThrottledClientCommands = StreamCommands & {
  /** Loads `@sgc/client`, so a load failure shows before any measurement. */
  load: { args: Record<string, never>; result: Record<string, never> };
  /**
   * Connects a client limited to the given rates (0: no limit). Its
   * `highWaterMark` is the sender's cap: `send()` turns `false` there and
   * `drain` wakes the sender.
   */
  connect: {
    args: { port: number; sendBitsPerSecond: number; receiveBitsPerSecond: number; highWaterMark: number };
    result: Record<string, never>;
  };
  /** Drops the connection at once. */
  disconnect: { args: Record<string, never>; result: Record<string, never> };
};
