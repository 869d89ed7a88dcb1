/**
 * The incremental frame parser (RFC 6455 §5). Input may be split at any byte;
 * payloads are unmasked in place and delivered to a handler object.
 *
 * @module
 */
import { isValidCloseCode } from './close-codes.js';
import type { DeflateCodec } from './deflate-codec.js';
import { ErrorCode, SgcError } from './errors.js';
import { applyMask } from './mask.js';
import { Opcode } from './opcodes.js';
import { Utf8Validator } from './utf8.js';

/**
 * How fragmented messages are delivered (the manual's `FragmentedMessages`):
 * - `buffer` (frgOnlyBuffer): only the whole message, as `onText`/`onBinary`;
 * - `fragments` (frgOnlyFragmented): only each fragment, as `onFragment`;
 * - `all` (frgAll): each fragment, then the whole message.
 */
export type FragmentMode = 'buffer' | 'fragments' | 'all';

/** Settings of a {@link FrameParser}. */
export interface FrameParserOptions {
  /** `server` requires masked frames, `client` forbids them (RFC 6455 §5.1). */
  role: 'server' | 'client';
  /** Largest message, after inflation, in bytes (close 1009 beyond). */
  maxPayload: number;
  /** Most frames one message may be split into (close 1008 beyond). */
  maxFragments: number;
  /** Validate text as UTF-8 while it arrives (close 1007 on the first bad byte). */
  validateUtf8: boolean;
  /** How fragments are delivered. */
  fragmentMode: FragmentMode;
  /** The negotiated compression, if any; it alone makes RSV1 legal. */
  codec?: DeflateCodec | undefined;
}

/** What {@link FrameParserHandler.onFragment} says about a fragment. */
export interface FragmentInfo {
  /** `Opcode.Text` or `Opcode.Binary`: the type of the whole message. */
  readonly opcode: 1 | 2;
  /** `true` while more fragments follow; `false` on the last one (the manual's `Continuation`). */
  readonly continuation: boolean;
  /** Payload bytes of the message received so far, this fragment included. */
  readonly received: number;
}

/** Receives what the parser decodes. Calls happen after the parser's state is consistent. */
export interface FrameParserHandler {
  /** A complete text message. */
  onText(text: string): void;
  /** A complete binary message. */
  onBinary(data: Buffer): void;
  /** One fragment, in `fragments` and `all` modes. */
  onFragment(data: Buffer, info: FragmentInfo): void;
  /** A ping; the session answers it. */
  onPing(data: Buffer): void;
  /** A pong. */
  onPong(data: Buffer): void;
  /** A valid close frame; 1005 when it had no code. The parser stops reading. */
  onClose(code: number, reason: string): void;
  /** A protocol violation; `error.closeCode` is the code to fail with. The parser stops reading. */
  onError(error: SgcError): void;
}

const HEADER = 0;
const LENGTH16 = 1;
const LENGTH64 = 2;
const MASK = 3;
const PAYLOAD = 4;
const INFLATING = 5;
const DONE = 6;

const EMPTY = Buffer.alloc(0);

/** Partial payloads smaller than this wait for more input, unless text must be validated early. */
const PARTIAL_MIN = 16 * 1024;
/** Pieces of one frame are merged once there are this many, so trickled input stays linear. */
const MAX_PIECES = 1024;

/**
 * Decodes frames from a byte stream.
 *
 * @example
 * ```ts
 * const parser = new FrameParser(handler, { role: 'client', maxPayload: 1 << 20, maxFragments: 1024,
 *   validateUtf8: true, fragmentMode: 'buffer' });
 * socket.on('data', (chunk) => parser.push(chunk));
 * ```
 */
export class FrameParser {
  readonly #handler: FrameParserHandler;
  readonly #options: FrameParserOptions;
  #chunks: Buffer[] = [];
  #offset = 0;
  #buffered = 0;
  #state = HEADER;

  // The frame being read.
  #fin = false;
  #rsv1 = false;
  #opcode = 0;
  #masked = false;
  #mask: Uint8Array | undefined;
  #payloadLength = 0;
  #received = 0;
  // Payload pieces of the frame and of the message. The usual single piece needs no array,
  // so neither idle connections nor small messages allocate one.
  #framePiece: Buffer | undefined;
  #framePieces: Buffer[] | undefined;

  // The message being assembled.
  #messageOpcode = 0;
  #messageCompressed = false;
  #messageLength = 0;
  #messageReceived = 0;
  #fragments = 0;
  #messagePiece: Buffer | undefined;
  #messagePieces: Buffer[] | undefined;
  #utf8: Utf8Validator | undefined;

  /**
   * @param handler - receives messages, control frames and errors
   * @param options - role, limits, UTF-8 and fragment settings, compression
   */
  constructor(handler: FrameParserHandler, options: FrameParserOptions) {
    this.#handler = handler;
    this.#options = options;
  }

  /** Bytes received but not yet parsed. */
  get bufferedAmount(): number {
    return this.#buffered;
  }

  /** `true` once a close frame or a protocol error ended parsing. */
  get done(): boolean {
    return this.#state === DONE;
  }

  /**
   * Feeds bytes from the socket.
   *
   * @param chunk - the next bytes, split anywhere
   */
  push(chunk: Buffer): void {
    if (this.#state === DONE) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    if (this.#state !== INFLATING) this.#run();
  }

  /** Stops parsing and drops buffered input (the connection is going away). */
  stop(): void {
    this.#state = DONE;
    this.#chunks = [];
    this.#buffered = 0;
    this.#framePiece = this.#framePieces = undefined;
    this.#messagePiece = this.#messagePieces = undefined;
  }

  #run(): void {
    for (;;) {
      switch (this.#state) {
        case HEADER:
          if (this.#buffered < 2) return;
          this.#readHeader();
          break;
        case LENGTH16: {
          if (this.#buffered < 2) return;
          const first = this.#chunks[0]!;
          const at = this.#offset;
          if (first.length - at >= 2) {
            this.#payloadLength = (first[at]! << 8) | first[at + 1]!;
            this.#advance(first, 2);
          } else {
            this.#payloadLength = this.#consume(2).readUInt16BE(0);
          }
          this.#afterLength();
          break;
        }
        case LENGTH64: {
          if (this.#buffered < 8) return;
          const bytes = this.#consume(8);
          const high = bytes.readUInt32BE(0);
          if (high & 0x80000000) {
            this.#fail(ErrorCode.InvalidLength, 'The most significant bit of a 64-bit length must be 0', 1002);
            return;
          }
          if (high > 0x1fffff) {
            this.#fail(ErrorCode.PayloadTooLarge, 'Payload length exceeds 2^53 - 1', 1009);
            return;
          }
          this.#payloadLength = high * 0x100000000 + bytes.readUInt32BE(4);
          this.#afterLength();
          break;
        }
        case MASK: {
          if (this.#buffered < 4) return;
          const mask = (this.#mask ??= new Uint8Array(4));
          const first = this.#chunks[0]!;
          const at = this.#offset;
          if (first.length - at >= 4) {
            // Copy the key straight out of the chunk: no view object per frame.
            mask[0] = first[at]!;
            mask[1] = first[at + 1]!;
            mask[2] = first[at + 2]!;
            mask[3] = first[at + 3]!;
            this.#advance(first, 4);
          } else {
            mask.set(this.#consume(4));
          }
          this.#state = PAYLOAD;
          break;
        }
        case PAYLOAD:
          if (!this.#readPayload()) return;
          break;
        default:
          return;
      }
    }
  }

  /** Skips `n` bytes the caller read directly from `first`, the first chunk. */
  #advance(first: Buffer, n: number): void {
    this.#buffered -= n;
    this.#offset += n;
    if (this.#offset === first.length) {
      this.#chunks.shift();
      this.#offset = 0;
    }
  }

  /** Returns the next `n` buffered bytes, without copying when they lie in one chunk. */
  #consume(n: number): Buffer {
    // An empty frame (`88 00`, `89 00`) at the very end of the input asks for 0 bytes while
    // `#chunks` is empty.
    if (n === 0) return EMPTY;
    this.#buffered -= n;
    const first = this.#chunks[0]!;
    const available = first.length - this.#offset;
    if (n <= available) {
      const start = this.#offset;
      if (n === available) {
        this.#chunks.shift();
        this.#offset = 0;
      } else {
        this.#offset += n;
      }
      return start === 0 && n === first.length ? first : first.subarray(start, start + n);
    }
    const out = Buffer.allocUnsafe(n);
    let written = 0;
    while (written < n) {
      const chunk = this.#chunks[0]!;
      const take = Math.min(chunk.length - this.#offset, n - written);
      out.set(chunk.subarray(this.#offset, this.#offset + take), written);
      written += take;
      if (this.#offset + take === chunk.length) {
        this.#chunks.shift();
        this.#offset = 0;
      } else {
        this.#offset += take;
      }
    }
    return out;
  }

  #readHeader(): void {
    const first = this.#chunks[0]!;
    let b0: number;
    let b1: number;
    if (first.length - this.#offset >= 2) {
      b0 = first[this.#offset]!;
      b1 = first[this.#offset + 1]!;
      this.#advance(first, 2);
    } else {
      const bytes = this.#consume(2);
      b0 = bytes[0]!;
      b1 = bytes[1]!;
    }
    const fin = (b0 & 0x80) !== 0;
    const rsv1 = (b0 & 0x40) !== 0;
    const opcode = b0 & 0x0f;
    const length = b1 & 0x7f;
    const codec = this.#options.codec;

    // 1. RSV2 and RSV3 belong to no extension we support; RSV1 only with compression (§5.2).
    if ((b0 & 0x30) !== 0 || (rsv1 && codec === undefined)) {
      this.#fail(ErrorCode.UnexpectedRsv, 'RSV bits set without a negotiated extension', 1002);
      return;
    }
    if (opcode >= 0x8) {
      // 2. Control frames: known opcode, not fragmented, at most 125 bytes, never compressed (§5.5).
      if (opcode > Opcode.Pong) {
        this.#fail(ErrorCode.InvalidOpcode, `Reserved control opcode ${opcode}`, 1002);
        return;
      }
      if (!fin) {
        this.#fail(ErrorCode.FragmentedControlFrame, 'Control frames must not be fragmented', 1002);
        return;
      }
      if (length > 125) {
        this.#fail(ErrorCode.ControlFrameTooLong, 'Control frame payload exceeds 125 bytes', 1002);
        return;
      }
      if (rsv1) {
        this.#fail(ErrorCode.UnexpectedRsv, 'RSV1 set on a control frame', 1002);
        return;
      }
    } else if (opcode === Opcode.Continuation) {
      // 3. A continuation needs a message in progress (§5.4); permessage-deflate sets RSV1 on the first frame only.
      if (this.#messageOpcode === 0) {
        this.#fail(ErrorCode.UnexpectedContinuation, 'Continuation frame without a message in progress', 1002);
        return;
      }
      if (rsv1 && !codec!.agreement.perFrame) {
        this.#fail(ErrorCode.UnexpectedRsv, 'RSV1 set on a continuation frame', 1002);
        return;
      }
    } else if (opcode === Opcode.Text || opcode === Opcode.Binary) {
      if (this.#messageOpcode !== 0) {
        this.#fail(ErrorCode.ExpectedContinuation, 'New data frame before the fragmented message ended', 1002);
        return;
      }
    } else {
      this.#fail(ErrorCode.InvalidOpcode, `Reserved data opcode ${opcode}`, 1002);
      return;
    }
    // 4. Masking direction (§5.1).
    const masked = (b1 & 0x80) !== 0;
    if (masked !== (this.#options.role === 'server')) {
      if (masked) this.#fail(ErrorCode.MaskForbidden, 'A server must not mask its frames', 1002);
      else this.#fail(ErrorCode.MaskRequired, 'A client must mask its frames', 1002);
      return;
    }
    this.#fin = fin;
    this.#rsv1 = rsv1;
    this.#opcode = opcode;
    this.#masked = masked;
    this.#payloadLength = length;
    if (length === 126) this.#state = LENGTH16;
    else if (length === 127) this.#state = LENGTH64;
    else this.#afterLength();
  }

  #afterLength(): void {
    if (this.#opcode < 0x8) {
      if (this.#opcode !== Opcode.Continuation) {
        this.#messageOpcode = this.#opcode;
        this.#messageCompressed = this.#rsv1;
        this.#messageLength = 0;
        this.#messageReceived = 0;
        this.#fragments = 0;
      }
      if (++this.#fragments > this.#options.maxFragments) {
        this.#fail(ErrorCode.TooManyFragments, `Message split into more than ${this.#options.maxFragments} frames`, 1008);
        return;
      }
      if (this.#messageReceived + this.#payloadLength > this.#options.maxPayload) {
        this.#fail(ErrorCode.PayloadTooLarge, `Message exceeds ${this.#options.maxPayload} bytes`, 1009);
        return;
      }
    }
    this.#received = 0;
    this.#state = this.#masked ? MASK : PAYLOAD;
  }

  /** Reads payload bytes; returns `false` when it must wait for input or has stopped. */
  #readPayload(): boolean {
    const remaining = this.#payloadLength - this.#received;
    if (this.#opcode >= 0x8) {
      if (this.#buffered < remaining) return false;
      const data = this.#consume(remaining);
      if (this.#masked) applyMask(data, 0, data, 0, data.length, this.#mask!);
      this.#state = HEADER;
      this.#control(data);
      return this.#state === HEADER;
    }
    const available = Math.min(this.#buffered, remaining);
    const compressed = this.#frameCompressed();
    if (available < remaining) {
      // Text is checked as it arrives so bad UTF-8 fails fast; other data waits for a sizeable piece.
      const early = this.#messageOpcode === Opcode.Text && this.#options.validateUtf8 && !compressed;
      if (available === 0 || (!early && available < PARTIAL_MIN)) return false;
    }
    if (available > 0) {
      const piece = this.#consume(available);
      if (this.#masked) applyMask(piece, 0, piece, 0, available, this.#mask!, this.#received & 3);
      this.#received += available;
      this.#messageReceived += available;
      if (!compressed && !this.#checkText(piece)) return false;
      if (this.#framePiece === undefined) {
        this.#framePiece = piece;
      } else {
        const pieces = (this.#framePieces ??= [this.#framePiece]);
        pieces.push(piece);
        if (pieces.length > MAX_PIECES) this.#framePieces = [Buffer.concat(pieces)];
      }
      if (this.#received < this.#payloadLength) return true;
    }
    const frame = this.#takePieces();
    // A compressed message (or deflate-frame frame) without payload bytes holds no DEFLATE
    // block: it can only be empty. Inflating just the 00 00 ff ff trailer would leave zlib
    // inside a stored-block header and garble the next message.
    const empty = this.#options.codec?.agreement.perFrame ? frame.length === 0 : this.#fin && this.#messageReceived === 0;
    if (compressed && !empty) {
      this.#inflate(frame);
      return false;
    }
    this.#state = HEADER;
    return this.#deliver(frame);
  }

  #frameCompressed(): boolean {
    const codec = this.#options.codec;
    if (codec === undefined) return false;
    return codec.agreement.perFrame ? this.#rsv1 : this.#messageCompressed;
  }

  #takePieces(): Buffer {
    const piece = this.#framePiece;
    const pieces = this.#framePieces;
    this.#framePiece = this.#framePieces = undefined;
    if (pieces !== undefined) return Buffer.concat(pieces);
    return piece ?? EMPTY;
  }

  /** Streams text through the UTF-8 validator; fails the connection with 1007 on the first bad byte. */
  #checkText(data: Buffer): boolean {
    if (this.#messageOpcode !== Opcode.Text || !this.#options.validateUtf8) return true;
    const validator = (this.#utf8 ??= new Utf8Validator());
    if (validator.write(data)) return true;
    this.#fail(ErrorCode.InvalidUtf8, 'Text message is not valid UTF-8', 1007);
    return false;
  }

  #inflate(data: Buffer): void {
    this.#state = INFLATING;
    // With deflate-frame every frame is a complete deflate block; with permessage-deflate only the last.
    const codec = this.#options.codec!;
    const fin = codec.agreement.perFrame || this.#fin;
    const limit = this.#options.maxPayload - this.#messageLength;
    codec.decompress(data, fin, limit, (error, inflated) => {
      if (this.#state !== INFLATING) return;
      if (error) {
        this.#fail(error.code, error.message, error.closeCode ?? 1007);
        return;
      }
      if (!this.#checkText(inflated)) return;
      this.#state = HEADER;
      if (this.#deliver(inflated)) this.#run();
    });
  }

  /** Hands a complete frame's (inflated) payload on; returns `false` if the parser stopped. */
  #deliver(data: Buffer): boolean {
    const mode = this.#options.fragmentMode;
    const fin = this.#fin;
    this.#messageLength += data.length;
    if (mode !== 'fragments') {
      if (this.#messagePiece === undefined) this.#messagePiece = data;
      else (this.#messagePieces ??= [this.#messagePiece]).push(data);
    }
    if (fin) {
      const opcode = this.#messageOpcode as 1 | 2;
      if (opcode === Opcode.Text && this.#utf8 !== undefined && !this.#utf8.end()) {
        this.#fail(ErrorCode.InvalidUtf8, 'Text message ends inside a UTF-8 sequence', 1007);
        return false;
      }
      const piece = this.#messagePiece;
      const pieces = this.#messagePieces;
      this.#messagePiece = this.#messagePieces = undefined;
      this.#messageOpcode = 0;
      if (mode !== 'buffer') {
        this.#handler.onFragment(data, { opcode, continuation: false, received: this.#messageLength });
      }
      if (mode !== 'fragments') {
        const message = pieces !== undefined ? Buffer.concat(pieces, this.#messageLength) : (piece ?? EMPTY);
        if (opcode === Opcode.Text) this.#handler.onText(message.toString('utf8'));
        else this.#handler.onBinary(message);
      }
    } else if (mode !== 'buffer') {
      this.#handler.onFragment(data, {
        opcode: this.#messageOpcode as 1 | 2,
        continuation: true,
        received: this.#messageLength,
      });
    }
    return this.#state === HEADER;
  }

  #control(data: Buffer): void {
    if (this.#opcode === Opcode.Ping) {
      this.#handler.onPing(data);
      return;
    }
    if (this.#opcode === Opcode.Pong) {
      this.#handler.onPong(data);
      return;
    }
    // Close (§5.5.1): empty, or a valid code and a UTF-8 reason.
    if (data.length === 1) {
      this.#fail(ErrorCode.InvalidClosePayload, 'Close frame payload of one byte', 1002);
      return;
    }
    let code = 1005;
    let reason = '';
    if (data.length >= 2) {
      code = data.readUInt16BE(0);
      if (!isValidCloseCode(code)) {
        this.#fail(ErrorCode.InvalidCloseCode, `Invalid close code ${code}`, 1002);
        return;
      }
      const reasonBytes = data.subarray(2);
      const validator = new Utf8Validator();
      if (!validator.write(reasonBytes) || !validator.end()) {
        this.#fail(ErrorCode.InvalidUtf8, 'Close reason is not valid UTF-8', 1007);
        return;
      }
      reason = reasonBytes.toString('utf8');
    }
    this.stop();
    this.#handler.onClose(code, reason);
  }

  #fail(code: ErrorCode, message: string, closeCode: number): void {
    this.stop();
    this.#handler.onError(new SgcError(code, message, { closeCode }));
  }
}
