/**
 * Client authentication, each of the manual's kinds: Basic and bearer headers,
 * a token provider (how `@sgc/oauth2` plugs in), and sgc's URL and Session
 * schemes, which carry the credentials in the request path.
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';

/** How the client authenticates its handshake. */
export type ClientAuth =
  /** `Authorization: Basic` (RFC 7617). */
  | { type: 'basic'; user: string; password: string }
  /** `Authorization: Bearer <token>` (RFC 6750), the manual's Token mode. */
  | { type: 'token'; token: string }
  /** A bearer token fetched before every connect (e.g. from an OAuth2 client). */
  | { type: 'tokenProvider'; getToken: (signal: AbortSignal) => Promise<string> }
  /** sgc URL auth: connect to `/sgc/auth/url/<user>/<password>`. */
  | { type: 'url'; user: string; password: string }
  /**
   * sgc Session auth: `GET /sgc/req/auth/session/<user>/<password>` over HTTP(S) returns a
   * session token; the WebSocket then connects to `/sgc/auth/session/<token>`.
   */
  | { type: 'session'; user: string; password: string };

/** The handshake target after authentication is applied. */
export interface AuthenticatedRequest {
  /** The URL to open (URL and Session auth change its path). */
  readonly url: URL;
  /** Headers to add to the handshake. */
  readonly headers: Record<string, string>;
}

const segment = (value: string): string => encodeURIComponent(value);

/**
 * Applies `auth` to a handshake request. Session auth makes its HTTP request here.
 *
 * @param url - the WebSocket URL
 * @param auth - the authentication, or `undefined` for none
 * @param signal - cancels a session or token request
 * @returns the URL and headers to connect with
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_HANDSHAKE_FAILED` (with `status`) when the session request is refused,
 * `SGC_ERR_SOCKET` when it cannot be made, `SGC_ERR_INVALID_ARGUMENT` when a token provider returns no token
 * @example
 * ```ts
 * const { url, headers } = await authenticate(new URL('ws://host/'), { type: 'basic', user: 'a', password: 'b' }, signal);
 * ```
 */
export async function authenticate(
  url: URL,
  auth: ClientAuth | undefined,
  signal: AbortSignal,
): Promise<AuthenticatedRequest> {
  if (auth === undefined) return { url, headers: {} };
  switch (auth.type) {
    case 'basic':
      return { url, headers: { Authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` } };
    case 'token':
      return { url, headers: { Authorization: `Bearer ${auth.token}` } };
    case 'tokenProvider': {
      const token = await auth.getToken(signal);
      if (typeof token !== 'string' || token === '') {
        throw new SgcError(ErrorCode.InvalidArgument, 'The token provider returned no token');
      }
      return { url, headers: { Authorization: `Bearer ${token}` } };
    }
    case 'url':
      return { url: withPath(url, `/sgc/auth/url/${segment(auth.user)}/${segment(auth.password)}`), headers: {} };
    case 'session': {
      const token = await requestSession(url, auth.user, auth.password, signal);
      return { url: withPath(url, `/sgc/auth/session/${segment(token)}`), headers: {} };
    }
  }
}

function withPath(url: URL, path: string): URL {
  const next = new URL(url);
  next.pathname = path;
  return next;
}

/** Asks the server for a session token over plain HTTP(S) on the WebSocket's host and port. */
async function requestSession(url: URL, user: string, password: string, signal: AbortSignal): Promise<string> {
  const http = new URL(url);
  http.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  http.pathname = `/sgc/req/auth/session/${segment(user)}/${segment(password)}`;
  http.search = '';
  // undici is loaded on first use: it is only needed here, and it adds megabytes of heap to
  // every process that imports the client (which makes each major GC costlier).
  const { request } = await import('undici');
  let response;
  try {
    response = await request(http, { method: 'GET', signal });
  } catch (error) {
    throw new SgcError(ErrorCode.Socket, `Session request to ${http.host} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const body = (await response.body.text()).trim();
  if (response.statusCode !== 200 || body === '') {
    throw new SgcError(ErrorCode.HandshakeFailed, `Session authentication refused with HTTP ${response.statusCode}`, {
      status: response.statusCode,
    });
  }
  return body;
}
