/**
 * Incremental parser for the frames a testee sends back (RFC 6455 §5.2).
 * It only splits the byte stream into frames and unmasks them; judging
 * whether a frame is allowed is the connection's job (fuzz-connection.ts),
 * so that the fuzzer can tell the testee exactly what it did wrong.
 *
 * @module
 */
import { xorMask } from './raw-frame.js';

/** One frame as received. */
export interface ReceivedFrame {
  fin: boolean;
  /** RSV bits as a number 0-7. */
  rsv: number;
  opcode: number;
  masked: boolean;
  /** The payload, unmasked. */
  payload: Buffer;
}

/** Thrown for a frame that cannot even be delimited. */
export class FrameReadError extends Error {
  override readonly name = 'FrameReadError';
  /**
   * @param message - what was wrong
   * @param closeCode - the status the fuzzer fails the connection with
   */
  constructor(
    message: string,
    readonly closeCode: number,
  ) {
    super(message);
  }
}

/**
 * Turns arbitrary TCP chunks into whole frames.
 *
 * @example
 * ```ts
 * const reader = new FrameReader(64 * 1024 * 1024);
 * for (const frame of reader.push(chunk)) handle(frame);
 * ```
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  /** @param maxFrameBytes - larger frames are refused (protects the harness's memory) */
  constructor(private readonly maxFrameBytes: number) {}

  /**
   * Adds received bytes and returns every frame they complete.
   *
   * @param chunk - bytes from the socket
   * @returns complete frames, in order
   * @throws {@link FrameReadError} for a length the harness will not buffer
   */
  push(chunk: Buffer): ReceivedFrame[] {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: ReceivedFrame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private next(): ReceivedFrame | undefined {
    if (this.buffered < 2) return undefined;
    const head = this.peek(Math.min(this.buffered, 14));
    const b0 = head[0] ?? 0;
    const b1 = head[1] ?? 0;
    const masked = (b1 & 0x80) !== 0;
    let length = b1 & 0x7f;
    let at = 2;
    if (length === 126) {
      if (head.length < 4) return undefined;
      length = head.readUInt16BE(2);
      at = 4;
    } else if (length === 127) {
      if (head.length < 10) return undefined;
      const high = head.readUInt32BE(2);
      // §5.2: "the most significant bit MUST be 0".
      if (high & 0x80000000) throw new FrameReadError('64-bit payload length has its top bit set', 1002);
      length = high * 0x100000000 + head.readUInt32BE(6);
      at = 10;
    }
    if (length > this.maxFrameBytes) throw new FrameReadError(`frame of ${length} bytes exceeds the harness limit`, 1009);
    const keyStart = at;
    if (masked) at += 4;
    if (this.buffered < at + length) return undefined;
    const key = masked ? Buffer.from(head.subarray(keyStart, keyStart + 4)) : undefined;
    this.consume(at);
    const payload = this.take(length);
    if (key) xorMask(payload, key);
    return { fin: (b0 & 0x80) !== 0, rsv: (b0 >> 4) & 7, opcode: b0 & 0x0f, masked, payload };
  }

  /** Copies the first `n` buffered bytes without consuming them. */
  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    return Buffer.concat(this.chunks, Math.max(n, 0)).subarray(0, n);
  }

  private consume(n: number): void {
    this.take(n);
  }

  /** Removes and returns `n` bytes as one writable buffer the caller owns. */
  private take(n: number): Buffer {
    this.buffered -= n;
    const first = this.chunks[0];
    if (first && first.length === n) {
      this.chunks.shift();
      return Buffer.from(first);
    }
    if (first && first.length > n) {
      this.chunks[0] = first.subarray(n);
      return Buffer.from(first.subarray(0, n));
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const c = this.chunks[0];
      if (!c) throw new Error('frame reader underflow');
      const need = n - filled;
      if (c.length <= need) {
        c.copy(out, filled);
        filled += c.length;
        this.chunks.shift();
      } else {
        c.copy(out, filled, 0, need);
        this.chunks[0] = c.subarray(need);
        filled += need;
      }
    }
    return out;
  }
}
