/**
 * sgc's server (`@sgc/server`), as configured for the comparison: compression
 * off, binary echo.
 *
 * @module
 */
import { BENCH_HOST, type BenchServer } from './types.js';
import { loadSgcServerModule } from './sgc-api.js';

/**
 * Starts an sgc echo server on {@link BENCH_HOST}, port 0.
 *
 * @returns the running server
 * @throws Error when `@sgc/server` cannot be loaded or does not start
 */
export async function startSgcServer(): Promise<BenchServer> {
  const { WebSocketServer } = await loadSgcServerModule();
  const server = new WebSocketServer({ host: BENCH_HOST, port: 0, perMessageDeflate: false });
  server.on('binary', (conn, data) => conn.send(data));
  server.on('message', (conn, text) => conn.send(text));
  server.on('error', () => {});
  await server.start();
  if (!Number.isInteger(server.port) || server.port <= 0) throw new Error(`@sgc/server reported port ${String(server.port)}`);
  return {
    port: server.port,
    // The announced API has no connection count; the idle runner then relies on the client's count.
    connectionCount: () => undefined,
    stop: async () => {
      await server.stop();
    },
  };
}
