/**
 * sgc's server (`@sgc/server`), as configured for the comparison: compression
 * off, binary echo.
 *
 * @module
 */
import { BENCH_HOST, type BenchServer } from './types.js';
import { loadSgcServerModule } from './sgc-api.js';

/**
 * Starts an sgc echo server on {@link BENCH_HOST}.
 *
 * @param port - the port to listen on; 0 lets the OS pick
 * @returns the running server
 * @throws Error when `@sgc/server` cannot be loaded or does not start
 */
export async function startSgcServer(port = 0): Promise<BenchServer> {
  const { WebSocketServer } = await loadSgcServerModule();
  const server = new WebSocketServer({ host: BENCH_HOST, port, perMessageDeflate: false });
  server.on('binary', (conn, data) => conn.send(data));
  server.on('message', (conn, text) => conn.send(text));
  await server.start();
  return {
    port: server.port,
    connectionCount: () => server.count,
    stop: () => server.stop(),
  };
}
