/**
 * The server-sent events transport of `sgcWebSocket`: an `EventSource` brings the server's
 * messages, and each message to the server is a `POST` back to the stream's path with the
 * connection id the stream announced first (`event: sgc@connection`).
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';
import { postBackUrl } from '../connection-url.js';
import type { Link, LinkHandler, OutgoingData } from './link.js';

/** The event @sgc/http-server opens every stream with; its data is the connection id. */
export const SSE_CONNECTION_EVENT = 'sgc@connection';

/**
 * @internal An event stream plus posted messages, reporting to a {@link LinkHandler}.
 */
export class SseLink implements Link {
  readonly #url: string;
  readonly #handler: LinkHandler;
  readonly #source: EventSource;
  #connectionId: string | undefined;
  #everOpened = false;
  #ended = false;
  // Each POST waits for the one before: separate requests could otherwise arrive out of order.
  #posting: Promise<void> = Promise.resolve();

  /**
   * @param url - the stream's `http://` or `https://` URL
   * @param handler - receives what happens
   * @throws `SyntaxError` (a `DOMException`) for a URL the browser refuses
   */
  constructor(url: string, handler: LinkHandler) {
    this.#url = url;
    this.#handler = handler;
    this.#source = new EventSource(url);
    this.#source.addEventListener(SSE_CONNECTION_EVENT, (event) => {
      this.#connectionId = event.data;
      this.#everOpened = true;
      handler.opened();
    });
    this.#source.onmessage = (event) => handler.text(event.data);
    this.#source.onerror = () => this.#lost();
  }

  send(data: OutgoingData): void {
    if (typeof data !== 'string') throw new SgcError(ErrorCode.NotSupported, 'Server-sent events carry text only');
    const id = this.#connectionId;
    if (id === undefined) throw new SgcError(ErrorCode.NotOpen, 'The event stream is not open');
    const url = postBackUrl(this.#url, id);
    this.#posting = this.#posting
      .then(() => fetch(url, { method: 'POST', body: data, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }))
      .then(
        (response) => {
          if (!response.ok) this.#handler.failed(`The server refused a message (HTTP ${response.status})`);
        },
        (error: unknown) => this.#handler.failed(`A message could not be posted: ${String(error)}`),
      );
  }

  close(): void {
    this.#source.close();
    // EventSource has no close event; report it asynchronously, as a WebSocket would.
    setTimeout(() => this.#end(1000, '', true), 0);
  }

  #lost(): void {
    const source = this.#source;
    // A stream that never opened is a failed attempt, so the caller can fall back; retrying
    // it forever (EventSource's way with network errors) would stall that.
    if (source.readyState === EventSource.CLOSED || !this.#everOpened) {
      source.close();
      this.#end(1006, '', false);
      return;
    }
    // The reconnected stream is a new server connection with a new id.
    this.#connectionId = undefined;
    this.#handler.interrupted();
  }

  #end(code: number, reason: string, wasClean: boolean): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#handler.closed(code, reason, wasClean);
  }
}
