/**
 * Streaming UTF-8 validation (RFC 3629), so a fragmented or partly received text
 * message fails with 1007 as soon as the offending bytes arrive (RFC 6455 §8.1),
 * not when the message ends.
 *
 * The bulk of each chunk is checked by Node's native `isUtf8`; only the up to
 * three bytes of a code point split across chunks are checked here, byte by byte.
 *
 * @module
 */
import { isUtf8 } from 'node:buffer';

/** Bytes in the sequence a lead byte starts, or 0 for a byte that cannot lead. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * Tells whether `byte` may stand at `index` (1-3) of a sequence led by `lead`,
 * excluding overlongs, surrogates (U+D800-DFFF) and code points above U+10FFFF.
 */
function isValidTrail(lead: number, index: number, byte: number): boolean {
  if (index === 1) {
    if (lead === 0xe0) return byte >= 0xa0 && byte <= 0xbf;
    if (lead === 0xed) return byte >= 0x80 && byte <= 0x9f;
    if (lead === 0xf0) return byte >= 0x90 && byte <= 0xbf;
    if (lead === 0xf4) return byte >= 0x80 && byte <= 0x8f;
  }
  return byte >= 0x80 && byte <= 0xbf;
}

/**
 * Validates UTF-8 that arrives in pieces. Feed each piece to {@link Utf8Validator.write};
 * call {@link Utf8Validator.end} when the message is complete.
 *
 * @example
 * ```ts
 * const v = new Utf8Validator();
 * v.write(Buffer.from([0xce])); // true: a valid prefix of "κ"
 * v.write(Buffer.from([0xba])); // true
 * v.end();                      // true: nothing left incomplete
 * ```
 */
export class Utf8Validator {
  #lead = 0;
  #have = 0;
  #need = 0;

  /**
   * Checks the next piece of the text.
   *
   * @param chunk - the bytes
   * @param start - first byte to check; defaults to 0
   * @param end - one past the last byte to check; defaults to `chunk.length`
   * @returns `false` as soon as the bytes seen so far cannot be the start of valid UTF-8
   */
  write(chunk: Uint8Array, start = 0, end = chunk.length): boolean {
    let i = start;
    // 1. Finish a code point left incomplete by the previous piece.
    while (this.#need > 0 && i < end) {
      if (!isValidTrail(this.#lead, this.#have, chunk[i]!)) return false;
      this.#have++;
      this.#need--;
      i++;
    }
    if (i === end) return true;
    // 2. Find an incomplete code point at the end of this piece (at most 3 bytes).
    let tail = end;
    for (let j = end - 1; j >= i && j >= end - 3; j--) {
      const byte = chunk[j]!;
      if ((byte & 0xc0) === 0x80) continue;
      const length = sequenceLength(byte);
      if (length === 0) return false;
      if (j + length > end) tail = j;
      break;
    }
    // 3. The complete middle goes to the native validator.
    if (tail > i && !isUtf8(chunk.subarray(i, tail))) return false;
    // 4. The incomplete tail must be a valid prefix; remember where it stands.
    if (tail < end) {
      const lead = chunk[tail]!;
      for (let k = 1; tail + k < end; k++) {
        if (!isValidTrail(lead, k, chunk[tail + k]!)) return false;
      }
      this.#lead = lead;
      this.#have = end - tail;
      this.#need = sequenceLength(lead) - this.#have;
    }
    return true;
  }

  /**
   * Ends the message and resets the validator for the next one.
   *
   * @returns `false` if the message ended inside a code point
   */
  end(): boolean {
    const complete = this.#need === 0;
    this.#need = 0;
    this.#have = 0;
    return complete;
  }
}

/**
 * Validates a complete byte sequence as UTF-8.
 *
 * @param bytes - the bytes to check
 * @returns `true` when they are well-formed UTF-8
 * @example
 * ```ts
 * isValidUtf8(Buffer.from('héllo')); // true
 * ```
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}
