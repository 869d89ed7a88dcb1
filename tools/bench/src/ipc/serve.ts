/**
 * The child's side of the IPC protocol: dispatch requests to handlers, and
 * exit as soon as the parent goes away (IPC disconnect) or the lifetime
 * passed on the command line runs out.
 *
 * @module
 */
import type { CommandMap, RpcResponse } from './rpc.js';
import { isRpcRequest } from './rpc.js';
import { describeError } from '../util/time.js';

/** Handlers for every command of `C`. */
export type CommandHandlers<C extends CommandMap> = {
  [K in keyof C]: (args: C[K]['args']) => Promise<C[K]['result']>;
};

/**
 * Starts answering the parent's requests. Call once, at the end of a child's
 * entry module.
 *
 * @param handlers - one async function per command
 */
export function serveCommands<C extends CommandMap>(handlers: CommandHandlers<C>): void {
  if (!process.send) throw new Error('this module must be started by the bench runner (no IPC channel)');
  const send = (message: RpcResponse): void => {
    // The parent may be gone already; there is nobody left to tell.
    if (process.connected) process.send?.(message);
  };
  process.on('message', (message: unknown) => {
    if (!isRpcRequest(message)) return;
    const handler = handlers[message.cmd];
    if (!handler) {
      send({ id: message.id, ok: false, error: `unknown command ${message.cmd}` });
      return;
    }
    handler(message.args).then(
      (result) => send({ id: message.id, ok: true, result }),
      (error: unknown) => send({ id: message.id, ok: false, error: describeError(error) }),
    );
  });
  // A child must never outlive the bench: the parent closing IPC (normal end,
  // crash, Ctrl-C) ends it, and so does the lifetime bound.
  process.on('disconnect', () => process.exit(0));
  const maxLifetimeMs = Number(process.argv[2] ?? 0);
  if (maxLifetimeMs > 0) setTimeout(() => process.exit(3), maxLifetimeMs).unref();
  process.send({ ready: true });
}
