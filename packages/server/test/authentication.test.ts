import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebSocketServer, type ServerConnection } from '../src/index.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: ConstructorParameters<typeof WebSocketServer>[0]): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, closeTimeout: 1000, ...options });
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

/** Opens a ws client; resolves with the connection the server made, or the refusal status. */
async function attempt(server: WebSocketServer, path: string, headers: Record<string, string> = {}): Promise<ServerConnection | number> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
  ws.on('error', () => undefined); // a refused handshake also reports an error; the status is what we check
  cleanups.push(() => ws.terminate());
  return new Promise((resolve) => {
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    server.once('connect', (conn) => resolve(conn));
  });
}

const basic = (user: string, password: string): Record<string, string> => ({
  Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('server authentication', () => {
  const users = ['admin=1234', 'user=secret'];

  it('accepts Basic credentials from the user list and keeps the result on the connection', async () => {
    const server = await started({ authentication: { users } });
    const conn = await attempt(server, '/', basic('admin', '1234'));
    expect(conn).not.toBeTypeOf('number');
    expect((conn as ServerConnection).auth).toEqual({ user: 'admin', scheme: 'basic' });
  });

  it('refuses a wrong password and a missing header with 401 and a challenge', async () => {
    const server = await started({ authentication: { users } });
    expect(await attempt(server, '/', basic('admin', 'nope'))).toBe(401);
    expect(await attempt(server, '/', basic('nobody', '1234'))).toBe(401);
    expect(await attempt(server, '/')).toBe(401);
    const response = await fetch(`http://127.0.0.1:${server.port}/sgc/req/auth/session/admin/nope`);
    expect(response.status).toBe(426); // session auth is off: no session endpoint, a plain HTTP answer
    expect(server.count).toBe(0);
  });

  it('accepts sgc URL credentials', async () => {
    const server = await started({ authentication: { users, url: true } });
    const conn = (await attempt(server, '/sgc/auth/url/user/secret')) as ServerConnection;
    expect(conn.auth).toEqual({ user: 'user', scheme: 'url' });
    expect(await attempt(server, '/sgc/auth/url/user/wrong')).toBe(401);
  });

  it('issues single-use session tokens that expire, and refuses tampered ones', async () => {
    const server = await started({ authentication: { users, session: { ttl: 60_000 } } });
    const denied = await fetch(`http://127.0.0.1:${server.port}/sgc/req/auth/session/admin/wrong`);
    expect(denied.status).toBe(401);
    const response = await fetch(`http://127.0.0.1:${server.port}/sgc/req/auth/session/admin/1234`);
    expect(response.status).toBe(200);
    const token = await response.text();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(await attempt(server, `/sgc/auth/session/${tampered}`)).toBe(401);
    const conn = (await attempt(server, `/sgc/auth/session/${token}`)) as ServerConnection;
    expect(conn.auth).toEqual({ user: 'admin', scheme: 'session' });
    // Replayed: the token was used up.
    expect(await attempt(server, `/sgc/auth/session/${token}`)).toBe(401);
  });

  it('refuses a session token after its time to live', async () => {
    const server = await started({ authentication: { users, session: { ttl: 1 } } });
    const token = await (await fetch(`http://127.0.0.1:${server.port}/sgc/req/auth/session/admin/1234`)).text();
    const issued = Date.now();
    while (Date.now() - issued < 5) await new Promise((resolve) => setImmediate(resolve));
    expect(await attempt(server, `/sgc/auth/session/${token}`)).toBe(401);
  });

  it('lets an authenticate hook accept bearer tokens with claims', async () => {
    const server = await started({
      authentication: {
        authenticate: ({ scheme, authorization }) =>
          scheme === 'custom' && authorization === 'Bearer good' ? { user: 'svc', scheme, claims: { role: 'reader' } } : false,
      },
    });
    const conn = (await attempt(server, '/', { Authorization: 'Bearer good' })) as ServerConnection;
    expect(conn.auth).toEqual({ user: 'svc', scheme: 'custom', claims: { role: 'reader' } });
    expect(await attempt(server, '/', { Authorization: 'Bearer forged' })).toBe(401);
  });
});

describe('server security options', () => {
  it('refuses origins that are not allowed with 403', async () => {
    const server = await started({ allowedOrigins: ['https://app.example'] });
    expect(await attempt(server, '/', { Origin: 'https://evil.example' })).toBe(403);
    expect(await attempt(server, '/')).toBe(403);
    expect(await attempt(server, '/', { Origin: 'https://APP.example' })).not.toBeTypeOf('number');
  });

  it('refuses connections beyond maxConnections with 503', async () => {
    const server = await started({ maxConnections: 2 });
    expect(await attempt(server, '/')).not.toBeTypeOf('number');
    expect(await attempt(server, '/')).not.toBeTypeOf('number');
    expect(await attempt(server, '/')).toBe(503);
  });

  it('closes sockets that never finish the handshake while serving others', async () => {
    const server = await started({ handshakeTimeout: 300 });
    const slow: Socket = connect(server.port, '127.0.0.1');
    cleanups.push(() => slow.destroy());
    await once(slow, 'connect');
    slow.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n'); // ... and never the rest
    slow.resume();
    const closed = once(slow, 'close');
    expect(await attempt(server, '/')).not.toBeTypeOf('number');
    const opened = Date.now();
    await closed;
    expect(Date.now() - opened).toBeLessThan(5000);
  });
});
