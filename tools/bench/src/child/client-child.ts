/**
 * The client process: drives one implementation's clients, either as echo
 * loops (CPU per round trip) or as idle connections (server memory), and
 * reports its own CPU time when the parent asks. Started by the runners
 * through `ChildHandle`; it exits when the parent's IPC channel closes.
 *
 * @module
 */
import { serveCommands } from '../ipc/serve.js';
import type { ClientCommands } from '../ipc/commands.js';
import type { Connect } from '../impl/types.js';
import { loadClient } from '../impl/load.js';
import { cpuMark } from './measure.js';
import { EchoSession } from './echo-session.js';
import { IdlePool } from './idle-pool.js';

let connect: Connect | undefined;
let session: EchoSession | undefined;
const pool = new IdlePool();

function loaded(): Connect {
  if (!connect) throw new Error('no implementation loaded');
  return connect;
}

serveCommands<ClientCommands>({
  load: async ({ impl }) => {
    connect = await loadClient(impl);
    return {};
  },
  echoStart: async ({ port, size, connections }) => {
    if (session) throw new Error('an echo session is already running');
    session = await EchoSession.start(loaded(), port, size, connections);
    return {};
  },
  mark: async () => ({ ...cpuMark(), roundTrips: session?.roundTrips ?? 0, failures: session?.failures ?? [] }),
  echoStop: async () => {
    const running = session;
    session = undefined;
    return { failures: running ? await running.stop() : [] };
  },
  idleOpen: async ({ port, count, batch }) => pool.open(loaded(), port, count, batch),
  idleClose: async () => ({ closed: await pool.closeAll() }),
});
