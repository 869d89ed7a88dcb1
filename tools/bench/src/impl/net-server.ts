/**
 * The floor's server: a `net` server that echoes every length-prefixed
 * message back.
 *
 * @module
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { BENCH_HOST, type BenchServer } from './types.js';
import { LengthPrefixDecoder, writeMessage } from './length-prefix.js';

/**
 * Starts the `net` echo server on {@link BENCH_HOST}.
 *
 * @param port - the port to listen on; 0 lets the OS pick
 * @returns the running server
 */
export async function startNetServer(port = 0): Promise<BenchServer> {
  const sockets = new Set<Socket>();
  // noDelay: both WebSocket libraries disable Nagle too, so the floor must as well.
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    const decoder = new LengthPrefixDecoder((message) => writeMessage(socket, message));
    socket.on('data', (chunk: Buffer) => {
      try {
        decoder.push(chunk);
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, BENCH_HOST, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    connectionCount: () => sockets.size,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
