/**
 * The static bench's load process: one undici pool at a time, against
 * whichever server the parent names. Started by the static rig through
 * `ChildHandle`; it exits when the parent's IPC channel closes.
 *
 * @module
 */
import { serveCommands } from '../ipc/serve.js';
import { cpuMark } from '../child/measure.js';
import { LoadGenerator } from './load-generator.js';
import type { StaticLoadCommands } from './commands.js';

let load: LoadGenerator | undefined;

function running(): LoadGenerator {
  if (!load) throw new Error('no load session is running');
  return load;
}

serveCommands<StaticLoadCommands>({
  loadStart: async (target) => {
    if (load) throw new Error('a load session is already running');
    load = new LoadGenerator(target);
    return {};
  },
  mark: async () => {
    const { requests, errors } = running();
    return { ...cpuMark(), requests, errors };
  },
  loadStop: async () => {
    const session = running();
    load = undefined;
    return { errors: await session.stop() };
  },
});
