/**
 * The processes of the throttle bench: the ws peer server child and the sgc
 * client child. They live across measurements (each measurement opens its own
 * connection with its own throttle) and are replaced after a failure.
 *
 * @module
 */
import { ChildHandle } from '../ipc/child-handle.js';
import type { PeerServerCommands, ThrottledClientCommands } from './commands.js';

/** How long loading a library and starting the server may take. */
const START_TIMEOUT_MS = 20_000;

/** The two running children. */
export interface ThrottleRig {
  readonly server: ChildHandle<PeerServerCommands>;
  readonly client: ChildHandle<ThrottledClientCommands>;
  readonly port: number;
  /** Kills both children. */
  kill(): void;
}

/**
 * Starts the peer server and the client child, with `@sgc/client` loaded.
 *
 * @returns the ready rig
 * @throws Error when either child or `@sgc/client` fails to load (nothing is left running then)
 */
export async function startThrottleRig(): Promise<ThrottleRig> {
  const server = await ChildHandle.start<PeerServerCommands>(new URL('./peer-server-child.js', import.meta.url), 'ws peer server');
  let client: ChildHandle<ThrottledClientCommands> | undefined;
  try {
    const { port } = await server.call('start', {}, START_TIMEOUT_MS);
    const started = await ChildHandle.start<ThrottledClientCommands>(new URL('./client-child.js', import.meta.url), 'sgc throttled client');
    client = started;
    await started.call('load', {}, START_TIMEOUT_MS);
    return {
      server,
      client: started,
      port,
      kill: () => {
        started.kill();
        server.kill();
      },
    };
  } catch (error) {
    client?.kill();
    server.kill();
    throw error;
  }
}
