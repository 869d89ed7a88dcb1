/**
 * Picks a proxy for a URL from the environment: `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`
 * and `NO_PROXY`, matched the way curl matches them.
 *
 * @module
 */
import { BlockList, isIP } from 'node:net';
import { ErrorCode, SgcError } from '@sgc/frame';

/** The environment {@link proxyForUrl} reads; `process.env` by default. */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/**
 * Returns the proxy URL the environment assigns to a target URL, or `undefined` for a direct
 * connection.
 *
 * 1. Secure targets (`wss:`, `https:`) read `https_proxy`, then `HTTPS_PROXY`; plain ones
 *    (`ws:`, `http:`) read `http_proxy`, then `HTTP_PROXY`. If neither is set, `all_proxy`,
 *    then `ALL_PROXY`. The first variable that is set wins, and an empty value means "no proxy".
 * 2. `no_proxy` (or `NO_PROXY`) then may exempt the target. It is a list separated by commas
 *    and/or spaces; each entry is
 *    - `*`: every host;
 *    - a domain, with or without a leading `.` (or `*.`): that name and every name under it
 *      (`example.com` matches `example.com` and `a.example.com`, not `notexample.com`);
 *    - an IP literal or a CIDR block (`10.0.0.0/8`, `fd00::/8`): addresses, compared as addresses,
 *      so an IP target never matches a domain entry;
 *    - any of these with `:port` (IPv6 as `[::1]:8080`): only targets on that port.
 *    Matching ignores case and a trailing dot.
 * 3. A value without a scheme (`proxy.corp:3128`) means `http://`, as in curl.
 *
 * Unlike curl, `HTTP_PROXY` in capitals is honoured; do not call this from a CGI script,
 * where it is set from the client's `Proxy:` request header ("httpoxy").
 *
 * @param url - the target: a `ws:`, `wss:`, `http:` or `https:` URL
 * @param env - the variables to read; `process.env` by default
 * @returns the proxy URL (pass it to {@link parseProxy}), or `undefined`
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for an unparsable URL or another scheme
 * @example
 * ```ts
 * proxyForUrl('wss://api.example.com/feed', { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: '.internal' });
 * // 'http://proxy:3128'
 * proxyForUrl('ws://db.internal:8080', { ALL_PROXY: 'socks5h://gw:1080', NO_PROXY: 'internal' });
 * // undefined
 * ```
 */
export function proxyForUrl(url: string | URL, env: ProxyEnv = process.env): string | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch (error) {
    throw new SgcError(ErrorCode.InvalidArgument, `Invalid URL: ${String(url)}`, { cause: error });
  }
  let secure: boolean;
  if (target.protocol === 'wss:' || target.protocol === 'https:') secure = true;
  else if (target.protocol === 'ws:' || target.protocol === 'http:') secure = false;
  else throw new SgcError(ErrorCode.InvalidArgument, `No proxy environment for ${target.protocol} URLs`);

  const names = secure ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  const proxy = firstSet(env, names) ?? firstSet(env, ['all_proxy', 'ALL_PROXY']);
  if (proxy === undefined || proxy.trim() === '') return undefined;

  const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
  const port = target.port === '' ? (secure ? 443 : 80) : Number(target.port);
  const noProxy = firstSet(env, ['no_proxy', 'NO_PROXY']);
  if (noProxy !== undefined && matchesNoProxy(host, port, noProxy)) return undefined;

  const value = proxy.trim();
  return value.includes('://') ? value : `http://${value}`;
}

/**
 * Whether a `NO_PROXY` list exempts `host:port` (the rules of {@link proxyForUrl}, step 2).
 *
 * @param host - the target host; IPv6 with or without brackets
 * @param port - the target port
 * @param noProxy - the list
 * @returns `true` for a direct connection
 * @internal
 */
export function matchesNoProxy(host: string, port: number, noProxy: string): boolean {
  const name = normalizeHost(host);
  const family = isIP(name);
  for (const raw of noProxy.split(/[\s,]+/)) {
    if (raw === '') continue;
    if (raw === '*') return true;
    const entry = splitPort(raw.toLowerCase());
    if (entry.port !== undefined && entry.port !== port) continue;
    const entryHost = normalizeHost(entry.host);
    if (entryHost === '') continue;
    if (family !== 0) {
      if (ipMatches(name, family, entryHost)) return true;
      continue;
    }
    const domain = entryHost.replace(/^\*?\./, '');
    if (domain !== '' && (name === domain || name.endsWith(`.${domain}`))) return true;
  }
  return false;
}

function firstSet(env: ProxyEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

function normalizeHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase().replace(/\.$/, '');
}

/** Splits `host:port`, `[v6]:port`, or leaves a bare IPv6 literal or CIDR block whole. */
function splitPort(entry: string): { host: string; port: number | undefined } {
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { host: bracketed[1] ?? '', port: toPort(bracketed[2]) };
  const colon = entry.indexOf(':');
  if (colon !== -1 && colon === entry.lastIndexOf(':')) {
    const port = toPort(entry.slice(colon + 1));
    // An entry like `host:abc` names no port we could ever match.
    return port === undefined ? { host: '', port: undefined } : { host: entry.slice(0, colon), port };
  }
  return { host: entry, port: undefined };
}

function toPort(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

function ipMatches(address: string, family: number, entry: string): boolean {
  const type = family === 6 ? 'ipv6' : 'ipv4';
  const slash = entry.indexOf('/');
  const base = slash === -1 ? entry : entry.slice(0, slash);
  if (isIP(base) !== family) return false;
  const list = new BlockList();
  if (slash === -1) {
    list.addAddress(base, type);
  } else {
    const bits = entry.slice(slash + 1);
    const prefix = Number(bits);
    if (!/^\d{1,3}$/.test(bits) || prefix > (family === 6 ? 128 : 32)) return false;
    list.addSubnet(base, prefix, type);
  }
  return list.check(address, type);
}
