/**
 * The server process: runs one implementation's echo server and reports its
 * own CPU time and memory when the parent asks. Started by the runners through
 * `ChildHandle`; it exits when the parent's IPC channel closes.
 *
 * @module
 */
import { serveCommands } from '../ipc/serve.js';
import type { ServerCommands } from '../ipc/commands.js';
import type { BenchServer } from '../impl/types.js';
import { loadServer } from '../impl/load.js';
import { cpuMark, memoryAfterGc } from './measure.js';
import { epochMs, withTimeout } from '../util/time.js';

/** How long a server may take to close its connections. */
const STOP_TIMEOUT_MS = 10_000;

let server: BenchServer | undefined;

serveCommands<ServerCommands>({
  start: async ({ impl, port }) => {
    if (server) throw new Error('a server is already running in this process');
    const start = await loadServer(impl);
    server = await start(port);
    // Read before answering: the reconnect bench times the client from this moment, not from the IPC reply.
    return { port: server.port, listeningAtMs: epochMs() };
  },
  mark: async () => cpuMark(),
  memory: async () => memoryAfterGc(server?.connectionCount()),
  connections: async () => ({ count: server?.connectionCount() ?? null }),
  stop: async () => {
    const running = server;
    server = undefined;
    if (running) await withTimeout(running.stop(), STOP_TIMEOUT_MS, 'server stop');
    return {};
  },
});
