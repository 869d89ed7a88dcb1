/**
 * What `sgcWebSocket` needs from a transport: one connection attempt over WebSocket or
 * server-sent events, reporting through a {@link LinkHandler}.
 *
 * @module
 */

/** A transport `sgcWebSocket` can use, by the manual's names. */
export type TransportName = 'websocket' | 'sse';

/** What `send` accepts: text, or (WebSocket only) binary data. */
export type OutgoingData = string | Blob | ArrayBuffer | ArrayBufferView<ArrayBuffer>;

/** @internal Receives what happens on a link. */
export interface LinkHandler {
  /** The link is open; an SSE link calls it again after each reconnection. */
  opened(): void;
  /** A text message arrived. */
  text(message: string): void;
  /** A binary message arrived. */
  binary(data: Blob): void;
  /** Something failed without ending the link. */
  failed(message: string): void;
  /** The event stream dropped; the browser reconnects by itself. */
  interrupted(): void;
  /** The link is over (it may never have opened). */
  closed(code: number, reason: string, wasClean: boolean): void;
}

/** @internal One connection attempt. */
export interface Link {
  /**
   * Sends a message; only called while open.
   *
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_SUPPORTED` for binary data over SSE
   */
  send(data: OutgoingData): void;
  /** Starts closing; `closed` follows. */
  close(code?: number, reason?: string): void;
}
