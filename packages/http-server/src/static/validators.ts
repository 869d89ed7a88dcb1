/**
 * The validators of a file (RFC 9110 §8.8): a weak `ETag` and `Last-Modified`,
 * and the comparisons that conditional requests make with them.
 *
 * @module
 */
import type { Stats } from 'node:fs';

/** A file's validators, as sent and as compared. */
export interface Validators {
  /** The weak entity tag, `W/"<size>-<mtime ms>"` in hex. */
  readonly etag: string;
  /** The `Last-Modified` value, an IMF-fixdate (RFC 9110 §5.6.7). */
  readonly lastModified: string;
  /** The modification time in milliseconds, cut to whole seconds as HTTP dates are. */
  readonly modified: number;
}

/**
 * Derives the validators from a file's size and modification time.
 *
 * The tag is weak (RFC 9110 §8.8.1) because size and time do not promise
 * identical bytes: a same-size rewrite within the clock's resolution keeps them.
 * Weak tags serve `If-None-Match`, which compares weakly; `If-Match` and
 * `If-Range` compare strongly, so only `*` and dates can satisfy those.
 *
 * @param stats - the file's stats
 * @returns its validators
 *
 * @example
 * ```ts
 * validatorsFor(await stat('index.html')).etag; // 'W/"1a2b-18f0c3d4e5f"'
 * ```
 */
export function validatorsFor(stats: Stats): Validators {
  const modified = Math.floor(stats.mtimeMs / 1000) * 1000;
  return {
    etag: `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`,
    lastModified: new Date(modified).toUTCString(),
    modified,
  };
}

/**
 * Matches the entity tags of a request header against ours (RFC 9110 §8.8.3.2).
 *
 * @param header - an `If-Match` / `If-None-Match` / `If-Range` value: `*` or a list of entity tags
 * @param etag - our entity tag
 * @param comparison - `'strong'`: both tags must be strong and equal; `'weak'`: equal once `W/` is dropped
 * @returns whether the header is `*` or one of its tags matches
 *
 * @example
 * ```ts
 * entityTagMatches('W/"a", "b"', 'W/"a"', 'weak'); // true
 * entityTagMatches('W/"a"', 'W/"a"', 'strong'); // false
 * ```
 */
export function entityTagMatches(header: string, etag: string, comparison: 'strong' | 'weak'): boolean {
  if (header.trim() === '*') return true;
  const ours = parseEntityTag(etag);
  for (const [, weak, opaque] of header.matchAll(ENTITY_TAG)) {
    if (opaque !== ours.opaque) continue;
    if (comparison === 'weak' || (weak === undefined && !ours.weak)) return true;
  }
  return false;
}

/**
 * Parses an HTTP-date (RFC 9110 §5.6.7).
 *
 * @param value - a header value
 * @returns milliseconds since the epoch, or `undefined` for an invalid date, which the
 *   conditional headers then ignore (§13.1.3, §13.1.4)
 *
 * @example
 * ```ts
 * parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT'); // 784111777000
 * ```
 */
export function parseHttpDate(value: string): number | undefined {
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

/** One entity tag: an optional `W/` and a quoted opaque tag (RFC 9110 §8.8.3). */
const ENTITY_TAG = /(W\/)?"([^"]*)"/g;

function parseEntityTag(etag: string): { readonly weak: boolean; readonly opaque: string } {
  return { weak: etag.startsWith('W/'), opaque: etag.slice(etag.indexOf('"') + 1, -1) };
}
