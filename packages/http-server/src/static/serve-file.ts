/**
 * `serveFile`: the manual's `ServeFile`, sending one file chosen by a request handler.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { openRegularFile } from './open-file.js';
import type { FileOptions } from './options.js';
import { sendOpenFile } from './send-file.js';

/**
 * Sends one file as the response, as the manual's `res.ServeFile` does: with
 * its content type, `ETag`, `Last-Modified`, conditional requests (304/412)
 * and a single byte range (206/416). HEAD gets the headers only.
 *
 * The path is taken as given: no document root applies and symbolic links are
 * followed, so never build it from request input; use `serveStatic` for that.
 * A `Range` with several ranges is answered with the whole file and 200.
 *
 * @param request - the request being answered (its method and conditional/range headers count)
 * @param response - the response, not yet written
 * @param filePath - the file to send; a relative path is taken from the working directory
 * @param options - caching and content types; defaults: `Cache-Control: no-cache`, the built-in type table
 * @returns `true` once the file has been sent (or the client went away); `false` when
 *   `filePath` is not a readable regular file, with the response untouched so the caller
 *   can answer otherwise
 * @throws file-system errors other than "missing" ones (such as `EMFILE`), before anything is written
 *
 * @example
 * ```ts
 * createServer(async (request, response) => {
 *   if (request.url === '/report' && (await serveFile(request, response, 'reports/latest.pdf'))) return;
 *   response.writeHead(404).end();
 * });
 * ```
 */
export async function serveFile(request: IncomingMessage, response: ServerResponse, filePath: string, options: FileOptions = {}): Promise<boolean> {
  const path = resolve(filePath);
  const file = await openRegularFile(path);
  if (file === undefined) return false;
  await sendOpenFile(request, response, file, path, options);
  return true;
}
