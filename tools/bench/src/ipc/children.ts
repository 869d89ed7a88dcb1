/**
 * Starts the bench's two kinds of child process: the server side and the
 * client side run in separate processes so each side's CPU time and memory can
 * be read on its own.
 *
 * @module
 */
import { ChildHandle } from './child-handle.js';
import type { ClientCommands, ServerCommands } from './commands.js';

/** A child running a server (`child/server-child.ts`). */
export type ServerChild = ChildHandle<ServerCommands>;

/** A child running clients (`child/client-child.ts`). */
export type ClientChild = ChildHandle<ClientCommands>;

/**
 * Forks a server child.
 *
 * @param label - names the child in errors
 * @returns the ready child
 */
export function startServerChild(label: string): Promise<ServerChild> {
  return ChildHandle.start<ServerCommands>(new URL('../child/server-child.js', import.meta.url), label);
}

/**
 * Forks a client child.
 *
 * @param label - names the child in errors
 * @returns the ready child
 */
export function startClientChild(label: string): Promise<ClientChild> {
  return ChildHandle.start<ClientCommands>(new URL('../child/client-child.js', import.meta.url), label);
}
