/**
 * Opens a tunnel through a SOCKS proxy: SOCKS4, SOCKS4a, and SOCKS5 (RFC 1928) with
 * username/password authentication (RFC 1929).
 *
 * @module
 */
import { lookup } from 'node:dns/promises';
import { isIP, type Socket } from 'node:net';
import { ErrorCode, SgcError } from '@sgc/frame';
import { authority } from './authority.js';
import { readReply, type ParsedReply } from './handshake-reader.js';
import type { ProxyDescriptor, ProxyType } from './proxy-options.js';

/** The SOCKS proxy types. */
export type SocksType = Extract<ProxyType, `socks${string}`>;

/** The destination as a SOCKS request carries it: an address, or a name the proxy resolves. */
export type SocksTarget =
  | { readonly kind: 'ipv4'; readonly address: string; readonly port: number }
  | { readonly kind: 'ipv6'; readonly address: string; readonly port: number }
  | { readonly kind: 'domain'; readonly name: string; readonly port: number };

// Replies are small: SOCKS4 8 bytes, SOCKS5 at most 4 + 1 + 255 + 2.
const MAX_REPLY = 512;

/** RFC 1928 §6, REP field. */
const SOCKS5_REPLIES: Readonly<Record<number, string>> = {
  1: 'general SOCKS server failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

/** SOCKS4 protocol description, "CD" field of the reply. */
const SOCKS4_REPLIES: Readonly<Record<number, string>> = {
  91: 'request rejected or failed',
  92: 'request rejected: the proxy cannot reach identd on the client',
  93: 'request rejected: identd reported a different user id',
};

/**
 * Turns a host into what the SOCKS request will carry. SOCKS4 has only IPv4 addresses, so a
 * name is resolved here; `socks5` also resolves names here (curl does the same; `socks5h`
 * is the scheme for proxy-side resolution); SOCKS4a and `socks5h` send the name.
 *
 * @param type - the proxy type
 * @param host - the target host (IPv6 without brackets)
 * @param port - the target port
 * @returns the target as the request will carry it
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_SOCKET` when the name does not resolve;
 *   `SGC_ERR_INVALID_ARGUMENT` for an IPv6 target through SOCKS4/4a, or a name over 255 bytes
 * @example
 * ```ts
 * await resolveSocksTarget('socks5h', 'example.com', 443); // { kind: 'domain', name: 'example.com', port: 443 }
 * ```
 */
export async function resolveSocksTarget(type: SocksType, host: string, port: number): Promise<SocksTarget> {
  const family = isIP(host);
  if (family === 4) return { kind: 'ipv4', address: host, port };
  if (family === 6) {
    if (type === 'socks4' || type === 'socks4a') {
      throw new SgcError(ErrorCode.InvalidArgument, `A ${type} proxy cannot reach the IPv6 address ${host}`);
    }
    return { kind: 'ipv6', address: host, port };
  }
  if (type === 'socks4a' || type === 'socks5h') {
    // SOCKS4a ends the name with NUL; RFC 1928 §5 gives it a one-octet length.
    if (host === '' || host.includes('\0') || Buffer.byteLength(host) > 255) {
      throw new SgcError(ErrorCode.InvalidArgument, `Invalid target host name for a SOCKS proxy: ${JSON.stringify(host)}`);
    }
    return { kind: 'domain', name: host, port };
  }
  try {
    const resolved = await lookup(host, { family: type === 'socks4' ? 4 : 0 });
    return resolved.family === 6
      ? { kind: 'ipv6', address: resolved.address, port }
      : { kind: 'ipv4', address: resolved.address, port };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SgcError(ErrorCode.Socket, `Cannot resolve ${host} for the ${type} proxy: ${reason}`, { cause: error });
  }
}

/**
 * Runs the SOCKS handshake over a connected socket; resolves once the proxy has connected
 * to the target and the socket is a raw tunnel. Bytes after the proxy's reply are pushed
 * back into the socket.
 *
 * @param socket - a connected socket to the proxy
 * @param target - the destination, from {@link resolveSocksTarget}
 * @param proxy - the proxy (type and credentials), from {@link parseProxy}
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_SOCKET` when the proxy refuses (the message names
 *   the reply code), rejects the credentials, offers no usable authentication method, sends a
 *   malformed reply, or closes first
 * @example
 * ```ts
 * const proxy = parseProxy('socks5://127.0.0.1:1080');
 * const socket = net.connect(proxy.port, proxy.host);
 * await once(socket, 'connect');
 * await socksHandshake(socket, await resolveSocksTarget('socks5', 'example.com', 80), proxy);
 * ```
 */
export async function socksHandshake(socket: Socket, target: SocksTarget, proxy: ProxyDescriptor): Promise<void> {
  if (proxy.type === 'socks4' || proxy.type === 'socks4a') return socks4(socket, target, proxy);
  if (proxy.type === 'socks5' || proxy.type === 'socks5h') return socks5(socket, target, proxy);
  throw new SgcError(ErrorCode.InvalidArgument, `Not a SOCKS proxy: ${proxy.type}`);
}

async function socks4(socket: Socket, target: SocksTarget, proxy: ProxyDescriptor): Promise<void> {
  const what = `SOCKS4 proxy ${authority(proxy.host, proxy.port)}`;
  if (target.kind === 'ipv6') throw new SgcError(ErrorCode.InvalidArgument, `${what} cannot reach an IPv6 address`);
  // VN=4, CD=1 (CONNECT), DSTPORT, DSTIP, USERID, NUL. SOCKS4a: DSTIP 0.0.0.x (x != 0) says
  // the host name follows the USERID's NUL, itself NUL-terminated.
  const header = Buffer.alloc(8);
  header[0] = 4;
  header[1] = 1;
  header.writeUInt16BE(target.port, 2);
  const parts = [header, Buffer.from(proxy.username ?? '', 'utf8'), Buffer.of(0)];
  if (target.kind === 'domain') {
    header.set([0, 0, 0, 1], 4);
    parts.push(Buffer.from(target.name, 'utf8'), Buffer.of(0));
  } else {
    header.set(ipv4Bytes(target.address), 4);
  }
  const pending = readReply(socket, parseSocks4Reply(what), what, MAX_REPLY);
  socket.write(Buffer.concat(parts));
  const code = await pending;
  // CD=90: request granted.
  if (code !== 90) {
    const reason = SOCKS4_REPLIES[code] ?? 'unknown reply code';
    throw new SgcError(ErrorCode.Socket, `${what} refused the connection to ${describe(target)}: ${reason} (reply ${code})`);
  }
}

function parseSocks4Reply(what: string) {
  return (received: Buffer): ParsedReply<number> | undefined => {
    // VN=0, CD, DSTPORT, DSTIP: always 8 bytes.
    if (received.length >= 1 && received[0] !== 0) throw malformed(what, `version ${received[0]}`);
    if (received.length < 8) return undefined;
    return { value: received[1] ?? 0, length: 8 };
  };
}

async function socks5(socket: Socket, target: SocksTarget, proxy: ProxyDescriptor): Promise<void> {
  const what = `SOCKS5 proxy ${authority(proxy.host, proxy.port)}`;
  // RFC 1928 §3: offer "no authentication" (0x00), plus username/password (0x02) when we have one.
  const methods = proxy.username === undefined ? [0x00] : [0x00, 0x02];
  const pendingMethod = readReply(socket, parseSocks5Method(what), what, MAX_REPLY);
  socket.write(Buffer.of(5, methods.length, ...methods));
  const method = await pendingMethod;
  if (method === 0x02 && proxy.username !== undefined) {
    await socks5Authenticate(socket, proxy, what);
  } else if (method === 0xff) {
    throw new SgcError(
      ErrorCode.Socket,
      proxy.username === undefined
        ? `${what} requires authentication (no acceptable method offered)`
        : `${what} accepts none of the offered authentication methods (none, username/password)`,
    );
  } else if (method !== 0x00) {
    throw malformed(what, `it chose authentication method ${method}, which was not offered`);
  }

  // RFC 1928 §4: VER=5, CMD=1 (CONNECT), RSV=0, ATYP, DST.ADDR, DST.PORT.
  let address: Buffer;
  if (target.kind === 'ipv4') address = Buffer.of(0x01, ...ipv4Bytes(target.address));
  else if (target.kind === 'ipv6') address = Buffer.of(0x04, ...ipv6Bytes(target.address));
  else {
    const name = Buffer.from(target.name, 'utf8');
    address = Buffer.concat([Buffer.of(0x03, name.length), name]);
  }
  const port = Buffer.alloc(2);
  port.writeUInt16BE(target.port);
  const pendingReply = readReply(socket, parseSocks5Reply(what), what, MAX_REPLY);
  socket.write(Buffer.concat([Buffer.of(5, 1, 0), address, port]));
  const reply = await pendingReply;
  if (reply !== 0) {
    const reason = SOCKS5_REPLIES[reply] ?? 'unknown reply code';
    throw new SgcError(ErrorCode.Socket, `${what} could not connect to ${describe(target)}: ${reason} (reply ${reply})`);
  }
}

async function socks5Authenticate(socket: Socket, proxy: ProxyDescriptor, what: string): Promise<void> {
  // RFC 1929 §2: VER=1, ULEN, UNAME, PLEN, PASSWD.
  const user = Buffer.from(proxy.username ?? '', 'utf8');
  const password = Buffer.from(proxy.password ?? '', 'utf8');
  const pending = readReply(socket, parseSocks5AuthReply, what, MAX_REPLY);
  socket.write(Buffer.concat([Buffer.of(1, user.length), user, Buffer.of(password.length), password]));
  let status: number;
  try {
    status = await pending;
  } catch (error) {
    // Some servers drop the connection instead of answering a bad password.
    if (error instanceof SgcError && error.code === ErrorCode.Socket) {
      throw new SgcError(ErrorCode.Socket, `${what} closed the connection during authentication (wrong user name or password?)`, { cause: error });
    }
    throw error;
  }
  // RFC 1929 §2: STATUS 0 is success; anything else fails, and the server closes.
  if (status !== 0) {
    throw new SgcError(ErrorCode.Socket, `${what} authentication failed for user ${JSON.stringify(proxy.username)} (status ${status})`);
  }
}

function parseSocks5Method(what: string) {
  return (received: Buffer): ParsedReply<number> | undefined => {
    if (received.length >= 1 && received[0] !== 5) throw malformed(what, `version ${received[0]}`);
    return received.length < 2 ? undefined : { value: received[1] ?? 0, length: 2 };
  };
}

function parseSocks5AuthReply(received: Buffer): ParsedReply<number> | undefined {
  // The version byte is 1 by RFC 1929, but some servers echo 5; only STATUS matters.
  return received.length < 2 ? undefined : { value: received[1] ?? 0, length: 2 };
}

function parseSocks5Reply(what: string) {
  return (received: Buffer): ParsedReply<number> | undefined => {
    // RFC 1928 §6: VER, REP, RSV, ATYP, BND.ADDR, BND.PORT.
    if (received.length >= 1 && received[0] !== 5) throw malformed(what, `version ${received[0]}`);
    if (received.length < 2) return undefined;
    const reply = received[1] ?? 0;
    // On failure the server closes soon after; do not wait for a BND that may never come.
    if (reply !== 0) return { value: reply, length: received.length };
    if (received.length < 5) return undefined;
    const type = received[3];
    let addressLength: number;
    if (type === 0x01) addressLength = 4;
    else if (type === 0x04) addressLength = 16;
    else if (type === 0x03) addressLength = 1 + (received[4] ?? 0);
    else throw malformed(what, `address type ${type}`);
    const length = 4 + addressLength + 2;
    return received.length < length ? undefined : { value: 0, length };
  };
}

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/**
 * The 16 bytes of an IPv6 address (RFC 4291 §2.2 text forms: `::` compression, a dotted IPv4
 * tail; a `%zone` suffix is dropped, as it is meaningless to the proxy).
 *
 * @internal
 */
export function ipv6Bytes(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const words: number[] = [];
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail?.[1] !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(tail[1]);
    text = `${text.slice(0, -tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((word) => parseInt(word, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  words.push(...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right);
  return words.flatMap((word) => [word >> 8, word & 0xff]);
}

function describe(target: SocksTarget): string {
  return target.kind === 'domain' ? authority(target.name, target.port) : authority(target.address, target.port);
}

function malformed(what: string, detail: string): SgcError {
  return new SgcError(ErrorCode.Socket, `${what} sent a malformed reply (${detail})`);
}
