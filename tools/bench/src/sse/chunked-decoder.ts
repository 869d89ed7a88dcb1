/**
 * Undoes HTTP/1.1 chunked transfer coding (RFC 9112 §7.1) chunk by chunk, as
 * the bytes arrive: an event stream has no length, so both servers send it
 * chunked. Chunk extensions are skipped; the stream ends at the zero-size
 * chunk (trailers are not read: an event stream that ends is a failure here).
 *
 * @module
 */

/** A size line longer than this is not a size line. */
const MAX_SIZE_LINE = 64;

const CR = 0x0d;
const LF = 0x0a;

/** Where in the coding the decoder is. */
type State = 'size' | 'data' | 'data-end' | 'done';

/** Decodes one response body. */
export class ChunkedDecoder {
  #state: State = 'size';
  #sizeLine = '';
  #remaining = 0;

  /** Whether the last chunk (size 0) has arrived. */
  get done(): boolean {
    return this.#state === 'done';
  }

  /**
   * Feeds received bytes.
   *
   * @param chunk - the next bytes of the body as sent
   * @param onData - receives the decoded bytes, in order, possibly in several pieces
   * @throws Error on a malformed size line or a missing CRLF after a chunk's data
   */
  push(chunk: Buffer, onData: (bytes: Buffer) => void): void {
    let at = 0;
    while (at < chunk.length) {
      switch (this.#state) {
        case 'size': {
          const lf = chunk.indexOf(LF, at);
          const end = lf < 0 ? chunk.length : lf;
          this.#sizeLine += chunk.toString('latin1', at, end);
          if (this.#sizeLine.length > MAX_SIZE_LINE) throw new Error('chunk size line too long');
          at = end;
          if (lf < 0) break;
          at++;
          this.#startChunk();
          break;
        }
        case 'data': {
          const take = Math.min(this.#remaining, chunk.length - at);
          onData(chunk.subarray(at, at + take));
          at += take;
          this.#remaining -= take;
          if (this.#remaining === 0) this.#state = 'data-end';
          break;
        }
        case 'data-end': {
          // CRLF after the data; a lone LF is tolerated, as for the size line.
          const byte = chunk[at++]!;
          if (byte === LF) this.#state = 'size';
          else if (byte !== CR) throw new Error('missing CRLF after chunk data');
          break;
        }
        case 'done':
          // Trailers and anything after: not part of the body.
          return;
      }
    }
  }

  #startChunk(): void {
    const text = this.#sizeLine.replace(/\r$/, '').split(';')[0]!.trim();
    this.#sizeLine = '';
    if (!/^[0-9a-fA-F]+$/.test(text)) throw new Error(`bad chunk size ${JSON.stringify(text)}`);
    const size = parseInt(text, 16);
    if (size === 0) {
      this.#state = 'done';
      return;
    }
    this.#remaining = size;
    this.#state = 'data';
  }
}
