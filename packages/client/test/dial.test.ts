import { once } from 'node:events';
import { Socket, createServer, type Server } from 'node:net';
import { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, SgcError } from '@sgc/frame';
import { testCertificates } from '@sgc/test-certs';
import { dial } from '../src/dial/index.js';
import { roundTrip, socketTracker, startEchoServer } from './_targets.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function echo(options: Parameters<typeof startEchoServer>[0] = {}): Promise<number> {
  const server = await startEchoServer(options);
  cleanups.push(() => server.close());
  return server.port;
}

/**
 * A server that accepts TCP and never says a word; returns its port, what it accepted and
 * which of those the client has closed.
 */
async function silentServer(): Promise<{ port: number; accepted: Socket[]; ended: Set<Socket> }> {
  const tracker = socketTracker();
  const accepted: Socket[] = [];
  const ended = new Set<Socket>();
  const server: Server = createServer((socket) => {
    tracker.add(socket);
    accepted.push(socket);
    socket.on('close', () => ended.add(socket));
    socket.on('end', () => ended.add(socket));
    socket.resume();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    tracker.destroyAll();
    return new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as { port: number }).port, accepted, ended };
}

function keep(socket: Socket): Socket {
  cleanups.push(() => void socket.destroy());
  return socket;
}

const { ca } = testCertificates();

describe('dial() without a proxy', () => {
  it('connects over TCP', async () => {
    const port = await echo();
    const socket = keep(await dial({ host: '127.0.0.1', port, secure: false, timeout: 5000 }));
    expect(socket).toBeInstanceOf(Socket);
    expect(socket).not.toBeInstanceOf(TLSSocket);
    expect(await roundTrip(socket, 'hello')).toBe('hello');
  });

  it('connects to an IPv6 literal given without brackets (and with them)', async () => {
    const port = await echo({ ipv6Only: true });
    const socket = keep(await dial({ host: '::1', port, secure: false, timeout: 5000 }));
    expect(socket.remoteAddress).toBe('::1');
    expect(await roundTrip(socket, 'v6')).toBe('v6');
    const bracketed = keep(await dial({ host: '[::1]', port, secure: false, timeout: 5000 }));
    expect(await roundTrip(bracketed, 'v6')).toBe('v6');
  });

  it('connects over TLS and resolves only after the certificate was verified', async () => {
    const port = await echo({ tls: 'trusted' });
    const socket = keep(await dial({ host: 'localhost', port, secure: true, tls: { ca }, timeout: 5000 }));
    expect(socket).toBeInstanceOf(TLSSocket);
    expect((socket as TLSSocket).authorized).toBe(true);
    expect(await roundTrip(socket, 'secret')).toBe('secret');
  });

  it('sends the host name as SNI, and no SNI for an IP address', async () => {
    const names: Array<string | false | null> = [];
    const { createServer: createTlsServer } = await import('node:tls');
    const { serverCert, serverKey } = testCertificates();
    const server = createTlsServer({ cert: serverCert, key: serverKey }, (socket) => {
      names.push(socket.servername);
      socket.end();
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const { port } = server.address() as { port: number };
    keep(await dial({ host: 'localhost', port, secure: true, tls: { ca }, timeout: 5000 }));
    keep(await dial({ host: '127.0.0.1', port, secure: true, tls: { ca }, timeout: 5000 }));
    await vi.waitFor(() => expect(names).toEqual(['localhost', false]));
  });

  it('rejects an untrusted certificate with a socket error whose cause is the TLS error', async () => {
    const port = await echo({ tls: 'untrusted' });
    const error = await dial({ host: 'localhost', port, secure: true, tls: { ca }, timeout: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SgcError);
    expect(error).toMatchObject({ code: ErrorCode.Socket, cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' } });
  });

  it('rejects a refused connection with a socket error', async () => {
    const closed = await startEchoServer();
    await closed.close();
    await expect(dial({ host: '127.0.0.1', port: closed.port, secure: false, timeout: 5000 })).rejects.toMatchObject({
      code: ErrorCode.Socket,
      message: expect.stringContaining('ECONNREFUSED'),
      cause: { code: 'ECONNREFUSED' },
    });
  });

  it('times out a TLS handshake the server never answers, and destroys the socket', async () => {
    const { port, ended } = await silentServer();
    const started = Date.now();
    await expect(dial({ host: '127.0.0.1', port, secure: true, timeout: 150 })).rejects.toMatchObject({ code: ErrorCode.Timeout });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // Our side was destroyed, so the server sees the connection close.
    await vi.waitFor(() => expect(ended.size).toBe(1));
  });

  it('rejects with Aborted when the signal fires mid-connect, and destroys the socket', async () => {
    const { port, accepted, ended } = await silentServer();
    const controller = new AbortController();
    const pending = dial({ host: '127.0.0.1', port, secure: true, timeout: 5000, signal: controller.signal });
    await vi.waitFor(() => expect(accepted).toHaveLength(1));
    const reason = new Error('user gave up');
    controller.abort(reason);
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.Aborted, cause: reason });
    await vi.waitFor(() => expect(ended.size).toBe(1));
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { port, accepted } = await silentServer();
    const connects = vi.spyOn(Socket.prototype, 'connect');
    await expect(dial({ host: '127.0.0.1', port, secure: false, timeout: 5000, signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: ErrorCode.Aborted,
    });
    expect(connects).not.toHaveBeenCalled();
    expect(accepted).toHaveLength(0);
  });

  it('turns on TCP keep-alive with the initial delay', async () => {
    const port = await echo();
    const keepAlive = vi.spyOn(Socket.prototype, 'setKeepAlive');
    keep(await dial({ host: '127.0.0.1', port, secure: false, timeout: 5000, keepAlive: { initialDelay: 15_000 } }));
    expect(keepAlive).toHaveBeenCalledWith(true, 15_000);
  });

  it('leaves no listeners of its own on the socket it resolves with', async () => {
    const port = await echo();
    const socket = keep(await dial({ host: '127.0.0.1', port, secure: false, timeout: 5000 }));
    expect(socket.listenerCount('error')).toBe(0);
    expect(socket.listenerCount('close')).toBe(0);
  });

  it.each([
    [{ host: '', port: 80 }, 'needs a host'],
    [{ host: 'a.test', port: 0 }, 'Port'],
    [{ host: 'a.test', port: 65536 }, 'Port'],
    [{ host: 'a.test', port: 1.5 }, 'Port'],
    [{ host: 'a.test', port: 80, timeout: 0 }, 'Timeout'],
    [{ host: 'a.test', port: 80, timeout: Number.NaN }, 'Timeout'],
    [{ host: 'a.test', port: 80, keepAlive: { initialDelay: -1 } }, 'keepAlive'],
    [{ host: 'a.test', port: 80, proxy: 'gopher://p.test' }, 'Unsupported proxy scheme'],
  ])('rejects invalid options %o', async (options, message) => {
    await expect(dial({ secure: false, timeout: 1000, ...options })).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
      message: expect.stringContaining(message),
    });
  });

  it("dials directly when proxy is 'env' and the environment names no proxy", async () => {
    const port = await echo();
    for (const name of ['http_proxy', 'HTTP_PROXY', 'all_proxy', 'ALL_PROXY']) vi.stubEnv(name, undefined);
    cleanups.push(() => {
      vi.unstubAllEnvs();
    });
    const socket = keep(await dial({ host: '127.0.0.1', port, secure: false, timeout: 5000, proxy: 'env' }));
    expect(await roundTrip(socket, 'direct')).toBe('direct');
  });
});
