/**
 * The processes of the static bench: a server child per implementation, both
 * serving the same document root, and one load child. They live for the whole
 * bench; each measurement opens a fresh pool of connections.
 *
 * @module
 */
import { ChildHandle } from '../ipc/child-handle.js';
import type { StaticLoadCommands, StaticServerCommands } from './commands.js';
import type { StaticFiles } from './static-files.js';
import { STATIC_IMPLS, type StaticImpl } from './static-servers.js';

/** How long loading a library and starting a server may take. */
const START_TIMEOUT_MS = 20_000;

/** One implementation's server child and its port. */
export interface RunningStaticServer {
  readonly child: ChildHandle<StaticServerCommands>;
  readonly port: number;
}

/** The running children. */
export interface StaticRig {
  readonly servers: ReadonlyMap<StaticImpl, RunningStaticServer>;
  readonly load: ChildHandle<StaticLoadCommands>;
  /** Kills every child. */
  kill(): void;
}

/**
 * Starts both servers on `files` and the load child.
 *
 * @param files - the document root both servers serve
 * @returns the ready rig
 * @throws Error when a child or a library fails (nothing is left running then)
 */
export async function startStaticRig(files: StaticFiles): Promise<StaticRig> {
  const children: { kill(): void }[] = [];
  const kill = (): void => children.forEach((child) => child.kill());
  try {
    const servers = new Map<StaticImpl, RunningStaticServer>();
    for (const impl of STATIC_IMPLS) {
      const child = await ChildHandle.start<StaticServerCommands>(new URL('./server-child.js', import.meta.url), `${impl} static server`);
      children.push(child);
      const { port } = await child.call('start', { impl, root: files.root, files: files.files }, START_TIMEOUT_MS);
      servers.set(impl, { child, port });
    }
    const load = await ChildHandle.start<StaticLoadCommands>(new URL('./load-child.js', import.meta.url), 'static load');
    children.push(load);
    return { servers, load, kill };
  } catch (error) {
    kill();
    throw error;
  }
}
