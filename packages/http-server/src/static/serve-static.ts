/**
 * `serveStatic`: answering GET and HEAD from the document root (the manual's `DocumentRoot`).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { locate } from './locate.js';
import type { StaticOptions } from './options.js';
import { parseRequestPath } from './request-path.js';
import { sendOpenFile } from './send-file.js';

/**
 * Answers a GET or HEAD request with a file below `options.root`, as the
 * manual's `DocumentRoot` does, with everything `serveFile` does (content
 * type, validators, 304/412, a single range as 206/416; several ranges get the
 * whole file with 200).
 *
 * Directories are never listed: `/dir/` serves the first index file, and
 * `/dir` is redirected (301) to `/dir/` when there is one.
 *
 * Nothing outside the root is reachable: the path is percent-decoded exactly
 * once, then NUL, backslashes, `.`/`..` and empty segments are refused, and
 * every candidate must resolve (`realpath`, so symbolic links are followed)
 * to a regular file inside the real root. Every refusal (as well as a dotfile
 * under the default policy) resolves `false` just like a missing file, so the
 * caller answers all of them with its 404: a client learns nothing about what
 * exists outside the root or why a path was refused.
 *
 * @param request - the request; methods other than GET and HEAD resolve `false`
 * @param response - the response, not yet written
 * @param options - the document root and the rest (see `StaticOptions` for the defaults)
 * @returns `true` once the request has been answered (or the client went away);
 *   `false` when there is nothing to serve, with the response untouched
 * @throws `TypeError` when `options.root` is not a non-empty string; file-system errors
 *   other than "missing" ones (such as `EMFILE`), before anything is written
 *
 * @example
 * ```ts
 * const server = createServer(async (request, response) => {
 *   if (await serveStatic(request, response, { root: 'public' })) return;
 *   response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
 * });
 * ```
 */
export async function serveStatic(request: IncomingMessage, response: ServerResponse, options: StaticOptions): Promise<boolean> {
  if (typeof options.root !== 'string' || options.root === '') throw new TypeError('serveStatic: options.root must be a non-empty path');
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const path = parseRequestPath(request.url ?? '/');
  const found = path === undefined ? undefined : await locate(path, options);
  if (found === undefined) return false;
  if (found.kind === 'redirect') {
    response.writeHead(301, { Location: found.location, 'Content-Length': 0 }).end();
    return true;
  }
  await sendOpenFile(request, response, found.file, found.path, options);
  return true;
}
