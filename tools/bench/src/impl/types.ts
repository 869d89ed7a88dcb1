/**
 * The common interface every compared implementation is adapted to, so the
 * runners never know which library they drive.
 *
 * @module
 */

/** The implementations the bench compares: sgc, ws, and the plain `net` floor. */
export type ImplName = 'sgc' | 'ws' | 'net';

/** All implementations, in the order the A/B rounds run them. */
export const IMPL_NAMES: readonly ImplName[] = ['sgc', 'ws', 'net'];

/**
 * Checks a command-line word against {@link IMPL_NAMES}.
 *
 * @param name - the word
 * @returns whether it names an implementation
 */
export function isImplName(name: string): name is ImplName {
  return (IMPL_NAMES as readonly string[]).includes(name);
}

/** An implementation left out of (the rest of) a run, and why. */
export interface SkippedImpl {
  readonly impl: ImplName;
  readonly reason: string;
}

/** The host every server binds and every client dials: the bench never leaves loopback. */
export const BENCH_HOST = '127.0.0.1';

/** A running binary echo server on {@link BENCH_HOST}. */
export interface BenchServer {
  /** The port listened on (the OS picks one when the server was started with port 0). */
  readonly port: number;
  /**
   * Open connections as the server sees them.
   *
   * @returns the count, or `undefined` when the implementation cannot tell
   */
  connectionCount(): number | undefined;
  /** Closes every connection and the listener. */
  stop(): Promise<void>;
}

/** One client connection that sends binary messages and receives whole ones. */
export interface BenchConnection {
  /** Sends `data` as one binary message. `data` is reused by the caller and must not be changed. */
  send(data: Buffer): void;
  /** Sets the handler for whole received messages, replacing any earlier one. */
  onMessage(handler: (data: Buffer) => void): void;
  /** Sets the handler for an error or a close the caller did not ask for. */
  onFailure(handler: (reason: string) => void): void;
  /** Closes the connection cleanly (bounded in time). */
  close(): Promise<void>;
}

/** Starts an echo server on `port`; 0 (the default) lets the OS pick one. */
export type StartServer = (port?: number) => Promise<BenchServer>;

/** Opens one client connection to `port` on {@link BENCH_HOST}. */
export type Connect = (port: number) => Promise<BenchConnection>;
