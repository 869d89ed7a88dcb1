/**
 * The request side of a handler (the manual's `ARequestInfo`): Node's
 * `IncomingMessage` with the fields the manual names, parsed once.
 *
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { ErrorCode, SgcError } from '@sgc/frame';
import type { HttpSession } from './sessions/http-session.js';

/** Credentials from an `Authorization: Basic` header (RFC 7617). */
interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * An HTTP request as a handler sees it.
 *
 * @example
 * ```ts
 * commandGet: (request, response) => {
 *   if (request.document === '/hello') response.contentText = `hello ${request.query.get('name') ?? 'you'}`;
 * }
 * ```
 */
export class HttpRequest {
  /** The Node request, for anything not wrapped here. */
  readonly raw: IncomingMessage;
  /** The method (`GET`, `POST`, ...). */
  readonly method: string;
  /** The decoded path without the query (the manual's `Document`); `''` when it cannot be decoded. */
  readonly document: string;
  /** The query string's parameters (the manual's `Params`). */
  readonly query: URLSearchParams;
  /** The client's address (the manual's `RemoteIP`). */
  readonly remoteIP: string;
  /** The HTTP session, when sessions are on and the request has one. */
  session: HttpSession | undefined;
  readonly #maxBodySize: number;
  #credentials: BasicCredentials | null | undefined;
  #body: Promise<Buffer> | undefined;

  /**
   * @param raw - the Node request
   * @param maxBodySize - the largest body {@link HttpRequest.body} reads
   */
  constructor(raw: IncomingMessage, maxBodySize: number) {
    this.raw = raw;
    this.method = raw.method ?? 'GET';
    const url = new URL(raw.url ?? '/', 'http://localhost');
    this.document = safeDecode(url.pathname);
    this.query = url.searchParams;
    this.remoteIP = raw.socket.remoteAddress ?? '';
    this.#maxBodySize = maxBodySize;
  }

  /** The request headers, names lower-cased. */
  get headers(): IncomingHttpHeaders {
    return this.raw.headers;
  }

  /** The user name of Basic credentials (the manual's `AuthUsername`), if sent. */
  get authUsername(): string | undefined {
    return this.#basic()?.username;
  }

  /** The password of Basic credentials (the manual's `AuthPassword`), if sent. */
  get authPassword(): string | undefined {
    return this.#basic()?.password;
  }

  /**
   * Reads the whole body (once; later calls return the same bytes).
   *
   * @returns the body
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_PAYLOAD_TOO_LARGE` (status 413) beyond `limits.maxBodySize`;
   *   `SGC_ERR_CONNECTION_CLOSED` when the client goes away first
   * @example
   * ```ts
   * const order = JSON.parse((await request.body()).toString('utf8'));
   * ```
   */
  body(): Promise<Buffer> {
    this.#body ??= readBody(this.raw, this.#maxBodySize);
    return this.#body;
  }

  /**
   * Reads the body as UTF-8 text.
   *
   * @returns the text
   * @throws as {@link HttpRequest.body}
   */
  async text(): Promise<string> {
    return (await this.body()).toString('utf8');
  }

  #basic(): BasicCredentials | null {
    if (this.#credentials !== undefined) return this.#credentials;
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(this.raw.headers.authorization ?? '');
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    this.#credentials = colon === -1 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    return this.#credentials;
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return '';
  }
}

function readBody(raw: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(raw.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new SgcError(ErrorCode.PayloadTooLarge, `The body is larger than ${limit} bytes`, { status: 413 }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    raw.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new SgcError(ErrorCode.PayloadTooLarge, `The body is larger than ${limit} bytes`, { status: 413 }));
        raw.destroy();
        return;
      }
      chunks.push(chunk);
    });
    raw.once('end', () => resolve(Buffer.concat(chunks)));
    raw.once('close', () => reject(new SgcError(ErrorCode.ConnectionClosed, 'The client closed the request')));
  });
}
