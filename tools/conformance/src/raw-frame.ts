/**
 * The harness's own raw frame encoder (RFC 6455 §5.2). It is deliberately
 * independent of `@sgc/frame`: a fuzzer that shares the codec under test
 * would share its bugs too. It will happily build frames the RFC forbids
 * (reserved opcodes, RSV bits, oversized or fragmented control frames),
 * because sending those is the point of categories 2-5 and 7.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';

/** Opcodes named by RFC 6455 §5.2; any value 0-15 may still be sent. */
export const Op = {
  Continuation: 0x0,
  Text: 0x1,
  Binary: 0x2,
  Close: 0x8,
  Ping: 0x9,
  Pong: 0xa,
} as const;

/** One frame exactly as it should appear on the wire. */
export interface RawFrameSpec {
  /** 4-bit opcode, reserved values included. */
  opcode: number;
  /** FIN bit. @defaultValue true */
  fin?: boolean;
  /** The three RSV bits as a number 0-7 (RSV1 is the 4 bit). @defaultValue 0 */
  rsv?: number;
  /** Payload before masking. @defaultValue empty */
  payload?: Uint8Array | string;
  /**
   * Repeat (or cut) `payload` to exactly this many bytes, like Autobahn's
   * `payload_len`; lets a case describe a 16 MiB message by a short pattern.
   */
  payloadLength?: number;
  /**
   * `true` for a random 4-byte key, a 4-byte buffer for a fixed key, or
   * `false` for no mask. Clients must mask and servers must not (§5.1).
   */
  mask?: boolean | Uint8Array;
}

/**
 * Expands `payload` to `length` bytes by repetition (Autobahn's payload
 * repeat), or cuts it.
 *
 * @param payload - the pattern
 * @param length - bytes wanted
 * @returns a new buffer of `length` bytes
 */
export function repeatPayload(payload: Uint8Array | string, length: number): Buffer {
  const pattern = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const out = Buffer.allocUnsafe(length);
  if (length === 0) return out;
  if (pattern.length === 0) throw new RangeError('cannot repeat an empty payload');
  pattern.copy(out, 0, 0, Math.min(pattern.length, length));
  // Doubling copies: log2(length / pattern) memcpy calls instead of one per pattern.
  let filled = Math.min(pattern.length, length);
  while (filled < length) {
    const n = Math.min(filled, length - filled);
    out.copy(out, filled, 0, n);
    filled += n;
  }
  return out;
}

/**
 * XORs `data` with a 4-byte key in place, starting at key position
 * `offset` (RFC 6455 §5.3: octet i uses key octet i mod 4).
 *
 * @param data - bytes to mask or unmask
 * @param key - the masking key
 * @param offset - index of `data[0]` within the whole payload
 */
export function xorMask(data: Uint8Array, key: Uint8Array, offset = 0): void {
  const n = data.length;
  const keyAt = (i: number): number => key[(offset + i) & 3] ?? 0;
  let i = 0;
  // Byte loop up to a 4-byte aligned address, then a word loop for the bulk:
  // masking 16 MiB byte by byte is slow enough to distort 9.x timings.
  while (i < n && (data.byteOffset + i) % 4 !== 0) {
    data[i] = (data[i] ?? 0) ^ keyAt(i);
    i++;
  }
  const wordCount = (n - i) >>> 2;
  if (wordCount > 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset + i, wordCount);
    // Same byte order in memory as the data, whatever the platform's endianness.
    const word = new Uint32Array(Uint8Array.of(keyAt(i), keyAt(i + 1), keyAt(i + 2), keyAt(i + 3)).buffer)[0] ?? 0;
    for (let w = 0; w < wordCount; w++) words[w] = (words[w] ?? 0) ^ word;
    i += wordCount * 4;
  }
  for (; i < n; i++) data[i] = (data[i] ?? 0) ^ keyAt(i);
}

/**
 * Length of the header of a frame with this payload length.
 *
 * @param payloadLength - payload bytes
 * @param masked - whether a 4-byte key follows
 * @returns 2 to 14
 */
export function headerLength(payloadLength: number, masked: boolean): number {
  const base = payloadLength < 126 ? 2 : payloadLength < 0x10000 ? 4 : 10;
  return masked ? base + 4 : base;
}

/**
 * Encodes one frame, header and (masked) payload in a single buffer.
 *
 * @param spec - the frame
 * @returns the octets to write
 * @example
 * ```ts
 * encodeFrame({ opcode: 9, payload: 'hi', mask: false }); // 89 02 68 69
 * ```
 */
export function encodeFrame(spec: RawFrameSpec): Buffer {
  const source = spec.payload ?? Buffer.alloc(0);
  const payload =
    spec.payloadLength === undefined
      ? typeof source === 'string'
        ? Buffer.from(source, 'utf8')
        : Buffer.from(source.buffer, source.byteOffset, source.byteLength)
      : repeatPayload(source, spec.payloadLength);
  const key = spec.mask === true ? randomBytes(4) : spec.mask === false || spec.mask === undefined ? undefined : spec.mask;
  const len = payload.length;
  const hlen = headerLength(len, key !== undefined);
  const out = Buffer.allocUnsafe(hlen + len);
  const rsv = (spec.rsv ?? 0) & 7;
  out[0] = (spec.fin === false ? 0 : 0x80) | (rsv << 4) | (spec.opcode & 0x0f);
  const maskBit = key ? 0x80 : 0;
  let at = 2;
  if (len < 126) {
    out[1] = maskBit | len;
  } else if (len < 0x10000) {
    out[1] = maskBit | 126;
    out.writeUInt16BE(len, 2);
    at = 4;
  } else {
    out[1] = maskBit | 127;
    // 64-bit length with the most significant bit clear (§5.2).
    out.writeUInt32BE(Math.floor(len / 0x100000000), 2);
    out.writeUInt32BE(len >>> 0, 6);
    at = 10;
  }
  if (key) {
    out.set(key.subarray(0, 4), at);
    at += 4;
  }
  payload.copy(out, at);
  if (key) xorMask(out.subarray(at), key);
  return out;
}

/**
 * Splits `data` into chops of `size` octets (Autobahn's `chopsize`), so
 * each can go out in its own TCP write.
 *
 * @param data - octets to split
 * @param size - chop size, at least 1
 * @returns the chops, in order; views into `data`
 */
export function chop(data: Buffer, size: number): Buffer[] {
  if (size < 1) throw new RangeError('chop size must be at least 1');
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, Math.min(i + size, data.length)));
  return out;
}

/**
 * Builds a close frame payload: an optional 2-byte code then reason bytes
 * (§5.5.1). Anything goes: cases 7.3 and 7.9 send malformed ones.
 *
 * @param code - status code, or undefined for none
 * @param reason - reason octets (possibly invalid UTF-8)
 * @returns the payload
 */
export function closePayload(code?: number, reason?: Uint8Array | string): Buffer {
  const r = reason === undefined ? Buffer.alloc(0) : typeof reason === 'string' ? Buffer.from(reason, 'utf8') : Buffer.from(reason);
  if (code === undefined) return r;
  const out = Buffer.allocUnsafe(2 + r.length);
  out.writeUInt16BE(code & 0xffff, 0);
  r.copy(out, 2);
  return out;
}
