/**
 * The `Range` header (RFC 9110 §14.2) for one representation of known length.
 *
 * @module
 */

/** What to send for a `Range` header: the whole file, one byte range, or a 416. */
export type RangeOutcome =
  | { readonly kind: 'whole' }
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const WHOLE: RangeOutcome = { kind: 'whole' };
const UNSATISFIABLE: RangeOutcome = { kind: 'unsatisfiable' };

/** One byte-range-spec (`a-b`, `a-`) or suffix-range (`-n`), RFC 9110 §14.1.2. */
const RANGE_SPEC = /^(\d*)-(\d*)$/;

/**
 * Picks the bytes to send for a `Range` header.
 *
 * - `bytes=a-b`, `bytes=a-` and `bytes=-n` (the last n bytes) give one range,
 *   `end` clipped to the file (§14.1.2);
 * - a range starting at or past the end, or `-0`, is unsatisfiable: 416 (§15.5.17);
 * - several ranges give the whole file: a 200 is always a valid answer
 *   (§14.2), and it avoids both multipart/byteranges and the cost of many
 *   small or overlapping ranges;
 * - no header, another unit, invalid syntax (such as `b < a`) or an empty
 *   file give the whole file, as §14.2 allows a server to ignore the header.
 *
 * @param header - the `Range` value, if any
 * @param size - the file's length in bytes
 * @returns the outcome; `start` and `end` are inclusive offsets
 *
 * @example
 * ```ts
 * parseRange('bytes=0-99', 1000); // { kind: 'partial', start: 0, end: 99 }
 * parseRange('bytes=-100', 1000); // { kind: 'partial', start: 900, end: 999 }
 * parseRange('bytes=1000-', 1000); // { kind: 'unsatisfiable' }
 * ```
 */
export function parseRange(header: string | undefined, size: number): RangeOutcome {
  // §14.1: range units are case-insensitive.
  if (header === undefined || size === 0 || !/^bytes=/i.test(header)) return WHOLE;
  // §5.6.1: recipients accept empty list elements.
  const specs = header.slice('bytes='.length).split(',').map((spec) => spec.trim()).filter((spec) => spec !== '');
  const match = specs.length === 1 ? RANGE_SPEC.exec(specs[0] ?? '') : null;
  const [, first = '', last = ''] = match ?? [];
  if (match === null || (first === '' && last === '')) return WHOLE;
  if (first === '') {
    const suffix = Number(last);
    return suffix === 0 ? UNSATISFIABLE : { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) return WHOLE;
  return start >= size ? UNSATISFIABLE : { kind: 'partial', start, end: Math.min(end, size - 1) };
}
