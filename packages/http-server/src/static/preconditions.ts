/**
 * Conditional requests (RFC 9110 §13): whether to send the file, answer 304
 * Not Modified, or 412 Precondition Failed.
 *
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';
import { entityTagMatches, parseHttpDate, type Validators } from './validators.js';

/** The outcome of the preconditions: send the file, `304`, or `412`. */
export type PreconditionOutcome = 'send' | 'not-modified' | 'failed';

/**
 * Evaluates `If-Match`, `If-Unmodified-Since`, `If-None-Match` and
 * `If-Modified-Since` in the order of RFC 9110 §13.2.2. A date header is
 * ignored when the tag header it pairs with is present, or when it is not a
 * valid date.
 *
 * @param method - the request method
 * @param headers - the request headers
 * @param validators - the file's validators
 * @returns `'failed'` (412), `'not-modified'` (304, GET/HEAD only) or `'send'`
 *
 * @example
 * ```ts
 * evaluatePreconditions('GET', { 'if-none-match': validators.etag }, validators); // 'not-modified'
 * ```
 */
export function evaluatePreconditions(method: string, headers: IncomingHttpHeaders, validators: Validators): PreconditionOutcome {
  const { 'if-match': ifMatch, 'if-unmodified-since': ifUnmodifiedSince, 'if-none-match': ifNoneMatch, 'if-modified-since': ifModifiedSince } = headers;
  if (ifMatch !== undefined) {
    if (!entityTagMatches(ifMatch, validators.etag, 'strong')) return 'failed'; // §13.1.1: strong comparison
  } else if (ifUnmodifiedSince !== undefined) {
    const since = parseHttpDate(ifUnmodifiedSince);
    if (since !== undefined && validators.modified > since) return 'failed'; // §13.1.4
  }
  const safe = method === 'GET' || method === 'HEAD';
  if (ifNoneMatch !== undefined) {
    // §13.1.2: a match means "you have it" for GET/HEAD, and a failed precondition for anything else.
    if (entityTagMatches(ifNoneMatch, validators.etag, 'weak')) return safe ? 'not-modified' : 'failed';
  } else if (ifModifiedSince !== undefined && safe) {
    const since = parseHttpDate(ifModifiedSince);
    if (since !== undefined && validators.modified <= since) return 'not-modified'; // §13.1.3
  }
  return 'send';
}

/**
 * Evaluates `If-Range` (RFC 9110 §13.1.5): the range applies only if the
 * client's copy is still current; otherwise the whole file is sent with 200.
 *
 * An entity tag is compared strongly, so our weak tag never matches (clients
 * must not send a weak one, §13.1.5); a date must equal `Last-Modified` exactly.
 *
 * @param ifRange - the `If-Range` value, if any; a repeated field (an array) is invalid and never holds
 * @param validators - the file's validators
 * @returns whether the `Range` header may be honoured
 *
 * @example
 * ```ts
 * ifRangeHolds(undefined, validators); // true
 * ifRangeHolds(validators.lastModified, validators); // true
 * ```
 */
export function ifRangeHolds(ifRange: string | readonly string[] | undefined, validators: Validators): boolean {
  if (ifRange === undefined) return true;
  if (typeof ifRange !== 'string') return false;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return entityTagMatches(value, validators.etag, 'strong');
  return parseHttpDate(value) === validators.modified;
}
