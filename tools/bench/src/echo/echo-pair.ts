/**
 * One implementation's pair of processes for the echo bench: a server child
 * running its echo server and a client child with its client loaded. A pair
 * lives across rounds (so JIT state carries over, as in a real service) and is
 * replaced after a failure.
 *
 * @module
 */
import type { ImplName } from '../impl/types.js';
import { startClientChild, startServerChild, type ClientChild, type ServerChild } from '../ipc/children.js';

/** How long loading an implementation and starting its server may take. */
const START_TIMEOUT_MS = 20_000;

/** A running server child and client child for one implementation. */
export interface EchoPair {
  readonly impl: ImplName;
  readonly server: ServerChild;
  readonly client: ClientChild;
  readonly port: number;
  /** Kills both children. */
  kill(): void;
}

/**
 * Starts both children and the implementation's server.
 *
 * @param impl - which implementation
 * @returns the ready pair
 * @throws Error when either child or the implementation fails to load (nothing is left running then)
 */
export async function startEchoPair(impl: ImplName): Promise<EchoPair> {
  const server = await startServerChild(`${impl} echo server`);
  let client: ClientChild | undefined;
  try {
    const { port } = await server.call('start', { impl }, START_TIMEOUT_MS);
    const started = await startClientChild(`${impl} echo client`);
    client = started;
    await started.call('load', { impl }, START_TIMEOUT_MS);
    return {
      impl,
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
