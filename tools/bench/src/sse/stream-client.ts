/**
 * The SSE bench's client: a `net` socket that sends the request an
 * `EventSource` sends (GET with `Accept: text/event-stream`), checks the
 * response head, and then only counts events ({@link SseEventCounter}),
 * undoing the chunked coding first ({@link ChunkedDecoder}). The same client
 * serves both servers, so the comparison is server against server.
 *
 * @module
 */
import { BENCH_HOST } from '../impl/types.js';
import type { CountingClientHandlers } from '../fanout/client-group.js';
import { attachCounter, requestHead, type HeadResponse } from '../fanout/counting-socket.js';
import { ChunkedDecoder } from './chunked-decoder.js';
import { SseEventCounter, type StreamOpenings } from './event-counter.js';
import { SSE_PATH } from './sse-servers.js';

/**
 * Checks a response head for an event stream.
 *
 * @param head - the status line and header lines, without the blank line
 * @returns whether the body is chunked
 * @throws Error when the status is not 200 or the type is not `text/event-stream`
 */
export function readStreamHead(head: string): { chunked: boolean } {
  const [status = '', ...lines] = head.split('\r\n');
  if (!/^HTTP\/1\.1 200 /.test(status)) throw new Error(`stream refused: ${status}`);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim().toLowerCase());
  }
  const type = headers.get('content-type') ?? '';
  if (!type.startsWith('text/event-stream')) throw new Error(`not an event stream: content-type ${type || 'missing'}`);
  return { chunked: /(^|,)\s*chunked\s*$/.test(headers.get('transfer-encoding') ?? '') };
}

/** One open event stream that counts the events it receives. */
export class SseStreamClient {
  readonly #counter = new SseEventCounter();

  private constructor(response: HeadResponse<{ chunked: boolean }>, handlers: CountingClientHandlers<SseStreamClient>) {
    const decoder = response.head.chunked ? new ChunkedDecoder() : undefined;
    const feed = (bytes: Buffer): void => this.#counter.push(bytes);
    const receive = (chunk: Buffer): void => {
      try {
        if (decoder) {
          decoder.push(chunk, feed);
          if (decoder.done) throw new Error('the server ended the stream');
        } else {
          feed(chunk);
        }
      } catch (error) {
        handlers.onFailure((error as Error).message);
        response.socket.destroy();
        return;
      }
      handlers.onMessages(this);
    };
    attachCounter(response, receive, handlers);
  }

  /** Default-type events with data received so far. */
  get messages(): number {
    return this.#counter.messages;
  }

  /** Everything counted so far, the opening events included. */
  get openings(): StreamOpenings {
    return this.#counter.openings;
  }

  /**
   * Opens a stream on {@link SSE_PATH} and reads the response head.
   *
   * @param port - the server's port on {@link BENCH_HOST}
   * @param handlers - progress and failure callbacks
   * @returns the open client
   * @throws Error when the server does not answer with an event stream in time
   */
  static async open(port: number, handlers: CountingClientHandlers<SseStreamClient>): Promise<SseStreamClient> {
    const response = await requestHead({
      port,
      request: `GET ${SSE_PATH} HTTP/1.1\r\nHost: ${BENCH_HOST}:${port}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n`,
      readHead: readStreamHead,
      what: 'opening an event stream',
      noDelay: true,
    });
    return new SseStreamClient(response, handlers);
  }
}
