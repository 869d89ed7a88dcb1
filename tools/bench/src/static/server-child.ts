/**
 * The static bench's server process: one implementation's static file
 * server. Started by the static rig through `ChildHandle`; it exits when the
 * parent's IPC channel closes.
 *
 * @module
 */
import { serveCommands } from '../ipc/serve.js';
import { cpuMark } from '../child/measure.js';
import { startStaticServer, type StaticServer } from './static-servers.js';
import type { StaticServerCommands } from './commands.js';

let server: StaticServer | undefined;

serveCommands<StaticServerCommands>({
  start: async ({ impl, root, files }) => {
    if (server) throw new Error('a static server is already running in this process');
    server = await startStaticServer(impl, root, files);
    return { port: server.port };
  },
  mark: async () => cpuMark(),
});
