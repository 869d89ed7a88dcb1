/**
 * Proxy settings: the accepted forms, and their validation into a {@link ProxyDescriptor}.
 *
 * @module
 */
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { ErrorCode, SgcError } from '@sgc/frame';

/** The proxy protocols {@link parseProxy} understands, named after their URL schemes. */
export type ProxyType = 'http' | 'https' | 'socks4' | 'socks4a' | 'socks5' | 'socks5h';

/** TLS settings for the connection to an `https://` proxy (not to the target). */
export type ProxyTlsOptions = Omit<ConnectionOptions, 'host' | 'port' | 'socket' | 'path'>;

/**
 * The object form of {@link ProxyOptions}, for settings a URL cannot carry.
 *
 * @example
 * ```ts
 * const proxy: ProxyConfig = {
 *   url: 'https://proxy.corp:8443',
 *   headers: { 'X-Tenant': 'blue' },
 *   tls: { ca: readFileSync('corp-ca.pem') },
 * };
 * ```
 */
export interface ProxyConfig {
  /** The proxy URL, as for the string form of {@link ProxyOptions}. */
  url: string;
  /**
   * Extra headers for the `CONNECT` request (HTTP and HTTPS proxies only). A header
   * named like one sgc sets (`Host`, `Proxy-Authorization`) replaces it.
   */
  headers?: Readonly<Record<string, string>>;
  /** TLS settings for the hop to an `https://` proxy (a private CA, a client certificate); `https` only. */
  tls?: ProxyTlsOptions;
}

/**
 * How to reach the target through a proxy.
 *
 * - A URL string: `http://[user:pass@]host[:port]`, `https://…` (TLS to the proxy),
 *   `socks4://[user@]host[:port]`, `socks4a://…`, `socks5://[user:pass@]host[:port]`
 *   (target names resolved locally, as curl does) or `socks5h://…` (the proxy resolves them).
 *   Credentials are percent-decoded. Default ports: 80 (`http`), 443 (`https`), 1080 (SOCKS).
 * - A {@link ProxyConfig} object, for extra `CONNECT` headers or proxy TLS settings.
 * - `'env'`: read `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and `NO_PROXY` (see {@link proxyForUrl}).
 *
 * @example
 * ```ts
 * const socket = await dial({ host: 'example.com', port: 443, secure: true, timeout: 5000,
 *   proxy: 'socks5h://alice:s3cr%40t@127.0.0.1:1080' });
 * ```
 */
export type ProxyOptions = string | ProxyConfig | 'env';

/** A validated, normalized proxy, as returned by {@link parseProxy}. */
export interface ProxyDescriptor {
  /** The protocol spoken to the proxy. */
  readonly type: ProxyType;
  /** The proxy's host name or IP address (IPv6 without brackets). */
  readonly host: string;
  /** The proxy's TCP port. */
  readonly port: number;
  /** The percent-decoded user name, if the URL had one. */
  readonly username: string | undefined;
  /** The percent-decoded password, if the URL had one. */
  readonly password: string | undefined;
  /** Extra `CONNECT` request headers (empty for SOCKS). */
  readonly headers: Readonly<Record<string, string>>;
  /** TLS settings for an `https` proxy. */
  readonly tls: ProxyTlsOptions | undefined;
}

const DEFAULT_PORTS: Readonly<Record<ProxyType, number>> = {
  http: 80,
  https: 443,
  socks4: 1080,
  socks4a: 1080,
  socks5: 1080,
  socks5h: 1080,
};

// RFC 9110 §5.1: a field name is a token; §5.5: a value has no CR, LF or NUL.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FIELD_VALUE = /^[^\r\n\0]*$/;

/**
 * Validates a proxy URL (or {@link ProxyConfig}) and normalizes it.
 *
 * @param proxy - a proxy URL string or a {@link ProxyConfig}; `'env'` must be resolved first
 *   with {@link proxyForUrl}
 * @returns the normalized proxy; the port defaults to 80 for `http`, 443 for `https`, 1080 for SOCKS
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for an unparsable URL, an
 *   unsupported scheme, a missing host, bad percent-encoding, credentials the protocol cannot
 *   carry (a SOCKS4 password, a user name with `:` for Basic auth, SOCKS5 fields over 255 bytes),
 *   `headers` that are not valid HTTP fields or are given for a SOCKS proxy, or `tls` for a
 *   proxy that is not `https`
 * @example
 * ```ts
 * parseProxy('http://bob:p%40ss@[::1]:3128');
 * // { type: 'http', host: '::1', port: 3128, username: 'bob', password: 'p@ss', headers: {}, tls: undefined }
 * ```
 */
export function parseProxy(proxy: string | ProxyConfig): ProxyDescriptor {
  const config: ProxyConfig = typeof proxy === 'string' ? { url: proxy } : proxy;
  if (config.url === 'env') {
    throw invalid("Proxy 'env' must be resolved with proxyForUrl() before parseProxy()");
  }
  let url: URL;
  try {
    url = new URL(config.url);
  } catch (error) {
    throw new SgcError(ErrorCode.InvalidArgument, `Invalid proxy URL: ${redact(config.url)}`, { cause: error });
  }
  const type = url.protocol.slice(0, -1);
  if (!isProxyType(type)) {
    throw invalid(`Unsupported proxy scheme ${url.protocol} (use http, https, socks4, socks4a, socks5 or socks5h)`);
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (host === '') throw invalid(`Proxy URL has no host: ${redact(config.url)}`);
  const port = url.port === '' ? DEFAULT_PORTS[type] : Number(url.port);
  if (port === 0) throw invalid('Proxy port must be between 1 and 65535');
  const username = url.username === '' ? undefined : decode(url.username);
  const password = url.password === '' ? undefined : decode(url.password);
  checkCredentials(type, username, password);
  if (config.tls !== undefined && type !== 'https') throw invalid(`Proxy TLS settings need an https proxy, not ${type}`);
  const headers = { ...config.headers };
  if (Object.keys(headers).length > 0) {
    if (type !== 'http' && type !== 'https') throw invalid(`Proxy headers need an HTTP proxy, not ${type}`);
    for (const [name, value] of Object.entries(headers)) {
      if (!TOKEN.test(name) || !FIELD_VALUE.test(value)) throw invalid(`Invalid proxy header ${JSON.stringify(name)}`);
    }
  }
  return {
    type,
    host: isIP(host) === 0 ? host.toLowerCase() : host,
    port,
    username,
    password,
    headers,
    tls: config.tls,
  };
}

function checkCredentials(type: ProxyType, username: string | undefined, password: string | undefined): void {
  if (password !== undefined && username === undefined) throw invalid('Proxy URL has a password but no user name');
  switch (type) {
    case 'http':
    case 'https':
      // RFC 7617 §2: the user-id of Basic credentials cannot contain a colon.
      if (username?.includes(':')) throw invalid('A proxy user name for Basic authentication cannot contain ":"');
      break;
    case 'socks4':
    case 'socks4a':
      // SOCKS4 only carries a USERID, NUL-terminated; there is nowhere to put a password.
      if (password !== undefined) throw invalid('SOCKS4 proxies take a user name only, not a password');
      if (username?.includes('\0')) throw invalid('A SOCKS4 user name cannot contain NUL');
      break;
    case 'socks5':
    case 'socks5h':
      // RFC 1929 §2: ULEN and PLEN are single octets, and neither may be zero.
      if (username !== undefined && Buffer.byteLength(username) > 255) throw invalid('SOCKS5 user name is longer than 255 bytes');
      if (password !== undefined && Buffer.byteLength(password) > 255) throw invalid('SOCKS5 password is longer than 255 bytes');
      break;
  }
}

function isProxyType(value: string): value is ProxyType {
  return Object.hasOwn(DEFAULT_PORTS, value);
}

function decode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch (error) {
    throw new SgcError(ErrorCode.InvalidArgument, 'Proxy credentials are not valid percent-encoding', { cause: error });
  }
}

/** Hides credentials from URLs that end up in error messages. */
function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}

function invalid(message: string): SgcError {
  return new SgcError(ErrorCode.InvalidArgument, message);
}
