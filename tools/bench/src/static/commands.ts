/**
 * The commands of the static bench's children: a server child per
 * implementation (`static/server-child.ts`) and the load child
 * (`static/load-child.ts`) that requests files through an undici `Pool`.
 *
 * @module
 */
import type { CpuMark } from '../ipc/commands.js';
import type { StaticFile } from './static-files.js';
import type { StaticImpl } from './static-servers.js';

/** Commands of a static server child. */
// Type aliases, not interfaces: only aliases are assignable to the index-signature type `CommandMap`.
export type StaticServerCommands = {
  /** Starts the implementation's server on 127.0.0.1, port 0, serving `root`. */
  start: { args: { impl: StaticImpl; root: string; files: readonly StaticFile[] }; result: { port: number } };
  mark: { args: Record<string, never>; result: CpuMark };
};

/** A load-child mark: CPU plus the responses counted so far. */
export interface LoadMark extends CpuMark {
  /** Responses with status 200 and the whole file. */
  readonly requests: number;
  /** Responses with another status or length, and failed requests. */
  readonly errors: number;
}

/** Commands of the load child. */
export type StaticLoadCommands = {
  /**
   * Opens a pool of `connections` keep-alive connections to `port` and keeps one
   * GET of `path` in flight on each, checking every response against `size`.
   */
  loadStart: { args: { port: number; path: string; size: number; connections: number }; result: Record<string, never> };
  mark: { args: Record<string, never>; result: LoadMark };
  /** Stops the loops, waits for the requests in flight and closes the pool; `errors` are the first few error texts. */
  loadStop: { args: Record<string, never>; result: { errors: readonly string[] } };
};
