/**
 * The broadcast bench's client: a `net` socket that sends the upgrade request
 * and then only counts the messages it receives ({@link FrameCounter}). The
 * same client serves both servers, so the comparison is server against server.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { BENCH_HOST } from '../impl/types.js';
import { withTimeout } from '../util/time.js';
import { FrameCounter } from './frame-counter.js';

/** The same bound the other benches' clients put on connecting. */
const CONNECT_TIMEOUT_MS = 5000;

/** A server that has not finished its response within this many bytes is not answering an upgrade. */
const MAX_RESPONSE_BYTES = 8192;

const HEADER_END = '\r\n\r\n';

/** What a client reports to whoever holds it. */
export interface RawClientHandlers {
  /** Called after every chunk that may have completed messages. */
  onMessages(client: RawClient): void;
  /** Called once when the connection fails or closes without being asked to. */
  onFailure(reason: string): void;
}

/** One open WebSocket connection that counts received messages. */
export class RawClient {
  readonly #counter = new FrameCounter();

  private constructor(socket: Socket, rest: Buffer, handlers: RawClientHandlers) {
    socket.on('data', (chunk: Buffer) => {
      this.#counter.push(chunk);
      handlers.onMessages(this);
    });
    socket.on('error', (error) => handlers.onFailure(`socket error: ${error.message}`));
    // The bench never closes a connection: the child is killed with all of them.
    socket.on('close', () => handlers.onFailure('closed by the server'));
    if (rest.length > 0) this.#counter.push(rest);
    socket.resume();
  }

  /** Whole messages received so far. */
  get messages(): number {
    return this.#counter.messages;
  }

  /**
   * Opens a connection and completes the upgrade handshake.
   *
   * @param port - the server's port on {@link BENCH_HOST}
   * @param handlers - progress and failure callbacks
   * @returns the open client
   * @throws Error when the server does not answer with 101 in time
   */
  static async open(port: number, handlers: RawClientHandlers): Promise<RawClient> {
    const socket = connect({ host: BENCH_HOST, port });
    try {
      const rest = await withTimeout(upgrade(socket, port), CONNECT_TIMEOUT_MS, 'raw WebSocket connect');
      return new RawClient(socket, rest, handlers);
    } catch (error) {
      socket.destroy();
      throw error;
    }
  }
}

/** Sends the upgrade request and reads the response; resolves with the bytes after it. */
function upgrade(socket: Socket, port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf(HEADER_END);
      if (end < 0) {
        if (received.length > MAX_RESPONSE_BYTES) fail(new Error('no complete upgrade response'));
        return;
      }
      const status = received.subarray(0, received.indexOf('\r\n')).toString('latin1');
      if (!/^HTTP\/1\.1 101 /.test(status)) return fail(new Error(`upgrade refused: ${status}`));
      cleanup();
      // Paused until the client's own listener is on, so no frame falls between the two.
      socket.pause();
      resolve(received.subarray(end + HEADER_END.length));
    };
    const onError = (error: Error): void => fail(error);
    const onClose = (): void => fail(new Error('closed during the handshake'));
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
    socket.write(
      `GET / HTTP/1.1\r\nHost: ${BENCH_HOST}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}
