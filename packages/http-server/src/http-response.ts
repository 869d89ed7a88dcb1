/**
 * The response side of a handler (the manual's `AResponseInfo`): set its fields and
 * the server writes them when the handler returns, or write `raw` yourself.
 *
 * @module
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { HttpRequest } from './http-request.js';

/** Sends one file for a request; the server passes its static-file sender. */
export type FileSender = (request: HttpRequest, response: ServerResponse, filePath: string) => Promise<boolean>;

/**
 * An HTTP response as a handler fills it in.
 *
 * @example
 * ```ts
 * commandGet: (request, response) => {
 *   if (request.document !== '/admin') return;
 *   if (request.authUsername !== 'admin') response.authRealm = 'admin area';
 *   else response.contentText = 'welcome';
 * }
 * ```
 */
export class HttpResponse {
  /** The Node response, for streaming or anything not wrapped here. */
  readonly raw: ServerResponse;
  /** The status code (the manual's `ResponseNo`). @defaultValue 200, or 401 with `authRealm` */
  status: number | undefined;
  /** The body (the manual's `ContentText`). */
  contentText: string | Uint8Array | undefined;
  /** The body's type (the manual's `ContentType`). @defaultValue `text/html; charset=utf-8` for a text body */
  contentType: string | undefined;
  /** Asks for Basic credentials: 401 with `WWW-Authenticate: Basic realm="…"` (the manual's `AuthRealm`). */
  authRealm: string | undefined;
  /** Extra response headers. */
  readonly headers: OutgoingHttpHeaders = {};
  readonly #request: HttpRequest;
  readonly #sendFile: FileSender;
  #fileServed = false;

  /**
   * @param raw - the Node response
   * @param request - its request
   * @param sendFile - the server's static-file sender
   */
  constructor(raw: ServerResponse, request: HttpRequest, sendFile: FileSender) {
    this.raw = raw;
    this.#request = request;
    this.#sendFile = sendFile;
  }

  /** `true` once the handler answered: a field set, a file served, or `raw` written. */
  get handled(): boolean {
    return (
      this.#fileServed ||
      this.raw.headersSent ||
      this.raw.writableEnded ||
      this.status !== undefined ||
      this.contentText !== undefined ||
      this.authRealm !== undefined
    );
  }

  /**
   * Sends a file with its content type, validators and range support (the manual's `ServeFile`).
   *
   * @param filePath - the file; any path the process may read, not only under the document root
   * @returns `false` when it is not a readable regular file (nothing was sent)
   * @example
   * ```ts
   * await response.serveFile('/srv/reports/latest.pdf');
   * ```
   */
  async serveFile(filePath: string): Promise<boolean> {
    const served = await this.#sendFile(this.#request, this.raw, filePath);
    this.#fileServed ||= served;
    return served;
  }

  /**
   * Redirects the client.
   *
   * @param location - the new URL
   * @param status - 301, 302, 303, 307 or 308 @defaultValue 302
   */
  redirect(location: string, status = 302): void {
    this.status = status;
    this.headers.location = location;
    this.contentText ??= '';
  }

  /** @internal Writes the fields, unless the handler already wrote `raw` or served a file. */
  finish(): void {
    const raw = this.raw;
    if (this.#fileServed || raw.headersSent || raw.writableEnded) return;
    const headers: OutgoingHttpHeaders = { ...this.headers };
    let status = this.status ?? 200;
    if (this.authRealm !== undefined) {
      status = this.status ?? 401;
      headers['www-authenticate'] = `Basic realm="${this.authRealm.replace(/["\\]/g, '\\$&')}", charset="UTF-8"`;
    }
    const body = this.contentText ?? '';
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    headers['content-type'] ??= this.contentType ?? (typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/octet-stream');
    headers['content-length'] = bytes.length;
    raw.writeHead(status, headers);
    raw.end(this.#request.method === 'HEAD' ? undefined : bytes);
  }
}
