/**
 * The commands each child process answers, with their argument and result
 * types. Everything here crosses IPC as JSON, so `null` stands for "unknown".
 *
 * @module
 */
import type { ImplName } from '../impl/types.js';

/** A snapshot of the process's CPU time and a monotonic clock, taken together. */
export interface CpuMark {
  /** `process.cpuUsage().user` in µs: all threads of the process. */
  readonly userUs: number;
  /** `process.cpuUsage().system` in µs. */
  readonly systemUs: number;
  /** Monotonic milliseconds when the mark was taken. */
  readonly atMs: number;
}

/** Memory of the process after forced garbage collection. */
export interface MemorySnapshot {
  readonly heapUsed: number;
  readonly rss: number;
  readonly external: number;
  readonly arrayBuffers: number;
  /** Open connections as the server counts them; `null` when the implementation cannot tell. */
  readonly connections: number | null;
}

/** A client mark: CPU plus the round trips completed so far. */
export interface ClientMark extends CpuMark {
  readonly roundTrips: number;
  /** Connection failures seen since the echo session started. */
  readonly failures: readonly string[];
}

/** Commands of the server child (`child/server-child.ts`). */
// A type alias, not an interface: only aliases are assignable to the index-signature type `CommandMap`.
export type ServerCommands = {
  /**
   * Loads the implementation and starts an echo server on 127.0.0.1, on `port`
   * or (without one) a port the OS picks. `listeningAtMs` is `epochMs()` right
   * after the server started listening, comparable with the parent's clock.
   */
  start: { args: { impl: ImplName; port?: number }; result: { port: number; listeningAtMs: number } };
  mark: { args: Record<string, never>; result: CpuMark };
  /** Forces GC, then reads `process.memoryUsage()`. */
  memory: { args: Record<string, never>; result: MemorySnapshot };
  /** Open connections as the server counts them (cheap: no GC). */
  connections: { args: Record<string, never>; result: { count: number | null } };
  stop: { args: Record<string, never>; result: Record<string, never> };
};

/** Commands of the client child (`child/client-child.ts`). */
export type ClientCommands = {
  /** Loads the implementation's client adapter (so a load failure shows before any measurement). */
  load: { args: { impl: ImplName }; result: Record<string, never> };
  /** Opens connections and starts the round-trip loops; resolves once every connection has echoed once. */
  echoStart: { args: { port: number; size: number; connections: number }; result: Record<string, never> };
  mark: { args: Record<string, never>; result: ClientMark };
  /** Stops the loops, waits for the messages in flight and closes the connections. */
  echoStop: { args: Record<string, never>; result: { failures: readonly string[] } };
  /** Opens `count` idle connections, `batch` at a time, and keeps them open. */
  idleOpen: { args: { port: number; count: number; batch: number }; result: { opened: number; ms: number } };
  /** Closes every idle connection. */
  idleClose: { args: Record<string, never>; result: { closed: number } };
};
