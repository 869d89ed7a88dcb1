/**
 * Frame serialisation (RFC 6455 §5.2): headers, masking, close payloads.
 *
 * @module
 */
import { isValidCloseCode } from './close-codes.js';
import { ErrorCode, SgcError } from './errors.js';
import { allocAlignedTo, applyMask } from './mask.js';

/** Settings of one outgoing frame. */
export interface FrameOptions {
  /** Last frame of the message. @defaultValue true */
  fin?: boolean;
  /** RSV1 (the compression bit of permessage-deflate and deflate-frame). @defaultValue false */
  rsv1?: boolean;
  /** The four-byte masking key; client frames must have one (RFC 6455 §5.3). */
  mask?: Uint8Array | undefined;
}

/**
 * Size of a frame header.
 *
 * @param payloadLength - payload bytes
 * @param masked - whether a masking key follows the length
 * @returns 2 to 14
 * @example
 * ```ts
 * frameHeaderLength(126, true); // 8
 * ```
 */
export function frameHeaderLength(payloadLength: number, masked: boolean): number {
  const base = payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
  return masked ? base + 4 : base;
}

/**
 * Writes a frame header into `target`.
 *
 * @param target - destination with room for {@link frameHeaderLength} bytes
 * @param offset - where the header starts
 * @param opcode - the frame opcode
 * @param payloadLength - payload bytes
 * @param options - FIN, RSV1 and mask
 * @returns the header length
 * @example
 * ```ts
 * const header = Buffer.alloc(2);
 * writeFrameHeader(header, 0, Opcode.Text, 5, {}); // 81 05
 * ```
 */
export function writeFrameHeader(
  target: Uint8Array,
  offset: number,
  opcode: number,
  payloadLength: number,
  options: FrameOptions,
): number {
  const mask = options.mask;
  target[offset] = (options.fin === false ? 0 : 0x80) | (options.rsv1 ? 0x40 : 0) | opcode;
  const maskBit = mask ? 0x80 : 0;
  let at = offset + 2;
  if (payloadLength < 126) {
    target[offset + 1] = maskBit | payloadLength;
  } else if (payloadLength < 65536) {
    target[offset + 1] = maskBit | 126;
    target[at] = payloadLength >>> 8;
    target[at + 1] = payloadLength & 0xff;
    at += 2;
  } else {
    target[offset + 1] = maskBit | 127;
    // 64-bit big-endian length, high bit clear (§5.2); JS numbers stop at 2^53.
    const high = Math.floor(payloadLength / 0x100000000);
    const low = payloadLength >>> 0;
    target[at] = high >>> 24;
    target[at + 1] = (high >>> 16) & 0xff;
    target[at + 2] = (high >>> 8) & 0xff;
    target[at + 3] = high & 0xff;
    target[at + 4] = low >>> 24;
    target[at + 5] = (low >>> 16) & 0xff;
    target[at + 6] = (low >>> 8) & 0xff;
    target[at + 7] = low & 0xff;
    at += 8;
  }
  if (mask) {
    target[at] = mask[0]!;
    target[at + 1] = mask[1]!;
    target[at + 2] = mask[2]!;
    target[at + 3] = mask[3]!;
    at += 4;
  }
  return at - offset;
}

/**
 * Encodes a whole frame into one new buffer, masking the payload when a key is given.
 *
 * @param opcode - the frame opcode
 * @param payload - the payload (not modified)
 * @param options - FIN, RSV1 and mask
 * @returns header and payload in one buffer
 * @example
 * ```ts
 * encodeFrame(Opcode.Text, Buffer.from('Hello'), {}); // 81 05 48 65 6c 6c 6f (RFC 6455 §5.7)
 * ```
 */
export function encodeFrame(opcode: number, payload: Uint8Array, options: FrameOptions = {}): Buffer {
  const headerLength = frameHeaderLength(payload.length, options.mask !== undefined);
  // A masked payload is XOR-ed straight from the caller's bytes when both line up on words.
  const frame =
    options.mask && payload.length >= 64
      ? allocAlignedTo(headerLength + payload.length, headerLength, payload, 0)
      : Buffer.allocUnsafe(headerLength + payload.length);
  writeFrameHeader(frame, 0, opcode, payload.length, options);
  if (options.mask) applyMask(payload, 0, frame, headerLength, payload.length, options.mask);
  else frame.set(payload, headerLength);
  return frame;
}

/**
 * Encodes a text frame straight from a string, without an intermediate buffer.
 *
 * @param opcode - `Opcode.Text` or `Opcode.Continuation`
 * @param text - the text
 * @param options - FIN, RSV1 and mask
 * @returns header and UTF-8 payload in one buffer
 * @example
 * ```ts
 * encodeTextFrame(Opcode.Text, 'hi', {});
 * ```
 */
export function encodeTextFrame(opcode: number, text: string, options: FrameOptions = {}): Buffer {
  const byteLength = Buffer.byteLength(text);
  const headerLength = frameHeaderLength(byteLength, options.mask !== undefined);
  const frame = Buffer.allocUnsafe(headerLength + byteLength);
  writeFrameHeader(frame, 0, opcode, byteLength, options);
  frame.write(text, headerLength, 'utf8');
  if (options.mask) applyMask(frame, headerLength, frame, headerLength, byteLength, options.mask);
  return frame;
}

/**
 * Builds a close frame payload: the status code and a UTF-8 reason (RFC 6455 §5.5.1).
 *
 * @param code - the close code; omit for an empty payload (received as 1005)
 * @param reason - at most 123 bytes of UTF-8
 * @returns the payload
 * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for a code not allowed on the wire or a reason over 123 bytes
 * @example
 * ```ts
 * closePayload(1000, 'bye');
 * ```
 */
export function closePayload(code?: number, reason = ''): Buffer {
  if (code === undefined) {
    if (reason !== '') throw new SgcError(ErrorCode.InvalidArgument, 'A close reason needs a close code');
    return Buffer.alloc(0);
  }
  if (!isValidCloseCode(code)) throw new SgcError(ErrorCode.InvalidArgument, `Close code ${code} may not be sent`);
  const length = Buffer.byteLength(reason);
  if (length > 123) throw new SgcError(ErrorCode.InvalidArgument, 'A close reason must fit in 123 bytes');
  const payload = Buffer.allocUnsafe(2 + length);
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2, 'utf8');
  return payload;
}
