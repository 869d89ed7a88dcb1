/**
 * A standalone UTF-8 oracle built on the platform's WHATWG decoder, which
 * implements the same well-formedness table as RFC 3629 §4 (no overlongs,
 * no surrogates, nothing above U+10FFFF). Category 6 derives its expected
 * outcomes from here rather than from any codec under test.
 *
 * @module
 */

/**
 * Whether `bytes` is a complete, well-formed UTF-8 sequence.
 *
 * @param bytes - the candidate text
 * @returns true when a fatal decoder accepts it to the end
 * @example
 * ```ts
 * isValidUtf8(Buffer.from([0xed, 0xa0, 0x80])); // false: a UTF-16 surrogate
 * ```
 */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Feeds `chunks` one after another to a streaming fatal decoder and reports
 * the first chunk after which the text can no longer become valid. This is
 * the point where a fail-fast endpoint closes with 1007 (cases 6.4.x), as
 * opposed to one that waits for FIN.
 *
 * @param chunks - the message as it is split on the wire
 * @returns the index of the first offending chunk, `chunks.length` when only
 *   the end of the message is incomplete, or -1 when the text is valid
 */
export function firstInvalidChunk(chunks: readonly Uint8Array[]): number {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  for (let i = 0; i < chunks.length; i++) {
    try {
      decoder.decode(chunks[i], { stream: true });
    } catch {
      return i;
    }
  }
  try {
    decoder.decode();
    return -1;
  } catch {
    return chunks.length;
  }
}

/**
 * Renders bytes for a report: the text itself when it is valid UTF-8,
 * otherwise `0x` and hex, cut to `limit` characters like Autobahn's logs.
 *
 * @param bytes - payload
 * @param limit - maximum characters before " ..."
 * @returns a printable string
 */
export function printable(bytes: Uint8Array, limit = 256): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = buf.subarray(0, limit);
  const more = buf.length > limit ? ' ...' : '';
  if (isValidUtf8(buf)) return head.toString('utf8') + more;
  return '0x' + head.toString('hex') + more;
}
