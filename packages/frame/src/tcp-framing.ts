/**
 * End-of-message detection for plain TCP connections (the manual's
 * `TCPEndOfFrameScanBuffer` and `AddTCPEndOfFrame`): TCP is a byte stream, so a
 * message may arrive in several packets, or several messages in one.
 *
 * @module
 */
import { ErrorCode, SgcError } from './errors.js';

/**
 * How incoming TCP data is cut into messages, after the manual's `TCPEndOfFrameScanBuffer`:
 *
 * - `'none'` (`eofScanNone`): every packet is a message, as it comes.
 * - `'latest'` (`eofScanLatestBytes`): bytes are buffered until the buffered data
 *   ends with the delimiter, then all of it is one message (it may hold several
 *   delimiters when the peer sent several messages back to back in one packet).
 * - `'all'` (`eofScanAllBytes`): every occurrence of the delimiter, anywhere, ends a message.
 */
export type EndOfFrameScanMode = 'none' | 'latest' | 'all';

/** Receives the messages an {@link EndOfFrameScanner} cuts out. */
export interface EndOfFrameScannerHandler {
  /** One message; it may share memory with the chunk that was pushed. */
  onMessage(data: Buffer): void;
}

/** Options of an {@link EndOfFrameScanner}. */
export interface EndOfFrameScannerOptions {
  /** The scan mode. @defaultValue 'none' (the manual's default, `eofScanNone`) */
  mode?: EndOfFrameScanMode | undefined;
  /** The delimiter bytes, in order (the manual adds them one by one with `AddTCPEndOfFrame`). @defaultValue none */
  delimiter?: Uint8Array | readonly number[] | undefined;
  /** Most bytes kept while waiting for a delimiter. @defaultValue 16 MiB */
  maxBuffer?: number | undefined;
}

/** The default of {@link EndOfFrameScannerOptions.maxBuffer}: 16 MiB. */
export const DEFAULT_MAX_SCAN_BUFFER = 16 * 1024 * 1024;

const EMPTY: Buffer = Buffer.alloc(0);

function checkMode(mode: string): EndOfFrameScanMode {
  if (mode !== 'none' && mode !== 'latest' && mode !== 'all') {
    throw new SgcError(ErrorCode.InvalidArgument, `The scan mode must be none, latest or all, got ${mode}`);
  }
  return mode;
}

function checkByte(byte: number): number {
  if (!Number.isInteger(byte) || byte < 0 || byte > 255) {
    throw new SgcError(ErrorCode.InvalidArgument, `A delimiter byte must be an integer from 0 to 255, got ${byte}`);
  }
  return byte;
}

/**
 * Cuts a TCP byte stream into messages at a delimiter. The delimiter stays at the
 * end of each message: sgc delivers the raw packet, and the manual never says it
 * strips anything (a STOMP frame keeps its closing `\0\n`). Bytes after the last
 * delimiter wait for the next chunk; a delimiter split across chunks is found.
 *
 * With no delimiter set, `'latest'` and `'all'` behave like `'none'`: there is nothing to wait for.
 *
 * @example
 * ```ts
 * // The manual's STOMP example: eofScanAllBytes with bytes 0 and 10.
 * const scanner = new EndOfFrameScanner({ onMessage: (frame) => handle(frame) }, { mode: 'all' });
 * scanner.addDelimiterByte(0);
 * scanner.addDelimiterByte(10);
 * socket.on('data', (chunk) => scanner.push(chunk));
 * ```
 */
export class EndOfFrameScanner {
  readonly #handler: EndOfFrameScannerHandler;
  readonly #maxBuffer: number;
  #mode: EndOfFrameScanMode;
  #delimiter: Buffer;
  /** Bytes waiting for a delimiter, oldest first; never concatenated until a message is complete. */
  #chunks: Buffer[] = [];
  #buffered = 0;
  /** The last `delimiter.length` buffered bytes (fewer when less is buffered), to find split delimiters. */
  #tail: Buffer = EMPTY;

  /**
   * @param handler - receives the messages
   * @param options - mode, delimiter and buffer limit
   * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for an unknown mode, a delimiter
   * value outside 0-255 or a `maxBuffer` that is not a positive number
   */
  constructor(handler: EndOfFrameScannerHandler, options: EndOfFrameScannerOptions = {}) {
    const { mode = 'none', delimiter = [], maxBuffer = DEFAULT_MAX_SCAN_BUFFER } = options;
    if (!(typeof maxBuffer === 'number' && maxBuffer > 0)) {
      throw new SgcError(ErrorCode.InvalidArgument, `maxBuffer must be a positive number, got ${String(maxBuffer)}`);
    }
    this.#handler = handler;
    this.#maxBuffer = maxBuffer;
    this.#mode = checkMode(mode);
    this.#delimiter = Buffer.from(Array.from(delimiter, checkByte));
  }

  /** The scan mode; it may change between pushes (the manual sets it in `OnConnect`). */
  get mode(): EndOfFrameScanMode {
    return this.#mode;
  }

  set mode(mode: EndOfFrameScanMode) {
    this.#mode = checkMode(mode);
  }

  /** A copy of the delimiter bytes. */
  get delimiter(): Uint8Array {
    return Uint8Array.from(this.#delimiter);
  }

  /**
   * Replaces the delimiter.
   *
   * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for a value outside 0-255
   */
  set delimiter(bytes: Uint8Array | readonly number[]) {
    this.#delimiter = Buffer.from(Array.from(bytes, checkByte));
    // The tail must now be as long as the new delimiter: rebuild it from the buffered chunks.
    let tail = EMPTY;
    for (let i = this.#chunks.length - 1; i >= 0 && tail.length < this.#delimiter.length; i--) {
      const chunk = this.#chunks[i]!;
      tail = this.#tailOf(EMPTY, Buffer.concat([chunk.subarray(Math.max(0, chunk.length - this.#delimiter.length)), tail]));
    }
    this.#tail = tail;
  }

  /** Bytes waiting for a delimiter. */
  get bufferedBytes(): number {
    return this.#buffered;
  }

  /**
   * Appends one byte to the delimiter (the manual's `AddTCPEndOfFrame`).
   *
   * @param byte - 0 to 255
   * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for anything else
   * @example
   * ```ts
   * scanner.addDelimiterByte(0x0a);
   * ```
   */
  addDelimiterByte(byte: number): void {
    this.delimiter = [...this.#delimiter, checkByte(byte)];
  }

  /**
   * Feeds received bytes; complete messages go to the handler before this returns.
   *
   * @param chunk - the next bytes of the stream; kept (not copied) while buffered
   * @throws {@link SgcError} `SGC_ERR_PAYLOAD_TOO_LARGE` when more than `maxBuffer` bytes would
   * wait for a delimiter; the buffered bytes are dropped
   */
  push(chunk: Uint8Array): void {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const delimiter = this.#delimiter;
    if (this.#mode === 'none' || delimiter.length === 0) {
      if (bytes.length === 0 && this.#buffered === 0) return;
      this.#handler.onMessage(this.#buffered === 0 ? bytes : this.#take(bytes));
    } else if (this.#mode === 'latest') {
      this.#pushLatest(bytes, delimiter);
    } else {
      this.#pushAll(bytes, delimiter);
    }
  }

  /**
   * Empties the buffer, for example when the connection ends mid-message.
   *
   * @returns the bytes that were waiting for a delimiter, or `undefined` when none were
   */
  flush(): Buffer | undefined {
    if (this.#buffered === 0) return undefined;
    return this.#take(EMPTY);
  }

  #pushLatest(bytes: Buffer, delimiter: Buffer): void {
    if (bytes.length === 0) return;
    const tail = this.#tailOf(this.#tail, bytes);
    if (tail.length === delimiter.length && tail.equals(delimiter)) {
      this.#handler.onMessage(this.#buffered === 0 ? bytes : this.#take(bytes));
      return;
    }
    this.#keep(bytes, tail);
  }

  #pushAll(bytes: Buffer, delimiter: Buffer): void {
    let start = 0;
    if (this.#buffered > 0 && delimiter.length > 1) {
      // A delimiter that began in the buffered bytes and ends in this chunk.
      const head = bytes.subarray(0, delimiter.length - 1);
      const probe = Buffer.concat([this.#tail, head]);
      const at = probe.indexOf(delimiter);
      if (at !== -1 && at < this.#tail.length) {
        start = at + delimiter.length - this.#tail.length;
        this.#handler.onMessage(this.#take(bytes.subarray(0, start)));
      }
    }
    for (;;) {
      const at = bytes.indexOf(delimiter, start);
      if (at === -1) break;
      const end = at + delimiter.length;
      const piece = bytes.subarray(start, end);
      this.#handler.onMessage(this.#buffered === 0 ? piece : this.#take(piece));
      start = end;
    }
    if (start < bytes.length) {
      const rest = bytes.subarray(start);
      this.#keep(rest, this.#tailOf(this.#tail, rest));
    }
  }

  /** Buffers bytes that did not complete a message, within `maxBuffer`. */
  #keep(bytes: Buffer, tail: Buffer): void {
    if (this.#buffered + bytes.length > this.#maxBuffer) {
      const total = this.#buffered + bytes.length;
      this.#chunks = [];
      this.#buffered = 0;
      this.#tail = EMPTY;
      throw new SgcError(
        ErrorCode.PayloadTooLarge,
        `${total} bytes arrived without the end-of-message delimiter (maxBuffer is ${this.#maxBuffer})`,
      );
    }
    this.#chunks.push(bytes);
    this.#buffered += bytes.length;
    this.#tail = tail;
  }

  /** The buffered bytes followed by `last`, as one buffer; empties the buffer. */
  #take(last: Buffer): Buffer {
    const chunks = this.#chunks;
    if (last.length > 0) chunks.push(last);
    const message = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#buffered + last.length);
    this.#chunks = [];
    this.#buffered = 0;
    this.#tail = EMPTY;
    return message;
  }

  /** The last `delimiter.length` bytes of `previous` followed by `bytes`. */
  #tailOf(previous: Buffer, bytes: Buffer): Buffer {
    const size = this.#delimiter.length;
    if (bytes.length >= size) return bytes.subarray(bytes.length - size);
    const joined = previous.length === 0 ? bytes : Buffer.concat([previous, bytes]);
    // Copy: a view would keep a whole (possibly large) chunk alive for a few bytes.
    return Buffer.from(joined.subarray(Math.max(0, joined.length - size)));
  }
}
