/**
 * ws's server, as configured for the comparison: compression off, binary echo.
 *
 * @module
 */
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { BENCH_HOST, type BenchServer } from './types.js';

/**
 * Starts a ws echo server on {@link BENCH_HOST}.
 *
 * @param port - the port to listen on; 0 lets the OS pick
 * @returns the running server
 */
export async function startWsServer(port = 0): Promise<BenchServer> {
  const server = new WebSocketServer({ host: BENCH_HOST, port, perMessageDeflate: false, clientTracking: true });
  server.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary, compress: false }));
    socket.on('error', () => socket.terminate());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    connectionCount: () => server.clients.size,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => resolve());
      }),
  };
}
