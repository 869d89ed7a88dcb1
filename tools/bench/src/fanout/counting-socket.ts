/**
 * The socket work the fan-out benches' counting clients share. Both are a bare
 * `net` socket that sends one HTTP/1.1 request (a WebSocket upgrade, or the GET
 * of an event stream), checks the response head, and from then on only feeds
 * the bytes it receives to a counter: far less CPU than a full client, so the
 * server's cost dominates what is measured.
 *
 * @module
 */
import { connect, type Socket } from 'node:net';
import { BENCH_HOST } from '../impl/types.js';
import { withTimeout } from '../util/time.js';
import type { CountingClientHandlers } from './client-group.js';

/** The same bound the other benches' clients put on connecting. */
const CONNECT_TIMEOUT_MS = 5000;

/** A server that has not finished its response head within this many bytes is not answering. */
const MAX_HEAD_BYTES = 8192;

const HEAD_END = '\r\n\r\n';

/** One request and what to make of its response head. */
export interface HeadRequest<T> {
  /** The server's port on {@link BENCH_HOST}. */
  readonly port: number;
  /** The whole request: request line, headers and the blank line. */
  readonly request: string;
  /**
   * Checks the response head (status line and header lines, without the blank line).
   *
   * @throws Error to refuse the response
   */
  readonly readHead: (head: string) => T;
  /** Names the step in the timeout error. */
  readonly what: string;
  /** Turns Nagle's algorithm off before the request is sent. */
  readonly noDelay?: boolean;
}

/** A connection whose response head has been read, paused until its client's listener is on. */
export interface HeadResponse<T> {
  readonly socket: Socket;
  /** What `readHead` made of the head. */
  readonly head: T;
  /** Body bytes that arrived with the head. */
  readonly rest: Buffer;
}

/**
 * Connects, sends the request and reads the response head.
 *
 * @param request - where, what, and how to check the answer
 * @returns the paused socket, the checked head and the bytes after it
 * @throws Error when the head is refused, incomplete or late (the socket is destroyed then)
 */
export async function requestHead<T>(request: HeadRequest<T>): Promise<HeadResponse<T>> {
  const socket = connect({ host: BENCH_HOST, port: request.port });
  try {
    const { head, rest } = await withTimeout(readResponseHead(socket, request), CONNECT_TIMEOUT_MS, request.what);
    return { socket, head, rest };
  } catch (error) {
    socket.destroy();
    throw error;
  }
}

/**
 * Hands a connection from {@link requestHead} to its counting client: every
 * received chunk, the bytes that came with the head first, goes to `receive`;
 * an error or close goes to `handlers.onFailure`.
 *
 * @param response - the paused connection
 * @param receive - feeds one chunk to the client's counter
 * @param handlers - the client's group
 */
export function attachCounter(response: HeadResponse<unknown>, receive: (chunk: Buffer) => void, handlers: CountingClientHandlers<unknown>): void {
  const { socket, rest } = response;
  socket.on('data', receive);
  socket.on('error', (error) => handlers.onFailure(`socket error: ${error.message}`));
  // The bench never closes a connection: the child is killed with all of them.
  socket.on('close', () => handlers.onFailure('closed by the server'));
  if (rest.length > 0) receive(rest);
  socket.resume();
}

/** Sends the request and reads the response head; resolves with the checked head and the bytes after it. */
function readResponseHead<T>(socket: Socket, request: HeadRequest<T>): Promise<{ head: T; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf(HEAD_END);
      if (end < 0) {
        if (received.length > MAX_HEAD_BYTES) fail(new Error('no complete response head'));
        return;
      }
      let head: T;
      try {
        head = request.readHead(received.toString('latin1', 0, end));
      } catch (error) {
        return fail(error as Error);
      }
      cleanup();
      // Paused until the client's own listener is on, so no message falls between the two.
      socket.pause();
      resolve({ head, rest: received.subarray(end + HEAD_END.length) });
    };
    const onError = (error: Error): void => fail(error);
    const onClose = (): void => fail(new Error('closed before the response head'));
    const fail = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    if (request.noDelay) socket.setNoDelay(true);
    socket.write(request.request);
  });
}
