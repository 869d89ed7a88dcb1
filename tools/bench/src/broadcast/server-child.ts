/**
 * The broadcast bench's server process: one implementation's server, which
 * broadcasts bursts when the parent asks. Started by the broadcast rig through
 * `ChildHandle`; it exits when the parent's IPC channel closes.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { serveCommands } from '../ipc/serve.js';
import { cpuMark } from '../child/measure.js';
import { epochMs } from '../util/time.js';
import { startBroadcastServer, type BroadcastServer } from './broadcast-servers.js';
import type { BroadcastServerCommands } from './commands.js';

let server: BroadcastServer | undefined;

function running(): BroadcastServer {
  if (!server) throw new Error('the broadcast server is not started');
  return server;
}

serveCommands<BroadcastServerCommands>({
  start: async ({ impl }) => {
    if (server) throw new Error('a broadcast server is already running in this process');
    server = await startBroadcastServer(impl);
    return { port: server.port };
  },
  connections: async () => ({ count: running().connectionCount() }),
  burst: async ({ messages, size }) => {
    const target = running();
    // One payload for the whole burst, as an application broadcasting one event to everyone would.
    const payload = randomBytes(size);
    const cpu = cpuMark();
    const startedAtMs = epochMs();
    let sent = 0;
    for (let i = 0; i < messages; i++) sent += target.broadcast(payload);
    return { startedAtMs, cpu, sent };
  },
  mark: async () => cpuMark(),
});
