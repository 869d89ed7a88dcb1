/**
 * One server-sent events stream as a server connection's engine: what the server
 * sends becomes events, closing ends the response.
 *
 * @module
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { CloseCode, ReadyState, formatSseComment, formatSseEvent, isSseFieldText, type SseEvent } from '@sgc/frame/node';
import type { RawSession, RawSessionHandler } from '@sgc/server';

/**
 * The engine of an SSE connection (transport `sse`).
 *
 * @example
 * ```ts
 * const conn = server.adopt(info, request.rawHeaders, (handler) => new SseSession(response, handler, 1 << 20));
 * ```
 */
export class SseSession implements RawSession {
  readonly socket: Socket;
  readonly #response: ServerResponse;
  readonly #handler: RawSessionHandler;
  readonly #highWaterMark: number;
  #state: ReadyState = ReadyState.Open;
  #aboveHighWater = false;
  #endedByUs = false;

  /**
   * @param response - the response, its head already written
   * @param handler - receives drain and close
   * @param highWaterMark - `send()` returns `false` with this many bytes unsent
   */
  constructor(response: ServerResponse, handler: RawSessionHandler, highWaterMark: number) {
    this.#response = response;
    this.#handler = handler;
    this.#highWaterMark = highWaterMark;
    this.socket = response.socket as Socket;
    response.on('drain', () => {
      if (!this.#aboveHighWater || this.needsDrain) return;
      this.#aboveHighWater = false;
      this.#handler.onDrain();
    });
    response.once('close', () => {
      this.#state = ReadyState.Closed;
      // The browser closing its EventSource is how SSE ends: going away, not an error.
      this.#handler.onClose(this.#endedByUs ? CloseCode.Normal : CloseCode.GoingAway, '', true);
    });
  }

  get readyState(): ReadyState {
    return this.#state;
  }

  get bufferedAmount(): number {
    return this.#response.writableLength + (this.socket?.writableLength ?? 0);
  }

  get needsDrain(): boolean {
    return this.bufferedAmount >= this.#highWaterMark;
  }

  /**
   * Sends a message as one event. Text made only of SSE field lines (`event: …\ndata: …`, the
   * manual's raw form) goes out as it is; any other text becomes `data:` lines. Bytes are sent as
   * their UTF-8 text: SSE carries text only.
   *
   * @param data - the message
   * @returns `false` at the high-water mark
   */
  send(data: string | Uint8Array): boolean {
    return this.write(streamText(typeof data === 'string' ? data : Buffer.from(data).toString('utf8')));
  }

  /**
   * Sends one event with its type, id or retry.
   *
   * @param event - the event
   * @returns `false` at the high-water mark
   * @throws TypeError for fields that cannot be written (see `formatSseEvent`)
   */
  sendEvent(event: SseEvent): boolean {
    return this.write(formatSseEvent(event));
  }

  /**
   * A message the browser posted back (SSE itself only flows to the browser).
   *
   * @param text - the message
   */
  receive(text: string): void {
    if (this.#state === ReadyState.Open) this.#handler.onText(text);
  }

  /** Writes a comment line (the heartbeat). */
  comment(text: string): void {
    if (this.#state === ReadyState.Open) this.#response.write(formatSseComment(text));
  }

  /** @internal Writes already formatted stream text. */
  write(text: string): boolean {
    if (this.#state !== ReadyState.Open) return false;
    this.#response.write(text);
    if (!this.needsDrain) return true;
    this.#aboveHighWater = true;
    return false;
  }

  close(): Promise<void> {
    if (this.#state === ReadyState.Closed) return Promise.resolve();
    this.#state = ReadyState.Closing;
    this.#endedByUs = true;
    const closed = new Promise<void>((resolve) => this.#response.once('close', () => resolve()));
    this.#response.end();
    return closed;
  }

  terminate(): void {
    if (this.#state === ReadyState.Closed) return;
    this.#state = ReadyState.Closing;
    this.#endedByUs = true;
    this.#response.destroy();
  }
}

/**
 * The last message formatted and its stream text: a broadcast hands the same string to every
 * stream, so it is formatted once instead of once per connection.
 */
let lastMessage: string | undefined;
let lastStreamText = '';

/** A message as stream text: field text as it is (with the blank line that ends it), other text as `data:` lines. */
function streamText(message: string): string {
  if (message !== lastMessage) {
    lastStreamText = isSseFieldText(message) ? `${message.replace(/(\r\n|\r|\n)*$/, '')}\n\n` : formatSseEvent({ data: message });
    lastMessage = message;
  }
  return lastStreamText;
}
