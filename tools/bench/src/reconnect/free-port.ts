/**
 * Finds a port nobody listens on, once, for the reconnect bench: every
 * restarted server must come back on the same port the client dials.
 *
 * @module
 */
import { createServer, type AddressInfo } from 'node:net';
import { BENCH_HOST } from '../impl/types.js';

/**
 * Binds port 0 on {@link BENCH_HOST}, reads the port the OS picked, and closes.
 * The OS hands out ephemeral ports in turn, so the port is very unlikely to be
 * picked again during the bench.
 *
 * @returns the port
 */
export async function pickFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, BENCH_HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
