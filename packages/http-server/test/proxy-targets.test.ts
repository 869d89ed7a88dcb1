import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, SgcError } from '@sgc/frame';
import { testCertificates } from '@sgc/test-certs';
import { ProxyCloseCode, TcpProxy, type ResolveTarget } from '../src/proxy/index.js';
import { closeClients, openClient } from './fixtures/proxy-clients.js';
import { next, startProxy, stopProxies } from './fixtures/proxy-server.js';
import { bannerTarget, closeTargets, closedPort, echoTarget, startTarget } from './fixtures/proxy-targets.js';

afterEach(async () => {
  closeClients();
  await stopProxies();
  await closeTargets();
});

describe('TcpProxy dial failures', () => {
  it('closes the client with 1014 when the target refuses the connection', async () => {
    const port = await closedPort();
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port } });
    const rejected = next(proxy, 'reject');
    const { closed } = await openClient(url);
    expect(await closed).toEqual({ code: ProxyCloseCode.BadGateway, reason: 'Target unreachable' });
    const [session, error] = await rejected;
    expect(error).toBeInstanceOf(SgcError);
    expect(error).toMatchObject({ code: ErrorCode.Socket, closeCode: 1014 });
    expect(error.message).toContain('ECONNREFUSED');
    expect(session.target).toEqual({ host: '127.0.0.1', port });
    expect(proxy.sessions.size).toBe(0);
  });

  it('closes the client with 1014 when the target does not answer within connectTimeout (here: a TLS handshake)', async () => {
    // A TCP service that accepts and never speaks: the TLS handshake never ends.
    const silent = await startTarget(() => undefined);
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: silent.port }, tls: true, connectTimeout: 200 });
    const rejected = next(proxy, 'reject');
    const { closed } = await openClient(url);
    expect(await closed).toEqual({ code: ProxyCloseCode.BadGateway, reason: 'Target unreachable' });
    expect((await rejected)[1]).toMatchObject({ code: ErrorCode.Timeout, closeCode: 1014 });
  });

  it('reports a client that leaves while the target is being chosen', async () => {
    const echo = await echoTarget();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: echo.port }, resolve: () => gate.then(() => undefined) });
    const rejected = next(proxy, 'reject');
    const { ws } = await openClient(url);
    ws.terminate();
    const [, error] = await rejected;
    expect(error.code).toBe(ErrorCode.ConnectionClosed);
    expect(error.closeCode).toBeUndefined();
    release();
  });
});

describe('TcpProxy over TLS', () => {
  it('connects to a TLS target it trusts', async () => {
    const certs = testCertificates();
    const echo = await echoTarget({ cert: certs.serverCert, key: certs.serverKey });
    const { url } = await startProxy({ target: { host: '127.0.0.1', port: echo.port }, tls: { ca: certs.ca } });
    const { ws, reader } = await openClient(url);
    ws.send('over tls');
    expect((await reader.read(8)).toString()).toBe('over tls');
  });

  it('refuses with 1014 a TLS target whose certificate it does not trust', async () => {
    const certs = testCertificates();
    const echo = await echoTarget({ cert: certs.untrustedCert, key: certs.untrustedKey });
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: echo.port }, tls: { ca: certs.ca } });
    const rejected = next(proxy, 'reject');
    const { closed } = await openClient(url);
    expect((await closed).code).toBe(ProxyCloseCode.BadGateway);
    const [, error] = await rejected;
    expect(error).toMatchObject({ code: ErrorCode.Socket, closeCode: 1014 });
    expect((error.cause as NodeJS.ErrnoException).code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
  });
});

describe('TcpProxy resolve hook and allow list', () => {
  async function twoTargets(): Promise<{ a: number; b: number }> {
    return { a: (await bannerTarget('A')).port, b: (await bannerTarget('B')).port };
  }

  /** Picks `?to=a`, `?to=b`, nothing for the default, or refuses anything else. */
  function byQuery(ports: { a: number; b: number }): ResolveTarget {
    return (request) => {
      const to = new URL(request.url ?? '/', 'http://proxy').searchParams.get('to');
      if (to === null) return undefined;
      if (to === 'a' || to === 'b') return { host: '127.0.0.1', port: ports[to] };
      return false;
    };
  }

  it('chooses the target by query string, falls back to the default, and refuses with 1008', async () => {
    const ports = await twoTargets();
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: ports.a }, resolve: byQuery(ports) });
    const toB = await openClient(`${url}/?to=b`);
    expect((await toB.reader.read(1)).toString()).toBe('B');
    const toDefault = await openClient(url);
    expect((await toDefault.reader.read(1)).toString()).toBe('A');

    const rejected = next(proxy, 'reject');
    const refused = await openClient(`${url}/?to=elsewhere`);
    expect(await refused.closed).toEqual({ code: ProxyCloseCode.NotAllowed, reason: 'Target not allowed' });
    expect((await rejected)[1]).toMatchObject({ code: ErrorCode.InvalidArgument, closeCode: 1008 });
  });

  it('refuses with 1008 a resolved target that is not on the allow list', async () => {
    const ports = await twoTargets();
    const { url, proxy } = await startProxy({
      target: { host: '127.0.0.1', port: ports.a },
      resolve: byQuery(ports),
      allow: [{ host: '127.0.0.1', port: ports.a }],
    });
    const allowed = await openClient(`${url}/?to=a`);
    expect((await allowed.reader.read(1)).toString()).toBe('A');

    const rejected = next(proxy, 'reject');
    const { closed } = await openClient(`${url}/?to=b`);
    expect(await closed).toEqual({ code: ProxyCloseCode.NotAllowed, reason: 'Target not allowed' });
    const [session, error] = await rejected;
    expect(error.message).toContain(`127.0.0.1:${ports.b} is not on the allow list`);
    expect(session.target).toBeUndefined();
  });

  it('checks an allow-list function', async () => {
    const ports = await twoTargets();
    const { url } = await startProxy({ target: { host: '127.0.0.1', port: ports.b }, allow: (target) => target.port === ports.a });
    const { closed } = await openClient(url);
    expect((await closed).code).toBe(ProxyCloseCode.NotAllowed);
  });

  it('closes with 1011 when the hook throws or returns something that is not a target', async () => {
    const ports = await twoTargets();
    const { url, proxy } = await startProxy({
      target: { host: '127.0.0.1', port: ports.a },
      resolve: (request) => {
        if ((request.url ?? '').includes('throw')) throw new Error('hook bug');
        return { host: '127.0.0.1', port: 70_000 };
      },
    });
    const thrown = next(proxy, 'reject');
    const first = await openClient(`${url}/?throw`);
    expect(await first.closed).toEqual({ code: ProxyCloseCode.InternalError, reason: 'Internal error' });
    expect((await thrown)[1].cause).toEqual(new Error('hook bug'));

    const malformed = next(proxy, 'reject');
    const second = await openClient(url);
    expect((await second.closed).code).toBe(ProxyCloseCode.InternalError);
    expect((await malformed)[1].message).toContain('not a target');
  });
});

describe('TcpProxy options', () => {
  it.each([
    [{ target: { host: '', port: 1 } }],
    [{ target: { host: '127.0.0.1', port: 0 } }],
    [{ target: { host: '127.0.0.1', port: 80 }, connectTimeout: 0 }],
    [{ target: { host: '127.0.0.1', port: 80 }, closeTimeout: Number.NaN }],
    [{ target: { host: '127.0.0.1', port: 80 }, sendAs: 'base64' as 'text' }],
  ])('refuses %j with SGC_ERR_INVALID_ARGUMENT', (options) => {
    expect(() => new TcpProxy(options)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });
});
