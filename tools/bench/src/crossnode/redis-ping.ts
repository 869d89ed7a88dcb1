/**
 * Asks whether Redis answers before the cross-node bench starts any process:
 * one inline `PING` over a plain socket, so the check needs no Redis client
 * and fails in a bounded time.
 *
 * @module
 */
import { connect } from 'node:net';
import { describeError, withTimeout } from '../util/time.js';

/** Where the bench expects Redis: the test scripts start it there (scripts/services.sh). */
export const BENCH_REDIS = { host: '127.0.0.1', port: 6379 } as const;

/** {@link BENCH_REDIS} as the URL the Redis backplane takes. */
export const BENCH_REDIS_URL = `redis://${BENCH_REDIS.host}:${BENCH_REDIS.port}`;

/** Long enough for a loaded machine, short enough that a missing Redis costs little. */
const PING_TIMEOUT_MS = 2000;

/**
 * Sends `PING` and waits for `+PONG`.
 *
 * @param host - Redis's address
 * @param port - Redis's port
 * @returns why Redis is not usable, or `undefined` when it answered
 */
export async function pingRedis(host: string, port: number): Promise<string | undefined> {
  const socket = connect({ host, port });
  try {
    const reply = await withTimeout(
      new Promise<string>((resolve, reject) => {
        let text = '';
        socket.on('data', (chunk: Buffer) => {
          text += chunk.toString('latin1');
          if (text.includes('\r\n')) resolve(text.slice(0, text.indexOf('\r\n')));
        });
        socket.once('error', reject);
        socket.once('close', () => reject(new Error('closed without an answer')));
        socket.write('PING\r\n');
      }),
      PING_TIMEOUT_MS,
      'PING',
    );
    // A Redis that wants a password answers -NOAUTH: it is there, but not usable without credentials.
    return reply === '+PONG' ? undefined : `unexpected answer to PING: ${reply}`;
  } catch (error) {
    return describeError(error);
  } finally {
    socket.destroy();
  }
}
