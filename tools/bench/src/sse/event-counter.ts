/**
 * A minimal event-stream reader that only counts (WHATWG HTML §9.2.6, reduced
 * to what the bench needs): events with data of the default type are the
 * burst's messages; named events, `retry:` lines and comments are counted
 * apart, so the events a server sends when a stream opens (sgc's `retry:` and
 * `sgc@connection`) never count as burst messages. Data is never decoded.
 * Lines end with LF or CRLF; both servers write LF.
 *
 * @module
 */

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;

/** What a stream received besides the default-type events. */
export interface StreamOpenings {
  /** Events with data of the default type (`message`): the burst messages. */
  readonly messages: number;
  /** Events with data and an `event:` type, by type. */
  readonly named: Readonly<Record<string, number>>;
  /** `retry:` lines. */
  readonly retries: number;
  /** Comment lines (`: …`, e.g. a heartbeat). */
  readonly comments: number;
}

/** Counts the events of one stream. */
export class SseEventCounter {
  /** Events with data of the default type. */
  messages = 0;
  retries = 0;
  comments = 0;
  readonly #named: Record<string, number> = {};
  /** The unfinished last line of the previous chunk. */
  #partial: Buffer | undefined;
  #type = '';
  #hasData = false;

  /** The counts so far. */
  get openings(): StreamOpenings {
    return { messages: this.messages, named: { ...this.#named }, retries: this.retries, comments: this.comments };
  }

  /**
   * Feeds the next bytes of the stream.
   *
   * @param chunk - decoded body bytes
   */
  push(chunk: Buffer): void {
    const bytes = this.#partial ? Buffer.concat([this.#partial, chunk]) : chunk;
    this.#partial = undefined;
    let start = 0;
    for (let lf = bytes.indexOf(LF, start); lf >= 0; lf = bytes.indexOf(LF, start)) {
      this.#line(bytes, start, lf > start && bytes[lf - 1] === CR ? lf - 1 : lf);
      start = lf + 1;
    }
    // Copied: the caller's buffer may be reused.
    if (start < bytes.length) this.#partial = Buffer.from(bytes.subarray(start));
  }

  #line(bytes: Buffer, start: number, end: number): void {
    if (start === end) {
      this.#dispatch();
      return;
    }
    if (bytes[start] === COLON) {
      this.comments++;
      return;
    }
    let colon = bytes.indexOf(COLON, start);
    if (colon < 0 || colon > end) colon = end;
    const field = bytes.toString('latin1', start, colon);
    if (field === 'data') this.#hasData = true;
    else if (field === 'retry') this.retries++;
    else if (field === 'event') {
      // One space after the colon is part of the syntax, not of the value.
      const valueStart = colon + 1 < end && bytes[colon + 1] === 0x20 ? colon + 2 : colon + 1;
      this.#type = bytes.toString('utf8', Math.min(valueStart, end), end);
    }
  }

  #dispatch(): void {
    if (this.#hasData) {
      if (this.#type === '' || this.#type === 'message') this.messages++;
      else this.#named[this.#type] = (this.#named[this.#type] ?? 0) + 1;
    }
    this.#type = '';
    this.#hasData = false;
  }
}

/**
 * Adds up the counts of several streams.
 *
 * @param all - each stream's counts
 * @returns the sums (named events by type)
 */
export function sumOpenings(all: readonly StreamOpenings[]): StreamOpenings {
  const named: Record<string, number> = {};
  let messages = 0;
  let retries = 0;
  let comments = 0;
  for (const one of all) {
    messages += one.messages;
    retries += one.retries;
    comments += one.comments;
    for (const [type, n] of Object.entries(one.named)) named[type] = (named[type] ?? 0) + n;
  }
  return { messages, named, retries, comments };
}
