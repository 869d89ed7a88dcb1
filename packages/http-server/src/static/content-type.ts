/**
 * The `Content-Type` of a file, from its extension.
 *
 * @module
 */
import { extname } from 'node:path';
import { contentType } from 'mime-types';

/**
 * Sent for an unknown extension: RFC 9110 §8.3 lets a sender that does not
 * know the type omit the header, but then browsers sniff; naming it opaque
 * bytes makes them download instead.
 */
const UNKNOWN_TYPE = 'application/octet-stream';

/**
 * Names the `Content-Type` of a file from its extension: the caller's table
 * first, then the `mime-types` database (jshttp's, as Express uses). Text types
 * carry `; charset=utf-8`, since a text type without a charset leaves the
 * browser to guess the encoding.
 *
 * @param filePath - the file's path or name; only its extension counts, case-insensitively
 * @param extra - content types by lower-case extension without the dot
 * @returns the header value; `application/octet-stream` for an unknown or missing extension
 *
 * @example
 * ```ts
 * contentTypeFor('www/index.html'); // 'text/html; charset=utf-8'
 * contentTypeFor('logo.PNG'); // 'image/png'
 * contentTypeFor('app.log', { log: 'text/plain' }); // 'text/plain; charset=utf-8'
 * ```
 */
export function contentTypeFor(filePath: string, extra: Readonly<Record<string, string>> = {}): string {
  const extension = extname(filePath).slice(1).toLowerCase();
  if (extension === '') return UNKNOWN_TYPE;
  const type = Object.hasOwn(extra, extension) ? extra[extension] : extension;
  return (type !== undefined && contentType(type)) || UNKNOWN_TYPE;
}
