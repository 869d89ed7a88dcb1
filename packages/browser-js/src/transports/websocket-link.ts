/**
 * The WebSocket transport of `sgcWebSocket`: the browser's own `WebSocket`.
 *
 * @module
 */
import type { Link, LinkHandler, OutgoingData } from './link.js';

/**
 * @internal A `WebSocket` connection reporting to a {@link LinkHandler}.
 */
export class WebSocketLink implements Link {
  readonly #socket: WebSocket;

  /**
   * @param url - a `ws://` or `wss://` URL
   * @param protocol - the sub-protocol to ask for; `''` for none
   * @param handler - receives what happens
   * @throws `SyntaxError` (a `DOMException`) for a URL or protocol the browser refuses
   */
  constructor(url: string, protocol: string, handler: LinkHandler) {
    const socket = protocol === '' ? new WebSocket(url) : new WebSocket(url, protocol);
    // A Blob is what the manual's `stream` event hands out.
    socket.binaryType = 'blob';
    socket.onopen = () => handler.opened();
    socket.onmessage = (event: MessageEvent<string | Blob>) => {
      if (typeof event.data === 'string') handler.text(event.data);
      else handler.binary(event.data);
    };
    // Browsers keep the cause to themselves, so that pages cannot probe networks with it.
    socket.onerror = () => handler.failed(`The WebSocket connection to ${url} failed`);
    socket.onclose = (event) => handler.closed(event.code, event.reason, event.wasClean);
    this.#socket = socket;
  }

  send(data: OutgoingData): void {
    this.#socket.send(data);
  }

  close(code = 1000, reason?: string): void {
    // A browser closes without a status code by default (1005 for both ends); 1000 says "normal".
    this.#socket.close(code, reason);
  }
}
