import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorCode, SgcError } from '@sgc/frame';
import { testCertificates } from '@sgc/test-certs';
import { dial } from '../src/dial/index.js';
import { findBinary, startDante, startMicrosocks, type RunningProxy } from './_proxies.js';
import { byteReader, dribble, roundTrip, socketTracker, startEchoServer, type EchoServer } from './_targets.js';

const { ca } = testCertificates();
const AUTH = { user: 'bob', password: 's3cret pass' };

const suiteCleanups: Array<() => Promise<unknown> | void> = [];
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  for (const cleanup of suiteCleanups.splice(0).reverse()) await cleanup();
});

let microsocks: RunningProxy;
let microsocksAuth: RunningProxy;
let dante: RunningProxy;
let plain: EchoServer;
let v6: EchoServer;
let banner: EchoServer;
let blocked: EchoServer;
let trusted: EchoServer;
let untrusted: EchoServer;

beforeAll(async () => {
  [plain, v6, banner, blocked, trusted, untrusted] = await Promise.all([
    startEchoServer({ dualStack: true }),
    startEchoServer({ ipv6Only: true }),
    startEchoServer({ banner: 'hello from the target\n' }),
    startEchoServer(),
    startEchoServer({ tls: 'trusted', dualStack: true }),
    startEchoServer({ tls: 'untrusted' }),
  ]);
  for (const server of [plain, v6, banner, blocked, trusted, untrusted]) suiteCleanups.push(() => server.close());
});

// Fails (rather than skips) on a machine without the proxies, naming the package to install.
it.each([
  ['microsocks', 'microsocks'],
  ['danted', 'dante-server'],
] as const)('has %s installed (Debian package %s)', (program, aptPackage) => {
  expect(findBinary(program, aptPackage)).toMatch(new RegExp(`/${program}$`));
});

function keep<T extends Socket>(socket: T): T {
  cleanups.push(() => void socket.destroy());
  return socket;
}

async function listen(server: Server, tracker: ReturnType<typeof socketTracker>): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    tracker.destroyAll();
    return new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as { port: number }).port;
}

/** What a scripted SOCKS5 server saw. */
interface Socks5Exchange {
  methods: number[];
  credentials?: { user: string; password: string };
  atyp: number;
  address: string;
  port: number;
}

/** Options of {@link fakeSocks5}. */
interface Socks5Script {
  /** Demand these credentials (method 0x02). */
  auth?: { user: string; password: string };
  /** Force the method byte (e.g. one that was not offered). */
  method?: number;
  /** The reply to CONNECT; default success with an IPv4 BND. */
  reply?: Buffer;
  /** Bytes to glue onto the reply, as if the target spoke first. */
  early?: string;
  /** Write replies one byte at a time. */
  split?: boolean;
  /** Never answer CONNECT. */
  hang?: boolean;
}

/** A scripted SOCKS5 server (RFC 1928/1929) that relays to the requested 127.0.0.1/::1 port. */
async function fakeSocks5(script: Socks5Script = {}): Promise<{ port: number; exchanges: Socks5Exchange[]; closed: () => number }> {
  const tracker = socketTracker();
  const exchanges: Socks5Exchange[] = [];
  let closed = 0;
  const server = createServer((socket) => {
    tracker.add(socket);
    socket.on('close', () => closed++);
    const reader = byteReader(socket);
    const send = async (bytes: Buffer): Promise<void> => {
      if (script.split) await dribble(socket, bytes);
      else socket.write(bytes);
    };
    void (async () => {
      const [, count = 0] = await reader.read(2);
      const exchange: Partial<Socks5Exchange> = { methods: [...(await reader.read(count))] };
      const method = script.method ?? (script.auth ? 0x02 : 0x00);
      await send(Buffer.of(5, method));
      if (method === 0x02) {
        const [, userLength = 0] = await reader.read(2);
        const user = (await reader.read(userLength)).toString();
        const [passwordLength = 0] = await reader.read(1);
        const password = (await reader.read(passwordLength)).toString();
        exchange.credentials = { user, password };
        const ok = user === script.auth?.user && password === script.auth?.password;
        await send(Buffer.of(1, ok ? 0 : 1));
        if (!ok) return void socket.end();
      }
      const [, , , atyp = 0] = await reader.read(4);
      let address: string;
      if (atyp === 1) address = [...(await reader.read(4))].join('.');
      else if (atyp === 4) address = (await reader.read(16)).toString('hex');
      else address = (await reader.read((await reader.read(1))[0] ?? 0)).toString();
      const port = (await reader.read(2)).readUInt16BE();
      exchanges.push({ ...exchange, atyp, address, port } as Socks5Exchange);
      if (script.hang) return;
      const reply = script.reply ?? Buffer.of(5, 0, 0, 1, 127, 0, 0, 1, 0x1f, 0x90);
      await send(Buffer.concat([reply, Buffer.from(script.early ?? '')]));
      if (reply[1] !== 0) return void socket.end();
      const upstream = connect(port, atyp === 4 ? '::1' : '127.0.0.1');
      tracker.add(upstream);
      upstream.write(reader.detach());
      socket.pipe(upstream).pipe(socket);
    })().catch(() => socket.destroy());
  });
  const port = await listen(server, tracker);
  return { port, exchanges, closed: () => closed };
}

describe('dial() through microsocks (SOCKS5)', () => {
  beforeAll(async () => {
    [microsocks, microsocksAuth] = await Promise.all([startMicrosocks(), startMicrosocks(AUTH)]);
    suiteCleanups.push(() => microsocks.stop(), () => microsocksAuth.stop());
  });

  it('tunnels TCP to an IPv4 address', async () => {
    const socket = keep(await dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: `socks5://127.0.0.1:${microsocks.port}` }));
    expect(socket.remotePort).toBe(microsocks.port);
    expect(await roundTrip(socket, 'socks5')).toBe('socks5');
  });

  it('tunnels TCP to an IPv6 address', async () => {
    const socket = keep(await dial({ host: '::1', port: v6.port, secure: false, timeout: 5000, proxy: `socks5://127.0.0.1:${microsocks.port}` }));
    expect(await roundTrip(socket, 'over v6')).toBe('over v6');
  });

  it('lets the proxy resolve the name with socks5h, and resolves it locally with socks5', async () => {
    for (const scheme of ['socks5h', 'socks5']) {
      const socket = keep(await dial({ host: 'localhost', port: plain.port, secure: false, timeout: 5000, proxy: `${scheme}://127.0.0.1:${microsocks.port}` }));
      expect(await roundTrip(socket, scheme)).toBe(scheme);
    }
  });

  it('delivers what a server sends first, unharmed', async () => {
    const socket = keep(await dial({ host: '127.0.0.1', port: banner.port, secure: false, timeout: 5000, proxy: `socks5://127.0.0.1:${microsocks.port}` }));
    expect(await roundTrip(socket, 'me next', 'hello from the target\n')).toBe('hello from the target\nme next');
  });

  it('runs TLS to the target inside the tunnel', async () => {
    const socket = keep(await dial({ host: 'localhost', port: trusted.port, secure: true, tls: { ca }, timeout: 5000, proxy: `socks5h://127.0.0.1:${microsocks.port}` }));
    expect((socket as TLSSocket).authorized).toBe(true);
    expect(await roundTrip(socket, 'tls over socks')).toBe('tls over socks');
  });

  it('rejects an untrusted target certificate with the TLS error as cause', async () => {
    const error = await dial({ host: 'localhost', port: untrusted.port, secure: true, tls: { ca }, timeout: 5000, proxy: `socks5h://127.0.0.1:${microsocks.port}` }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SgcError);
    expect(error).toMatchObject({ code: ErrorCode.Socket, cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
  });

  it('authenticates with username and password (RFC 1929)', async () => {
    const proxy = `socks5://${AUTH.user}:${encodeURIComponent(AUTH.password)}@127.0.0.1:${microsocksAuth.port}`;
    const socket = keep(await dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy }));
    expect(await roundTrip(socket, 'authenticated')).toBe('authenticated');
  });

  it('reports a wrong password as an authentication failure', async () => {
    const proxy = `socks5://${AUTH.user}:wrong@127.0.0.1:${microsocksAuth.port}`;
    await expect(dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy })).rejects.toMatchObject({
      code: ErrorCode.Socket,
      message: expect.stringMatching(/^SOCKS5 proxy 127\.0\.0\.1:\d+ authentication failed for user "bob" \(status [1-9]\d*\)$/),
    });
  });

  it('reports missing credentials as "requires authentication"', async () => {
    await expect(
      dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: `socks5://127.0.0.1:${microsocksAuth.port}` }),
    ).rejects.toMatchObject({ code: ErrorCode.Socket, message: expect.stringContaining('requires authentication') });
  });

  it('reports a target the proxy cannot reach with its reply code', async () => {
    const closed = await startEchoServer();
    await closed.close();
    await expect(
      dial({ host: '127.0.0.1', port: closed.port, secure: false, timeout: 5000, proxy: `socks5://127.0.0.1:${microsocks.port}` }),
    ).rejects.toMatchObject({ code: ErrorCode.Socket, message: expect.stringContaining(`could not connect to 127.0.0.1:${closed.port}: connection refused (reply 5)`) });
  });
});

describe('dial() through dante (SOCKS4 and SOCKS5; dante has no SOCKS4a)', () => {
  beforeAll(async () => {
    dante = await startDante({ blockPort: blocked.port });
    suiteCleanups.push(() => dante.stop());
  });

  it('tunnels TCP with SOCKS4 to an IPv4 address', async () => {
    const socket = keep(await dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: `socks4://127.0.0.1:${dante.port}` }));
    expect(await roundTrip(socket, 'socks4')).toBe('socks4');
  });

  it('resolves a name to IPv4 locally for SOCKS4', async () => {
    const socket = keep(await dial({ host: 'localhost', port: plain.port, secure: false, timeout: 5000, proxy: `socks4://127.0.0.1:${dante.port}` }));
    expect(await roundTrip(socket, 'socks4 by name')).toBe('socks4 by name');
  });

  it('runs TLS to the target through SOCKS4', async () => {
    const socket = keep(await dial({ host: 'localhost', port: trusted.port, secure: true, tls: { ca }, timeout: 5000, proxy: `socks4://127.0.0.1:${dante.port}` }));
    expect((socket as TLSSocket).authorized).toBe(true);
    expect(await roundTrip(socket, 'tls over socks4')).toBe('tls over socks4');
  });

  it('tunnels TCP with SOCKS5 and socks5h', async () => {
    for (const [scheme, host] of [['socks5', '127.0.0.1'], ['socks5h', 'localhost']] as const) {
      const socket = keep(await dial({ host, port: plain.port, secure: false, timeout: 5000, proxy: `${scheme}://127.0.0.1:${dante.port}` }));
      expect(await roundTrip(socket, scheme)).toBe(scheme);
    }
  });

  it('reports a SOCKS4 refusal by ruleset (reply 91)', async () => {
    await expect(
      dial({ host: '127.0.0.1', port: blocked.port, secure: false, timeout: 5000, proxy: `socks4://127.0.0.1:${dante.port}` }),
    ).rejects.toMatchObject({
      code: ErrorCode.Socket,
      message: `SOCKS4 proxy 127.0.0.1:${dante.port} refused the connection to 127.0.0.1:${blocked.port}: request rejected or failed (reply 91)`,
    });
  });

  it('reports a SOCKS5 refusal by ruleset (reply 2)', async () => {
    await expect(
      dial({ host: '127.0.0.1', port: blocked.port, secure: false, timeout: 5000, proxy: `socks5://127.0.0.1:${dante.port}` }),
    ).rejects.toMatchObject({
      code: ErrorCode.Socket,
      message: `SOCKS5 proxy 127.0.0.1:${dante.port} could not connect to 127.0.0.1:${blocked.port}: connection not allowed by ruleset (reply 2)`,
    });
  });

  it('refuses an IPv6 target for SOCKS4 before connecting', async () => {
    await expect(dial({ host: '::1', port: v6.port, secure: false, timeout: 5000, proxy: `socks4://127.0.0.1:${dante.port}` })).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
    });
  });
});

describe('dial() against scripted SOCKS proxies', () => {
  it('parses SOCKS5 replies that arrive one byte at a time, with authentication', async () => {
    const proxy = await fakeSocks5({ auth: { user: 'u', password: 'p' }, split: true });
    const socket = keep(await dial({ host: 'localhost', port: plain.port, secure: false, timeout: 5000, proxy: `socks5h://u:p@127.0.0.1:${proxy.port}` }));
    expect(await roundTrip(socket, 'dribbled')).toBe('dribbled');
    expect(proxy.exchanges).toEqual([
      { methods: [0x00, 0x02], credentials: { user: 'u', password: 'p' }, atyp: 3, address: 'localhost', port: plain.port },
    ]);
  });

  it('reads a BND.ADDR of any type and keeps the tunnel bytes that follow the reply', async () => {
    const domainReply = Buffer.concat([Buffer.of(5, 0, 0, 3, 11), Buffer.from('proxy.local'), Buffer.of(0x04, 0x38)]);
    const v6Reply = Buffer.concat([Buffer.of(5, 0, 0, 4), Buffer.alloc(15), Buffer.of(1, 0x04, 0x38)]);
    for (const reply of [domainReply, v6Reply]) {
      const proxy = await fakeSocks5({ reply, early: 'first tunnel bytes|', split: true });
      const socket = keep(await dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: `socks5://127.0.0.1:${proxy.port}` }));
      expect(await roundTrip(socket, 'echo', 'first tunnel bytes|')).toBe('first tunnel bytes|echo');
    }
  });

  it('sends an address for socks5 (resolved locally) and the name for socks5h', async () => {
    const proxy = await fakeSocks5();
    keep(await dial({ host: 'localhost', port: plain.port, secure: false, timeout: 5000, proxy: `socks5://127.0.0.1:${proxy.port}` }));
    keep(await dial({ host: 'localhost', port: plain.port, secure: false, timeout: 5000, proxy: `socks5h://127.0.0.1:${proxy.port}` }));
    keep(await dial({ host: '::1', port: v6.port, secure: false, timeout: 5000, proxy: `socks5h://127.0.0.1:${proxy.port}` }));
    const [local, remote, literal] = proxy.exchanges;
    expect([1, 4]).toContain(local?.atyp);
    expect(remote).toMatchObject({ methods: [0x00], atyp: 3, address: 'localhost' });
    expect(literal).toMatchObject({ atyp: 4, address: '00000000000000000000000000000001', port: v6.port });
  });

  it('rejects a wrong password with the RFC 1929 status', async () => {
    const proxy = await fakeSocks5({ auth: { user: 'u', password: 'p' } });
    await expect(dial({ host: '127.0.0.1', port: 80, secure: false, timeout: 5000, proxy: `socks5://u:nope@127.0.0.1:${proxy.port}` })).rejects.toMatchObject({
      code: ErrorCode.Socket,
      message: `SOCKS5 proxy 127.0.0.1:${proxy.port} authentication failed for user "u" (status 1)`,
    });
  });

  it('rejects a method that was not offered, and a reply of another SOCKS version', async () => {
    const greedy = await fakeSocks5({ method: 0x02 });
    await expect(dial({ host: '127.0.0.1', port: 80, secure: false, timeout: 5000, proxy: `socks5://127.0.0.1:${greedy.port}` })).rejects.toMatchObject({
      code: ErrorCode.Socket,
      message: expect.stringContaining('malformed reply'),
    });
    const confused = await fakeSocks5({ reply: Buffer.of(4, 90, 0, 0, 0, 0, 0, 0) });
    await expect(dial({ host: '127.0.0.1', port: 80, secure: false, timeout: 5000, proxy: `socks5://127.0.0.1:${confused.port}` })).rejects.toMatchObject({
      code: ErrorCode.Socket,
      message: expect.stringContaining('malformed reply (version 4)'),
    });
  });

  it('speaks SOCKS4a: sends the host name after the user id, with DSTIP 0.0.0.1', async () => {
    const tracker = socketTracker();
    const requests: Buffer[] = [];
    const server = createServer((socket) => {
      tracker.add(socket);
      const reader = byteReader(socket);
      void (async () => {
        const header = await reader.read(8);
        const user = await reader.readUntil('\0');
        const host = await reader.readUntil('\0');
        requests.push(Buffer.concat([header, user, host]));
        await dribble(socket, Buffer.of(0, 90, 0, 0, 0, 0, 0, 0));
        const upstream = connect(header.readUInt16BE(2), '127.0.0.1');
        tracker.add(upstream);
        upstream.write(reader.detach());
        socket.pipe(upstream).pipe(socket);
      })().catch(() => socket.destroy());
    });
    const port = await listen(server, tracker);
    const socket = keep(await dial({ host: 'localhost', port: plain.port, secure: false, timeout: 5000, proxy: `socks4a://carol@127.0.0.1:${port}` }));
    expect(await roundTrip(socket, 'socks4a')).toBe('socks4a');
    const expected = Buffer.concat([Buffer.of(4, 1, plain.port >> 8, plain.port & 0xff, 0, 0, 0, 1), Buffer.from('carol\0localhost\0')]);
    expect(requests[0]?.toString('hex')).toBe(expected.toString('hex'));
  });

  it('times out against a SOCKS proxy that accepts TCP but never answers', async () => {
    const tracker = socketTracker();
    let ended = 0;
    const server = createServer((socket) => {
      tracker.add(socket);
      socket.on('close', () => ended++);
      socket.resume();
    });
    const port = await listen(server, tracker);
    await expect(dial({ host: '127.0.0.1', port: 443, secure: true, timeout: 200, proxy: `socks5h://127.0.0.1:${port}` })).rejects.toMatchObject({
      code: ErrorCode.Timeout,
    });
    await vi.waitFor(() => expect(ended).toBe(1));
  });

  it('aborts mid-handshake and closes the connection to the proxy', async () => {
    const proxy = await fakeSocks5({ hang: true });
    const controller = new AbortController();
    const pending = dial({ host: 'a.test', port: 443, secure: true, timeout: 5000, signal: controller.signal, proxy: `socks5h://127.0.0.1:${proxy.port}` });
    await vi.waitFor(() => expect(proxy.exchanges).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.Aborted });
    await vi.waitFor(() => expect(proxy.closed()).toBe(1));
  });
});
