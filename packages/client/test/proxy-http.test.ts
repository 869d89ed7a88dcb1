import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ErrorCode, SgcError } from '@sgc/frame';
import { testCertificates } from '@sgc/test-certs';
import { dial } from '../src/dial/index.js';
import { findBinary, startTinyproxy, type RunningProxy } from './_proxies.js';
import { byteReader, dribble, roundTrip, socketTracker, startEchoServer, type EchoServer } from './_targets.js';

const { ca, serverCert, serverKey } = testCertificates();
const AUTH = { user: 'alice', password: 'w0nderland' };

const suiteCleanups: Array<() => Promise<unknown> | void> = [];
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  for (const cleanup of suiteCleanups.splice(0).reverse()) await cleanup();
});

let open: RunningProxy;
let authenticated: RunningProxy;
let restricted: RunningProxy;
let plain: EchoServer;
let banner: EchoServer;
let trusted: EchoServer;
let untrusted: EchoServer;

beforeAll(async () => {
  [plain, banner, trusted, untrusted] = await Promise.all([
    startEchoServer({ dualStack: true }),
    startEchoServer({ banner: 'server speaks first\n' }),
    startEchoServer({ tls: 'trusted' }),
    startEchoServer({ tls: 'untrusted' }),
  ]);
  suiteCleanups.push(() => plain.close(), () => banner.close(), () => trusted.close(), () => untrusted.close());
});

// Fails (rather than skips) on a machine without the proxies, naming the package to install.
it.each([['tinyproxy', 'tinyproxy']] as const)('has %s installed (Debian package %s)', (program, aptPackage) => {
  expect(findBinary(program, aptPackage)).toMatch(new RegExp(`/${program}$`));
});

function keep<T extends Socket>(socket: T): T {
  cleanups.push(() => void socket.destroy());
  return socket;
}

async function listen(server: Server, tracker = socketTracker()): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    tracker.destroyAll();
    return new Promise((resolve) => server.close(resolve));
  });
  return (server.address() as { port: number }).port;
}

/**
 * A scripted HTTP proxy: reads the CONNECT head, lets `respond` answer, then (for 'tunnel')
 * relays to the requested target like a real proxy.
 */
async function fakeHttpProxy(
  respond: (socket: Socket, head: string) => Promise<'tunnel' | 'hang'>,
): Promise<{ port: number; requests: string[]; closed: () => number }> {
  const tracker = socketTracker();
  const requests: string[] = [];
  let closed = 0;
  const server = createServer((socket) => {
    tracker.add(socket);
    socket.on('close', () => closed++);
    const reader = byteReader(socket);
    void (async () => {
      const head = (await reader.readUntil('\r\n\r\n')).toString('latin1');
      requests.push(head);
      if ((await respond(socket, head)) !== 'tunnel' || socket.destroyed) return;
      const match = /^CONNECT \[?([^\]\s]+?)\]?:(\d+) /.exec(head);
      const upstream = connect(Number(match?.[2]), match?.[1] ?? '');
      tracker.add(upstream);
      upstream.write(reader.detach());
      socket.pipe(upstream).pipe(socket);
    })().catch(() => socket.destroy());
  });
  const port = await listen(server, tracker);
  return { port, requests, closed: () => closed };
}

describe('dial() through tinyproxy (HTTP CONNECT)', () => {
  beforeAll(async () => {
    [open, authenticated, restricted] = await Promise.all([
      startTinyproxy(),
      startTinyproxy({ auth: AUTH }),
      // CONNECT only to the TLS target's port: the plain target is refused.
      startTinyproxy({ connectPorts: [trusted.port] }),
    ]);
    suiteCleanups.push(() => open.stop(), () => authenticated.stop(), () => restricted.stop());
  });

  it('tunnels TCP to the target', async () => {
    const socket = keep(await dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${open.port}` }));
    expect(socket.remotePort).toBe(open.port);
    expect(await roundTrip(socket, 'through the tunnel')).toBe('through the tunnel');
    expect(open.output()).toContain(`CONNECT 127.0.0.1:${plain.port} HTTP/1.1`);
  });

  it('lets the proxy resolve a host name', async () => {
    const socket = keep(await dial({ host: 'localhost', port: plain.port, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${open.port}` }));
    expect(await roundTrip(socket, 'by name')).toBe('by name');
    expect(open.output()).toContain(`CONNECT localhost:${plain.port} HTTP/1.1`);
  });

  it('delivers what a server sends first, unharmed', async () => {
    const socket = keep(await dial({ host: '127.0.0.1', port: banner.port, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${open.port}` }));
    expect(await roundTrip(socket, 'then me', 'server speaks first\n')).toBe('server speaks first\nthen me');
  });

  it('runs TLS to the target inside the tunnel, verifying it against the CA', async () => {
    const socket = keep(await dial({ host: 'localhost', port: trusted.port, secure: true, tls: { ca }, timeout: 5000, proxy: `http://127.0.0.1:${open.port}` }));
    expect((socket as TLSSocket).authorized).toBe(true);
    expect(await roundTrip(socket, 'end to end')).toBe('end to end');
  });

  it('rejects an untrusted target certificate inside the tunnel with the TLS error as cause', async () => {
    const error = await dial({ host: 'localhost', port: untrusted.port, secure: true, tls: { ca }, timeout: 5000, proxy: `http://127.0.0.1:${open.port}` }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SgcError);
    expect(error).toMatchObject({ code: ErrorCode.Socket, cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
  });

  it('authenticates with Basic credentials from the URL', async () => {
    const proxy = `http://${AUTH.user}:${AUTH.password}@127.0.0.1:${authenticated.port}`;
    const socket = keep(await dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy }));
    expect(await roundTrip(socket, 'authorized')).toBe('authorized');
  });

  it('reports a wrong password as an authentication failure (tinyproxy answers 401, not 407)', async () => {
    const proxy = `http://${AUTH.user}:wrong@127.0.0.1:${authenticated.port}`;
    await expect(dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy })).rejects.toMatchObject({
      code: ErrorCode.HandshakeFailed,
      status: 401,
      message: expect.stringMatching(/authentication failed for user "alice" \(HTTP 401/),
    });
  });

  it('reports missing credentials as a 407 that requires authentication', async () => {
    await expect(
      dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${authenticated.port}` }),
    ).rejects.toMatchObject({ code: ErrorCode.HandshakeFailed, status: 407, message: expect.stringContaining('requires authentication') });
  });

  it('reports a target the proxy refuses with the proxy status', async () => {
    await expect(
      dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${restricted.port}` }),
    ).rejects.toMatchObject({ code: ErrorCode.HandshakeFailed, status: 403, message: expect.stringContaining(`refused to tunnel to 127.0.0.1:${plain.port}`) });
    // The allowed port still works through the same proxy.
    const socket = keep(await dial({ host: 'localhost', port: trusted.port, secure: true, tls: { ca }, timeout: 5000, proxy: `http://127.0.0.1:${restricted.port}` }));
    expect(await roundTrip(socket, 'allowed')).toBe('allowed');
  });

  it('reports a target the proxy cannot reach with the proxy status', async () => {
    const closed = await startEchoServer();
    await closed.close();
    const error = await dial({ host: '127.0.0.1', port: closed.port, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${open.port}` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.HandshakeFailed, message: expect.stringContaining('refused to tunnel') });
    expect((error as SgcError).status).toBeGreaterThanOrEqual(400);
  });

  it("uses http_proxy for a plain target when proxy is 'env', and honours NO_PROXY", async () => {
    vi.stubEnv('http_proxy', `127.0.0.1:${open.port}`);
    vi.stubEnv('NO_PROXY', '');
    vi.stubEnv('no_proxy', '');
    const socket = keep(await dial({ host: '127.0.0.1', port: banner.port, secure: false, timeout: 5000, proxy: 'env' }));
    expect(socket.remotePort).toBe(open.port);
    vi.stubEnv('no_proxy', `example.test, 127.0.0.1:${banner.port}`);
    const direct = keep(await dial({ host: '127.0.0.1', port: banner.port, secure: false, timeout: 5000, proxy: 'env' }));
    expect(direct.remotePort).toBe(banner.port);
  });

  it("uses https_proxy for a secure target when proxy is 'env'", async () => {
    vi.stubEnv('https_proxy', `http://127.0.0.1:${open.port}`);
    vi.stubEnv('no_proxy', '');
    const socket = keep(await dial({ host: 'localhost', port: trusted.port, secure: true, tls: { ca }, timeout: 5000, proxy: 'env' }));
    expect(await roundTrip(socket, 'env')).toBe('env');
    expect(open.output()).toContain(`CONNECT localhost:${trusted.port} HTTP/1.1`);
  });

  describe('as an https:// proxy (TLS in front of tinyproxy)', () => {
    async function tlsFrontedProxy(): Promise<number> {
      const tracker = socketTracker();
      const server = createTlsServer({ cert: serverCert, key: serverKey }, (clear) => {
        tracker.add(clear);
        const upstream = connect(open.port, '127.0.0.1');
        tracker.add(upstream);
        clear.pipe(upstream).pipe(clear);
      });
      return listen(server, tracker);
    }

    it('speaks TLS to the proxy and tunnels TCP', async () => {
      const port = await tlsFrontedProxy();
      const socket = keep(await dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: { url: `https://localhost:${port}`, tls: { ca } } }));
      expect((socket as TLSSocket).encrypted).toBe(true);
      expect(await roundTrip(socket, 'over tls to the proxy')).toBe('over tls to the proxy');
    });

    it('runs TLS to the target inside TLS to the proxy', async () => {
      const port = await tlsFrontedProxy();
      const socket = keep(
        await dial({ host: 'localhost', port: trusted.port, secure: true, tls: { ca }, timeout: 5000, proxy: { url: `https://localhost:${port}`, tls: { ca } } }),
      );
      expect((socket as TLSSocket).authorized).toBe(true);
      expect(await roundTrip(socket, 'tls in tls')).toBe('tls in tls');
    });

    it('rejects a proxy whose certificate is not trusted', async () => {
      const port = await tlsFrontedProxy();
      await expect(dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: `https://localhost:${port}` })).rejects.toMatchObject({
        code: ErrorCode.Socket,
        message: expect.stringContaining(`https proxy localhost:${port}`),
        cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
      });
    });
  });
});

describe('dial() against scripted HTTP proxies', () => {
  it('parses a response that arrives one byte at a time', async () => {
    const proxy = await fakeHttpProxy(async (socket) => {
      await dribble(socket, 'HTTP/1.1 200 Connection established\r\nProxy-Agent: fake\r\n\r\n');
      return 'tunnel';
    });
    const socket = keep(await dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${proxy.port}` }));
    expect(await roundTrip(socket, 'split')).toBe('split');
  });

  it('keeps tunnel bytes that arrive with the response head, and reads a head larger than one chunk', async () => {
    const filler = Array.from({ length: 400 }, (_, i) => `X-Filler-${i}: ${'f'.repeat(100)}\r\n`).join('');
    const proxy = await fakeHttpProxy(async (socket) => {
      const head = `HTTP/1.1 200 OK\r\n${filler}\r\n`;
      // Three writes, the last one carrying the end of the head and the tunnel's first bytes.
      socket.write(head.slice(0, 10_000));
      await new Promise((resolve) => setTimeout(resolve, 10));
      socket.write(head.slice(10_000, 30_000));
      await new Promise((resolve) => setTimeout(resolve, 10));
      socket.write(`${head.slice(30_000)}early tunnel bytes`);
      return 'hang';
    });
    expect(filler.length).toBeGreaterThan(40_000);
    const socket = keep(await dial({ host: '127.0.0.1', port: 9, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${proxy.port}` }));
    let received = '';
    socket.on('data', (data: Buffer) => (received += data.toString()));
    await vi.waitFor(() => expect(received).toBe('early tunnel bytes'));
  });

  it('runs TLS to the target after a response that arrived one byte at a time', async () => {
    const proxy = await fakeHttpProxy(async (socket) => {
      await dribble(socket, 'HTTP/1.1 200 Connection established\r\n\r\n');
      return 'tunnel';
    });
    const socket = keep(await dial({ host: 'localhost', port: trusted.port, secure: true, tls: { ca }, timeout: 5000, proxy: `http://127.0.0.1:${proxy.port}` }));
    expect((socket as TLSSocket).authorized).toBe(true);
    expect(await roundTrip(socket, 'tls after a split head')).toBe('tls after a split head');
  });

  it('sends the request line, Host, Basic credentials and extra headers', async () => {
    const proxy = await fakeHttpProxy(async (socket) => {
      socket.write('HTTP/1.1 200 OK\r\n\r\n');
      return 'tunnel';
    });
    const port = (await startEchoServer({ ipv6Only: true })).port;
    keep(
      await dial({
        host: '::1',
        port,
        secure: false,
        timeout: 5000,
        proxy: { url: `http://b%C3%B6b:p%40ss@127.0.0.1:${proxy.port}`, headers: { 'X-Request-Id': 'abc', 'User-Agent': 'sgc-test' } },
      }),
    );
    const head = proxy.requests[0] ?? '';
    expect(head.split('\r\n')).toEqual([
      `CONNECT [::1]:${port} HTTP/1.1`,
      `Host: [::1]:${port}`,
      `Proxy-Authorization: Basic ${Buffer.from('böb:p@ss').toString('base64')}`,
      'X-Request-Id: abc',
      'User-Agent: sgc-test',
      '',
      '',
    ]);
  });

  it('reports a 407 to credentials as an authentication failure', async () => {
    const proxy = await fakeHttpProxy(async (socket) => {
      socket.write('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="fake"\r\nContent-Length: 0\r\n\r\n');
      return 'hang';
    });
    await expect(
      dial({ host: 'a.test', port: 443, secure: false, timeout: 5000, proxy: `http://alice:wrong@127.0.0.1:${proxy.port}` }),
    ).rejects.toMatchObject({
      code: ErrorCode.HandshakeFailed,
      status: 407,
      message: `HTTP proxy 127.0.0.1:${proxy.port} authentication failed for user "alice" (HTTP 407 Proxy Authentication Required)`,
    });
  });

  it('lets an extra header replace Proxy-Authorization', async () => {
    const proxy = await fakeHttpProxy(async (socket) => {
      socket.write('HTTP/1.1 200 OK\r\n\r\n');
      return 'hang';
    });
    keep(
      await dial({
        host: 'a.test', port: 443, secure: false, timeout: 5000,
        proxy: { url: `http://u:p@127.0.0.1:${proxy.port}`, headers: { 'proxy-authorization': 'Bearer token' } },
      }),
    );
    expect(proxy.requests[0]).toContain('proxy-authorization: Bearer token\r\n');
    expect(proxy.requests[0]).not.toContain('Basic');
  });

  it('skips interim 1xx responses and accepts bare LF line ends', async () => {
    const proxy = await fakeHttpProxy(async (socket) => {
      await dribble(socket, 'HTTP/1.1 100 Continue\n\nHTTP/1.0 200 OK\nVia: 1.0 fake\n\n');
      return 'tunnel';
    });
    const socket = keep(await dial({ host: '127.0.0.1', port: plain.port, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${proxy.port}` }));
    expect(await roundTrip(socket, 'lf')).toBe('lf');
  });

  it('rejects a response that is not HTTP', async () => {
    const proxy = await fakeHttpProxy(async (socket) => {
      socket.write('SSH-2.0-OpenSSH_9.2\r\n\r\n');
      return 'hang';
    });
    await expect(dial({ host: 'a.test', port: 80, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${proxy.port}` })).rejects.toMatchObject({
      code: ErrorCode.HandshakeFailed,
      message: expect.stringContaining('malformed status line'),
    });
    await vi.waitFor(() => expect(proxy.closed()).toBe(1));
  });

  it('rejects a response head over the size limit', async () => {
    const proxy = await fakeHttpProxy(async (socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nX-Big: ${'b'.repeat(70_000)}\r\n\r\n`);
      return 'hang';
    });
    await expect(dial({ host: 'a.test', port: 80, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${proxy.port}` })).rejects.toMatchObject({
      code: ErrorCode.Socket,
      message: expect.stringContaining('longer than'),
    });
  });

  it('rejects when the proxy closes before answering', async () => {
    const proxy = await fakeHttpProxy(async (socket) => {
      socket.end('HTTP/1.1 200 OK\r\n');
      return 'hang';
    });
    await expect(dial({ host: 'a.test', port: 80, secure: false, timeout: 5000, proxy: `http://127.0.0.1:${proxy.port}` })).rejects.toMatchObject({
      code: ErrorCode.Socket,
      message: expect.stringContaining('closed the connection'),
    });
  });

  it('times out against a proxy that accepts TCP but never answers, and closes the connection', async () => {
    const tracker = socketTracker();
    let ended = 0;
    const server = createServer((socket) => {
      tracker.add(socket);
      socket.on('close', () => ended++);
      socket.resume();
    });
    const port = await listen(server, tracker);
    await expect(dial({ host: 'a.test', port: 80, secure: true, timeout: 200, proxy: `http://127.0.0.1:${port}` })).rejects.toMatchObject({
      code: ErrorCode.Timeout,
      message: expect.stringContaining(`through http proxy 127.0.0.1:${port}`),
    });
    await vi.waitFor(() => expect(ended).toBe(1));
  });

  it('aborts mid-handshake and closes the connection to the proxy', async () => {
    const proxy = await fakeHttpProxy(async () => 'hang');
    const controller = new AbortController();
    const pending = dial({ host: 'a.test', port: 443, secure: true, timeout: 5000, signal: controller.signal, proxy: `http://127.0.0.1:${proxy.port}` });
    await vi.waitFor(() => expect(proxy.requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.Aborted });
    await vi.waitFor(() => expect(proxy.closed()).toBe(1));
  });
});
