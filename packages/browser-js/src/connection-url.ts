/**
 * The addresses one `sgcWebSocket` talks to: the WebSocket URL, the event-stream URL of the
 * server-sent events fallback (same host and path, HTTP scheme), and the URL it posts its
 * messages back to over SSE.
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';

/**
 * The manual's URL authentication target: `new sgcWebSocket({ host, user, password })`.
 * The credentials travel in the path (`/sgc/auth/url/<user>/<password>`), so use it over
 * `wss://` only.
 */
export interface UrlAuth {
  /** The server, e.g. `ws://example.com:8080`; its path is replaced by the authentication path. */
  host: string;
  /** The user name. */
  user: string;
  /** The password. */
  password: string;
}

/** Both addresses of one connection. */
export interface ConnectionUrls {
  /** For `WebSocket`: `ws://` or `wss://`. */
  readonly websocket: string;
  /** For `EventSource` and the messages posted back: `http://` or `https://`. */
  readonly sse: string;
}

/** The path prefix @sgc/server accepts URL authentication on (its `authentication.url` option). */
export const URL_AUTH_PATH = '/sgc/auth/url/';

/**
 * The query parameter naming the connection a message posted back over SSE belongs to
 * (`@sgc/http-server`'s `SSE_CONNECTION_PARAM`).
 */
export const SSE_CONNECTION_PARAM = 'sgcConnection';

// The same server answers both: WebSocket on ws(s), its event streams on http(s).
const TWIN_SCHEME: Readonly<Record<string, readonly [websocket: string, sse: string]>> = {
  'ws:': ['ws:', 'http:'],
  'http:': ['ws:', 'http:'],
  'wss:': ['wss:', 'https:'],
  'https:': ['wss:', 'https:'],
};

/**
 * Works out the WebSocket and event-stream URLs of a connection target.
 *
 * @param target - a `ws://`, `wss://`, `http://` or `https://` URL (relative URLs are taken
 *   from `base`), or a {@link UrlAuth} object for URL authentication
 * @param base - the URL relative targets are resolved against
 *   @defaultValue the page's address (`location.href`) in a browser, none elsewhere
 * @returns both URLs, without any `#fragment` (WebSocket refuses one)
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a URL that does not parse
 *   or whose scheme is not one of the four
 * @example
 * ```ts
 * connectionUrls('ws://example.com:8080/chat?room=1');
 * // { websocket: 'ws://example.com:8080/chat?room=1', sse: 'http://example.com:8080/chat?room=1' }
 * connectionUrls({ host: 'wss://example.com', user: 'admin', password: '1234' }).websocket;
 * // 'wss://example.com/sgc/auth/url/admin/1234'
 * ```
 */
export function connectionUrls(target: string | UrlAuth, base: string | undefined = pageAddress()): ConnectionUrls {
  const url = parse(typeof target === 'string' ? target : target.host, base);
  if (typeof target !== 'string') url.pathname = `${URL_AUTH_PATH}${encodeURIComponent(target.user)}/${encodeURIComponent(target.password)}`;
  url.hash = '';
  const schemes = TWIN_SCHEME[url.protocol];
  if (schemes === undefined) {
    throw new SgcError(ErrorCode.InvalidArgument, `The URL must be ws://, wss://, http:// or https://, got ${url.protocol}//`);
  }
  url.protocol = schemes[0];
  const websocket = url.href;
  url.protocol = schemes[1];
  return { websocket, sse: url.href };
}

/**
 * The URL a message of an SSE connection is posted to: the stream's own URL with
 * `sgcConnection=<id>` added to its query.
 *
 * @param sseUrl - the event stream's URL
 * @param connectionId - the id the stream announced in its `sgc@connection` event
 * @returns the URL to `POST` the message to
 * @example
 * ```ts
 * postBackUrl('http://example.com/chat?room=1', 'c0ffee');
 * // 'http://example.com/chat?room=1&sgcConnection=c0ffee'
 * ```
 */
export function postBackUrl(sseUrl: string, connectionId: string): string {
  const url = new URL(sseUrl);
  url.searchParams.set(SSE_CONNECTION_PARAM, connectionId);
  return url.href;
}

function parse(text: string, base: string | undefined): URL {
  try {
    return new URL(text, base);
  } catch (cause) {
    throw new SgcError(ErrorCode.InvalidArgument, `Not a valid URL: ${text}`, { cause });
  }
}

function pageAddress(): string | undefined {
  return typeof location === 'undefined' ? undefined : location.href;
}
