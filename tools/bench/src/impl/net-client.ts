/**
 * The floor's client: a `net` socket speaking the same length-prefixed
 * messages as `startNetServer`.
 *
 * @module
 */
import { connect } from 'node:net';
import { BENCH_HOST, type BenchConnection } from './types.js';
import { LengthPrefixDecoder, writeMessage } from './length-prefix.js';
import { withTimeout } from '../util/time.js';

/** Matches the 5 s connect timeout the sgc and ws adapters use. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Connects to a `net` echo server.
 *
 * @param port - the server's port on {@link BENCH_HOST}
 * @returns the open connection
 */
export async function connectNet(port: number): Promise<BenchConnection> {
  const socket = connect({ host: BENCH_HOST, port, noDelay: true });
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    }),
    CONNECT_TIMEOUT_MS,
    'net connect',
  );
  let onMessage: (data: Buffer) => void = () => {};
  let onFailure: (reason: string) => void = () => {};
  let closing = false;
  const decoder = new LengthPrefixDecoder((message) => onMessage(message));
  socket.on('data', (chunk: Buffer) => decoder.push(chunk));
  socket.on('error', (error) => onFailure(`net socket error: ${error.message}`));
  socket.on('close', () => {
    if (!closing) onFailure('net socket closed by the server');
  });
  return {
    send: (data) => writeMessage(socket, data),
    onMessage: (handler) => (onMessage = handler),
    onFailure: (handler) => (onFailure = handler),
    close: () => {
      closing = true;
      return withTimeout(
        new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.end();
        }),
        CONNECT_TIMEOUT_MS,
        'net close',
      ).catch(() => {
        socket.destroy();
      });
    },
  };
}
