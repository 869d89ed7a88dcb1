/**
 * Sending one open file as the response: validators, preconditions, range,
 * then the bytes.
 *
 * @module
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { contentTypeFor } from './content-type.js';
import { closeQuietly, readAt } from './fs-calls.js';
import type { OpenFile } from './open-file.js';
import { BandwidthLimit } from './bandwidth.js';
import { BODY_BUFFER_SIZE, takeBodyBuffer } from './body-buffers.js';
import { DEFAULT_CACHE_CONTROL, type FileOptions } from './options.js';
import { evaluatePreconditions, ifRangeHolds } from './preconditions.js';
import { parseRange } from './range.js';
import { validatorsFor } from './validators.js';

/**
 * Answers a request with an open file and closes the file. The status is
 * 200, 206 (one range), 304, 412 or 416; HEAD gets the same headers without
 * the body. Range is honoured for GET only, the one method RFC 9110 §14.2
 * defines it for.
 *
 * The body is streamed with `pipeline`, so a slow client holds back the reads
 * (backpressure) and a client that goes away destroys the file stream.
 *
 * @param request - the request
 * @param response - the response, not yet written
 * @param file - the open file and its stats; always closed once this settles
 * @param path - the file's path, for its content type
 * @param options - caching and content-type options
 * @returns a promise that settles once the response has ended or the client is gone; it
 *   never rejects for a failure while streaming, since the status line is then sent and
 *   the torn-down connection is the only signal left
 * @throws the `writeHead` error for an invalid header value (such as a `cacheControl` with a
 *   line break), before anything is sent; the file is closed all the same
 *
 * @example
 * ```ts
 * const file = await openRegularFile(path);
 * if (file !== undefined) await sendOpenFile(request, response, file, path, {});
 * ```
 */
export async function sendOpenFile(
  request: IncomingMessage,
  response: ServerResponse,
  file: OpenFile,
  path: string,
  options: FileOptions,
): Promise<void> {
  let streaming = false;
  try {
    const method = request.method ?? 'GET';
    const validators = validatorsFor(file.stats);
    const cacheControl = options.cacheControl ?? DEFAULT_CACHE_CONTROL;
    // §15.4.5: a 304 carries the validators and caching headers a 200 would have.
    const validatorHeaders: OutgoingHttpHeaders = {
      ETag: validators.etag,
      'Last-Modified': validators.lastModified,
      ...(cacheControl === false ? {} : { 'Cache-Control': cacheControl }),
    };
    const outcome = evaluatePreconditions(method, request.headers, validators);
    if (outcome === 'not-modified') {
      response.writeHead(304, validatorHeaders).end();
      return;
    }
    if (outcome === 'failed') {
      response.writeHead(412, { 'Content-Length': 0 }).end();
      return;
    }
    const size = file.stats.size;
    // §14.2: GET is the only method with range semantics; §13.1.5: a stale If-Range turns the range into the whole file.
    const range = method === 'GET' && ifRangeHolds(request.headers['if-range'], validators) ? parseRange(request.headers.range, size) : undefined;
    if (range?.kind === 'unsatisfiable') {
      // §15.5.17: a 416 names the current length so the client can retry.
      response.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': 0, 'Accept-Ranges': 'bytes' }).end();
      return;
    }
    const partial = range?.kind === 'partial' ? range : undefined;
    const [start, end] = partial === undefined ? [0, size - 1] : [partial.start, partial.end];
    response.writeHead(partial === undefined ? 200 : 206, {
      ...validatorHeaders,
      'Accept-Ranges': 'bytes',
      'Content-Type': contentTypeFor(path, options.contentTypes),
      // The type comes from the extension: browsers must not guess another (a .txt run as script).
      'X-Content-Type-Options': 'nosniff',
      'Content-Length': end - start + 1,
      ...(partial === undefined ? {} : { 'Content-Range': `bytes ${start}-${end}/${size}` }),
    });
    if (method === 'HEAD' || size === 0) {
      response.end();
      return;
    }
    const length = end - start + 1;
    if (length <= BODY_BUFFER_SIZE && options.bandwidth === undefined) {
      // One read and one write: a read stream's setup costs more than the bytes for small files.
      const { body, release } = takeBodyBuffer(length);
      const bytesRead = await readAt(file.fd, body, start);
      // A file cut short since its fstat cannot fill the promised Content-Length: drop the connection
      // (and never send the buffer, whose unread tail holds an earlier body's bytes).
      // `end` calls back once the socket has written the bytes; a torn-down response never does,
      // and its buffer is left to the garbage collector.
      if (bytesRead === length) response.end(body, release);
      else response.destroy();
      return;
    }
    streaming = true; // from here the stream owns the descriptor and closes it (autoClose)
    // A client abort or a read error rejects here after pipeline has destroyed both streams;
    // the status line is gone, so the cut connection is the answer and there is nothing to rethrow.
    const body = createReadStream('', { fd: file.fd, start, end, autoClose: true });
    const sent = options.bandwidth ? pipeline(body, new BandwidthLimit(options.bandwidth), response) : pipeline(body, response);
    await sent.catch(() => undefined);
  } finally {
    if (!streaming) await closeQuietly(file.fd);
  }
}
