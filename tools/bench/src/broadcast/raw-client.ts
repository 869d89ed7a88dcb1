/**
 * The broadcast bench's client: a `net` socket that sends the upgrade request
 * and then only counts the messages it receives ({@link FrameCounter}). The
 * same client serves both servers, so the comparison is server against server.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { BENCH_HOST } from '../impl/types.js';
import type { CountingClientHandlers } from '../fanout/client-group.js';
import { attachCounter, requestHead, type HeadResponse } from '../fanout/counting-socket.js';
import { FrameCounter } from './frame-counter.js';

/** One open WebSocket connection that counts received messages. */
export class RawClient {
  readonly #counter = new FrameCounter();

  private constructor(response: HeadResponse<unknown>, handlers: CountingClientHandlers<RawClient>) {
    const receive = (chunk: Buffer): void => {
      this.#counter.push(chunk);
      handlers.onMessages(this);
    };
    attachCounter(response, receive, handlers);
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
  static async open(port: number, handlers: CountingClientHandlers<RawClient>): Promise<RawClient> {
    const request =
      `GET / HTTP/1.1\r\nHost: ${BENCH_HOST}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
    const response = await requestHead({ port, request, readHead: checkUpgrade, what: 'raw WebSocket connect' });
    return new RawClient(response, handlers);
  }
}

/** Accepts only a 101 response; the frames after it are all the client reads. */
function checkUpgrade(head: string): void {
  const status = head.split('\r\n')[0] ?? '';
  if (!/^HTTP\/1\.1 101 /.test(status)) throw new Error(`upgrade refused: ${status}`);
}
