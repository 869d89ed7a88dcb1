/**
 * The processes of the reconnect bench: the current sgc server child on the
 * fixed port, and the client child whose watchdog keeps reconnecting to it.
 *
 * @module
 */
import { ChildHandle } from '../ipc/child-handle.js';
import { startServerChild, type ServerChild } from '../ipc/children.js';
import { delay, describeError } from '../util/time.js';
import type { ReconnectClientCommands } from './commands.js';

/** The reconnect client child. */
export type ReconnectClientChild = ChildHandle<ReconnectClientCommands>;

/** How long loading sgc and listening, or connecting the client, may take. */
const START_TIMEOUT_MS = 20_000;

/**
 * The killed server's listening socket is closed by the kernel as the process
 * dies, normally long before a new Node process is up; if not, listening is
 * retried this often, this far apart.
 */
const LISTEN_RETRIES = 50;
const LISTEN_RETRY_MS = 10;

/** A server child and the client connected to it. */
export interface ReconnectRig {
  readonly port: number;
  /** The server child now listening on `port`; replaced at each restart. */
  server: ServerChild;
  readonly client: ReconnectClientChild;
  /** Outages the client has had to go through so far (one per restart). */
  outages: number;
  /** Kills both children. */
  kill(): void;
}

/**
 * Starts an sgc server child on `port` and connects the client child to it.
 *
 * @param port - the fixed port
 * @returns the rig, client connected
 * @throws Error when sgc does not load, the port cannot be bound or the client cannot connect (nothing is left running then)
 */
export async function startReconnectRig(port: number): Promise<ReconnectRig> {
  const { child: server } = await startServer(port, 'sgc reconnect server');
  let client: ReconnectClientChild | undefined;
  try {
    const started = await ChildHandle.start<ReconnectClientCommands>(new URL('./client-child.js', import.meta.url), 'sgc reconnect client');
    client = started;
    await started.call('connect', { port }, START_TIMEOUT_MS);
    const rig: ReconnectRig = {
      port,
      server,
      client: started,
      outages: 0,
      kill: () => {
        started.kill();
        rig.server.kill();
      },
    };
    return rig;
  } catch (error) {
    client?.kill();
    server.kill();
    throw error;
  }
}

/** A server child that listens, and when it started to. */
export interface ListeningServer {
  readonly child: ServerChild;
  /** `epochMs()` in the child right after it started listening. */
  readonly listeningAtMs: number;
  /** Tries that found the port still taken. */
  readonly retries: number;
}

/**
 * Forks a server child and starts an sgc server in it on `port`.
 *
 * @param port - the fixed port
 * @param label - names the child in errors
 * @returns the listening server
 * @throws Error when the child or the server does not start (the child is killed then)
 */
export async function startServer(port: number, label: string): Promise<ListeningServer> {
  const child = await startServerChild(label);
  try {
    for (let retries = 0; ; retries++) {
      try {
        const { listeningAtMs } = await child.call('start', { impl: 'sgc', port }, START_TIMEOUT_MS);
        return { child, listeningAtMs, retries };
      } catch (error) {
        if (retries >= LISTEN_RETRIES || !describeError(error).includes('EADDRINUSE')) throw error;
        await delay(LISTEN_RETRY_MS);
      }
    }
  } catch (error) {
    child.kill();
    throw error;
  }
}
