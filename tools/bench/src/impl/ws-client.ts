/**
 * ws's client, as configured for the comparison: compression off, binary
 * messages delivered as one `Buffer`.
 *
 * @module
 */
import { WebSocket } from 'ws';
import { BENCH_HOST, type BenchConnection } from './types.js';
import { withTimeout } from '../util/time.js';

/** The same connect timeout the sgc adapter passes to `connect()`. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Connects a ws client to a ws echo server.
 *
 * @param port - the server's port on {@link BENCH_HOST}
 * @returns the open connection
 */
export async function connectWs(port: number): Promise<BenchConnection> {
  const socket = new WebSocket(`ws://${BENCH_HOST}:${port}`, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
  socket.binaryType = 'nodebuffer';
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    }),
    CONNECT_TIMEOUT_MS,
    'ws connect',
  );
  let onMessage: (data: Buffer) => void = () => {};
  let onFailure: (reason: string) => void = () => {};
  let closing = false;
  // With binaryType 'nodebuffer', ws hands over one Buffer per message.
  socket.on('message', (data) => onMessage(data as Buffer));
  socket.on('error', (error) => onFailure(`ws error: ${error.message}`));
  socket.on('close', (code) => {
    if (!closing) onFailure(`ws closed by the server (${code})`);
  });
  return {
    send: (data) => socket.send(data, { binary: true, compress: false }),
    onMessage: (handler) => (onMessage = handler),
    onFailure: (handler) => (onFailure = handler),
    close: () => {
      closing = true;
      return withTimeout(
        new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.close(1000, 'bye');
        }),
        CONNECT_TIMEOUT_MS,
        'ws close',
      ).catch(() => socket.terminate());
    },
  };
}
