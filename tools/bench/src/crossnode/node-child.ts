/**
 * A cross-node server process: an sgc server on a Redis backplane that
 * broadcasts whatever binary message a client sends it, so the probe can make
 * node A call `server.broadcast()` without any IPC in the timed path. Started
 * by the cross-node rig through `ChildHandle`; it exits when the parent's IPC
 * channel closes.
 *
 * @module
 */
import type { WebSocketServer } from '@sgc/server';
import { serveCommands } from '../ipc/serve.js';
import { loadSgcServerModule } from '../impl/sgc-api.js';
import { BENCH_HOST } from '../impl/types.js';
import { describeError, withTimeout } from '../util/time.js';
import type { NodeCommands } from './commands.js';

/** Short: the parent checked that Redis answers, so a slow start means something is wrong. */
const CONNECT_TIMEOUT_MS = 5000;

/** How long stopping (closing connections, clearing the node's Redis keys) may take. */
const STOP_TIMEOUT_MS = 10_000;

/** Errors are reported, not hoarded. */
const MAX_ERRORS = 5;

let server: WebSocketServer | undefined;
const backplaneErrors: string[] = [];

function recordError(error: unknown): void {
  if (backplaneErrors.length < MAX_ERRORS) backplaneErrors.push(describeError(error));
}

serveCommands<NodeCommands>({
  start: async ({ url, prefix, nodeId }) => {
    if (server) throw new Error('a node is already running in this process');
    const { RedisBackplane, WebSocketServer } = await loadSgcServerModule();
    const backplane = new RedisBackplane({
      url,
      prefix,
      connectTimeoutMs: CONNECT_TIMEOUT_MS,
      // Connection trouble; a failed publish comes as the server's backplaneError event instead.
      onError: recordError,
    });
    const started = new WebSocketServer({ host: BENCH_HOST, port: 0, perMessageDeflate: false, backplane, nodeId });
    started.on('binary', (_conn, data) => started.broadcast(data));
    started.on('backplaneError', recordError);
    await started.start();
    server = started;
    return { port: started.port };
  },
  stop: async () => {
    const running = server;
    server = undefined;
    if (running) await withTimeout(running.stop(), STOP_TIMEOUT_MS, 'node stop');
    return { backplaneErrors };
  },
});
