/**
 * The server-sent events wire format (WHATWG HTML §9.2, "Server-sent events"):
 * writing events on the server and parsing a stream on the client. Pure: it runs
 * in Node and in browsers.
 *
 * @module
 */

/** One event as a server writes it. */
export interface SseEvent {
  /** The data; each line becomes a `data:` line, and the client joins them with LF. */
  data: string;
  /** The event type (`event:`); the client's `message` when omitted. */
  event?: string | undefined;
  /** The event id (`id:`), which a reconnecting client sends back as `Last-Event-ID`. */
  id?: string | undefined;
  /** Milliseconds a client waits before reconnecting (`retry:`). */
  retry?: number | undefined;
}

/** One event as a client receives it (the `MessageEvent` fields of an `EventSource`). */
export interface SseMessage {
  /** The event type: `message` unless the server named one. */
  readonly type: string;
  /** The data lines joined with LF. */
  readonly data: string;
  /** The last event id seen on the stream (it persists across events, as in `EventSource`). */
  readonly lastEventId: string;
}

/** Line breaks the format accepts: CRLF, LF or CR (WHATWG HTML §9.2.5). */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Serialises one event, ending with the blank line that dispatches it.
 *
 * @param event - data and optional type, id and retry
 * @returns the text to write to the stream
 * @throws TypeError when `event` or `id` contains a line break, or `id` a NUL (the client would
 *   read them as other fields), or `retry` is not a non-negative integer
 * @example
 * ```ts
 * formatSseEvent({ event: 'tick', id: '7', data: 'line 1\nline 2' });
 * // 'event: tick\nid: 7\ndata: line 1\ndata: line 2\n\n'
 * ```
 */
export function formatSseEvent(event: SseEvent): string {
  let text = '';
  if (event.event !== undefined) text += `event: ${singleLine('event', event.event)}\n`;
  if (event.id !== undefined) {
    if (event.id.includes('\0')) throw new TypeError('An SSE id cannot contain NUL');
    text += `id: ${singleLine('id', event.id)}\n`;
  }
  if (event.retry !== undefined) {
    if (!Number.isInteger(event.retry) || event.retry < 0) throw new TypeError(`retry must be a non-negative integer, got ${event.retry}`);
    text += `retry: ${event.retry}\n`;
  }
  for (const line of event.data.split(LINE_BREAK)) text += `data: ${line}\n`;
  return `${text}\n`;
}

/**
 * Serialises a comment line: clients ignore it, so it keeps idle connections (and the proxies
 * in between) from timing out.
 *
 * @param text - the comment; line breaks start further comment lines
 * @returns the text to write
 * @example
 * ```ts
 * response.write(formatSseComment('heartbeat')); // ': heartbeat\n\n'
 * ```
 */
export function formatSseComment(text = ''): string {
  return `${text
    .split(LINE_BREAK)
    .map((line) => `: ${line}`)
    .join('\n')}\n\n`;
}

/**
 * Tells whether a message is already in the wire format: every line a known field, a comment
 * or empty. The manual lets applications write such raw field lines themselves
 * (`'event: notifications'#10'data: …'`), and they go out unchanged.
 *
 * @param text - the message
 * @returns `true` when it consists of SSE field or comment lines and has at least one field
 */
export function isSseFieldText(text: string): boolean {
  let fields = 0;
  for (const line of text.split(LINE_BREAK)) {
    if (line === '' || line.startsWith(':')) continue;
    if (!/^(data|event|id|retry)(:|$)/.test(line)) return false;
    fields++;
  }
  return fields > 0;
}

function singleLine(field: string, value: string): string {
  if (LINE_BREAK.test(value)) throw new TypeError(`An SSE ${field} cannot contain a line break`);
  return value;
}

/** Receives what an {@link SseParser} reads. */
export interface SseParserHandler {
  /** A complete event (never called for an event without data, as the standard says). */
  onEvent(message: SseMessage): void;
  /** The server set the reconnection time (`retry:` with only digits). */
  onRetry?(milliseconds: number): void;
  /** A comment line. */
  onComment?(text: string): void;
}

/**
 * Parses an event stream chunk by chunk, as `EventSource` does (WHATWG HTML §9.2.6): a
 * leading BOM is skipped, lines end with CRLF, LF or CR (also split across chunks), unknown
 * fields are ignored, and a blank line dispatches the event.
 *
 * @example
 * ```ts
 * const parser = new SseParser({ onEvent: (event) => console.log(event.type, event.data) });
 * response.body.on('data', (chunk) => parser.push(chunk));
 * ```
 */
export class SseParser {
  readonly #handler: SseParserHandler;
  readonly #decoder = new TextDecoder('utf-8');
  #buffer = '';
  #started = false;
  /** The previous chunk ended with CR: a LF starting the next one belongs to it. */
  #afterCr = false;
  #type = '';
  #data: string[] = [];
  #lastEventId = '';
  #pendingId: string | undefined;

  /** @param handler - receives events, retry times and comments */
  constructor(handler: SseParserHandler) {
    this.#handler = handler;
  }

  /** The last event id the stream set: what a reconnect sends as `Last-Event-ID`. */
  get lastEventId(): string {
    return this.#pendingId ?? this.#lastEventId;
  }

  /**
   * Feeds bytes (decoded as UTF-8, streaming) or already decoded text.
   *
   * @param chunk - the next part of the stream
   */
  push(chunk: Uint8Array | string): void {
    let text = typeof chunk === 'string' ? chunk : this.#decoder.decode(chunk, { stream: true });
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.#afterCr && text.startsWith('\n')) text = text.slice(1);
    this.#afterCr = false;
    this.#buffer += text;
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const code = this.#buffer.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      this.#line(this.#buffer.slice(start, i));
      if (code === 13) {
        if (i + 1 === this.#buffer.length) this.#afterCr = true;
        else if (this.#buffer.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.#buffer = this.#buffer.slice(start);
  }

  #line(line: string): void {
    if (line === '') {
      this.#dispatch();
      return;
    }
    if (line.startsWith(':')) {
      this.#handler.onComment?.(line.slice(1).replace(/^ /, ''));
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    switch (field) {
      case 'event':
        this.#type = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.#pendingId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.#handler.onRetry?.(Number(value));
        break;
      default:
        // Unknown fields are ignored (WHATWG HTML §9.2.6).
        break;
    }
  }

  #dispatch(): void {
    // The id is set on the stream even when the event carries no data.
    if (this.#pendingId !== undefined) this.#lastEventId = this.#pendingId;
    this.#pendingId = undefined;
    const data = this.#data;
    const type = this.#type || 'message';
    this.#data = [];
    this.#type = '';
    if (data.length === 0) return;
    this.#handler.onEvent({ type, data: data.join('\n'), lastEventId: this.#lastEventId });
  }
}
