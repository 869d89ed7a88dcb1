/**
 * Starts a `node:net` or `node:http` server listening on {@link BENCH_HOST},
 * on a port the OS picks, for the servers the bench writes itself (the
 * `node:http` floors).
 *
 * @module
 */
import type { AddressInfo, Server } from 'node:net';
import { BENCH_HOST } from './types.js';

/**
 * Listens and waits until the server is bound.
 *
 * @param server - a server not listening yet
 * @returns the port it listens on
 * @throws Error when it cannot listen
 */
export async function listenOnBenchHost(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, BENCH_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
