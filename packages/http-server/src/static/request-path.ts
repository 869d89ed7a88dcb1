/**
 * The path of a request target, decoded once and checked so that it can only
 * name something below the document root.
 *
 * @module
 */

/** A request path that passed {@link parseRequestPath}. */
export interface RequestPath {
  /** The path as received, still percent-encoded (`/docs/a%20b`); used for redirects. */
  readonly raw: string;
  /** The query as received, with its `?`, or `''`. */
  readonly query: string;
  /**
   * The decoded segments after the leading `/`; the last one is `''` when the
   * path ends with `/` (so `/` is `['']` and `/a/b/` is `['a', 'b', '']`).
   */
  readonly segments: readonly string[];
}

/**
 * The scheme and authority of an absolute-form target, which a server must
 * accept (RFC 9112 §3.2.2). Only they are cut: the path is kept exactly as
 * sent, not normalised as `new URL` would, so it meets the same checks.
 */
const ABSOLUTE_FORM_PREFIX = /^https?:\/\/[^/?#]*/i;

/**
 * Decodes a request target's path and refuses every form that could leave the
 * document root or name something other than a relative file path:
 * malformed percent-encoding, NUL, backslashes (a separator on Windows), `.`
 * and `..` segments and empty segments (`//etc/passwd` would be absolute).
 *
 * The path is decoded exactly once and checked afterwards, so `%2e%2e` and
 * `..%2f` count as the `..` they decode to, while the double-encoded
 * `%252e%252e` stays the harmless literal name `%2e%2e`.
 *
 * @param target - the request target (`request.url`), origin-form or absolute-form
 * @returns the checked path, or `undefined` when it is refused (the caller answers as for a missing file)
 *
 * @example
 * ```ts
 * parseRequestPath('/docs/a%20b.txt?v=2'); // { raw: '/docs/a%20b.txt', query: '?v=2', segments: ['docs', 'a b.txt'] }
 * parseRequestPath('/%2e%2e/etc/passwd'); // undefined
 * ```
 */
export function parseRequestPath(target: string): RequestPath | undefined {
  const originForm = target.replace(ABSOLUTE_FORM_PREFIX, '') || '/';
  const queryStart = originForm.indexOf('?');
  const raw = queryStart === -1 ? originForm : originForm.slice(0, queryStart);
  const query = queryStart === -1 ? '' : originForm.slice(queryStart);
  if (!raw.startsWith('/')) return undefined; // asterisk-form and authority-form name no file
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined; // malformed percent-encoding, or bytes that are not UTF-8 (such as overlong `%c0%ae`)
  }
  const segments = decoded.slice(1).split('/');
  const last = segments.length - 1;
  return segments.every((segment, i) => isSafeSegment(segment, i === last)) ? { raw, query, segments } : undefined;
}

/** Whether one decoded segment can only name an entry of the directory before it. */
function isSafeSegment(segment: string, last: boolean): boolean {
  if (segment === '') return last; // only a trailing `/` may leave an empty segment
  return segment !== '.' && segment !== '..' && !segment.includes('\0') && !segment.includes('\\');
}
