/**
 * The manual's `sgcWSStreamWrite` / `sgcWSStreamRead` helpers: a short text id
 * in front of a binary message, so a receiver can tell binary messages apart
 * (WebSocket has no room for a label next to binary data).
 *
 * Wire layout (the manual leaves it out; it was read from a public copy of
 * eSeGeCe's `sgcWebSocket_Helpers.pas`, whose writer formats the header size with
 * `Format('%.10d', [oHeader.size])`, and from the browser library
 * `sgcWebSockets.js`, whose `sgcWSStreamRead` does `parseInt` on `slice(0, 10)`,
 * then takes `slice(10, 10 + size)` as the header and the rest as the stream):
 *
 * ```text
 * offset 0   10 bytes  header length n, ASCII decimal digits, zero-padded ("0000000005")
 * offset 10  n bytes   the id (UTF-8; plain ASCII in every sgc example)
 * offset 10+n ...      the binary message, unchanged
 * ```
 *
 * Everything here works on `Uint8Array` (no `Buffer`), so browsers can use it.
 *
 * @module
 */
import { ErrorCode, SgcError } from './errors.js';

/** Bytes of the decimal length field that opens every stream header. */
export const STREAM_HEADER_LENGTH_DIGITS = 10;

/** The manual's limit on an id: "a maximum length of 10 characters". */
export const STREAM_HEADER_MAX_ID_LENGTH = 10;

/** Options of {@link sgcWSStreamWrite}. */
export interface StreamWriteOptions {
  /**
   * Longest id accepted, in characters (Unicode code points). sgc's own load
   * balancer writes 32-character GUIDs with the same helper, so raise it to talk to that.
   * @defaultValue 10
   */
  maxIdLength?: number;
}

/** Options of {@link sgcWSStreamRead}. */
export interface StreamReadOptions {
  /**
   * Longest id accepted, in characters (Unicode code points).
   * @defaultValue `Infinity`: like the original readers, any length that fits in the message
   */
  maxIdLength?: number;
}

/** A binary message split into its id and its payload. */
export interface StreamMessage {
  /** The text id the sender put in front. */
  readonly id: string;
  /** The payload: a view into the input, not a copy. */
  readonly data: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const DIGIT_0 = 0x30;

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Puts a text id in front of a binary message (the manual's `sgcWSStreamWrite`).
 *
 * @param id - 1 to `maxIdLength` characters; sent as UTF-8
 * @param data - the binary message
 * @param options - `maxIdLength` (default 10, the manual's limit)
 * @returns a new array: 10 ASCII digits with the id's byte length, the id, then `data`
 * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for an empty id, an id longer than
 * `maxIdLength`, or an id with a lone surrogate (it has no UTF-8 form)
 * @example
 * ```ts
 * session.send(sgcWSStreamWrite('00001', jpegBytes));
 * // bytes: "0000000005" "00001" <jpeg>
 * ```
 */
export function sgcWSStreamWrite(id: string, data: Uint8Array, options: StreamWriteOptions = {}): Uint8Array {
  const { maxIdLength = STREAM_HEADER_MAX_ID_LENGTH } = options;
  const length = codePoints(id);
  if (length < 1 || length > maxIdLength) {
    throw new SgcError(ErrorCode.InvalidArgument, `The stream id must have 1 to ${maxIdLength} characters, got ${length}`);
  }
  // In a /u regex a surrogate pair is one code point, so \p{Cs} only matches lone halves.
  if (/\p{Cs}/u.test(id)) {
    throw new SgcError(ErrorCode.InvalidArgument, 'The stream id contains a lone surrogate');
  }
  const idBytes = encoder.encode(id);
  const out = new Uint8Array(STREAM_HEADER_LENGTH_DIGITS + idBytes.length + data.length);
  // "%.10d": the byte length, left-padded with zeros to ten digits.
  let size = idBytes.length;
  for (let i = STREAM_HEADER_LENGTH_DIGITS - 1; i >= 0; i--) {
    out[i] = DIGIT_0 + (size % 10);
    size = Math.floor(size / 10);
  }
  out.set(idBytes, STREAM_HEADER_LENGTH_DIGITS);
  out.set(data, STREAM_HEADER_LENGTH_DIGITS + idBytes.length);
  return out;
}

/**
 * Splits a binary message written by {@link sgcWSStreamWrite} (or by sgc's Delphi or
 * JavaScript helpers) into its id and payload (the manual's `sgcWSStreamRead`).
 *
 * A length field of zero gives the id `''` and the bytes after the field, as the
 * JavaScript reader does.
 *
 * @param message - the received binary message
 * @param options - `maxIdLength` (default: no limit beyond the message size)
 * @returns the id and a view of the payload
 * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` when the message is shorter than its
 * header, the length field is not ten ASCII digits, the id is not UTF-8 or is longer than `maxIdLength`
 * @example
 * ```ts
 * const { id, data } = sgcWSStreamRead(message);
 * if (id === '00001') showImage(data);
 * ```
 */
export function sgcWSStreamRead(message: Uint8Array, options: StreamReadOptions = {}): StreamMessage {
  const { maxIdLength = Infinity } = options;
  if (message.length < STREAM_HEADER_LENGTH_DIGITS) {
    throw new SgcError(
      ErrorCode.InvalidArgument,
      `A stream message needs at least ${STREAM_HEADER_LENGTH_DIGITS} bytes, got ${message.length}`,
    );
  }
  let size = 0;
  for (let i = 0; i < STREAM_HEADER_LENGTH_DIGITS; i++) {
    const digit = message[i]! - DIGIT_0;
    if (digit < 0 || digit > 9) {
      throw new SgcError(ErrorCode.InvalidArgument, 'The stream header length is not ten decimal digits');
    }
    size = size * 10 + digit;
  }
  const end = STREAM_HEADER_LENGTH_DIGITS + size;
  if (end > message.length) {
    throw new SgcError(
      ErrorCode.InvalidArgument,
      `The stream header announces a ${size}-byte id but only ${message.length - STREAM_HEADER_LENGTH_DIGITS} bytes follow`,
    );
  }
  let id: string;
  try {
    id = decoder.decode(message.subarray(STREAM_HEADER_LENGTH_DIGITS, end));
  } catch (cause) {
    throw new SgcError(ErrorCode.InvalidArgument, 'The stream id is not valid UTF-8', { cause });
  }
  if (codePoints(id) > maxIdLength) {
    throw new SgcError(ErrorCode.InvalidArgument, `The stream id is longer than ${maxIdLength} characters`);
  }
  return { id, data: message.subarray(end) };
}
