import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer } from 'ws';
import { ErrorCode } from '@sgc/frame';
import { WebSocketServer } from '@sgc/server';
import { WebSocketClient, type ClientAuth } from '../src/index.js';

/**
 * A test peer that speaks the manual's authentication schemes on one port: the session
 * endpoint answers GET /sgc/req/auth/session/<user>/<password> with a token, and the
 * WebSocket handshake is accepted for a good Basic or Bearer header, a good
 * /sgc/auth/url/<user>/<password> path, or a /sgc/auth/session/<token> path.
 */
async function authPeer(): Promise<{ url: string; requests: IncomingMessage[]; close: () => Promise<void> }> {
  const users = new Map([['admin', '1234']]);
  const sessions = new Set<string>();
  const requests: IncomingMessage[] = [];
  const http: Server = createServer((req, res) => {
    const match = /^\/sgc\/req\/auth\/session\/([^/]+)\/([^/]+)$/.exec(req.url ?? '');
    if (match && users.get(decodeURIComponent(match[1]!)) === decodeURIComponent(match[2]!)) {
      const token = `tok-${sessions.size + 1}`;
      sessions.add(token);
      res.end(token);
      return;
    }
    res.writeHead(401).end();
  });
  const authorised = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    if (header === `Basic ${Buffer.from('admin:1234').toString('base64')}`) return true;
    if (header === 'Bearer secret-token') return true;
    const url = req.url ?? '';
    const byUrl = /^\/sgc\/auth\/url\/([^/]+)\/([^/]+)$/.exec(url);
    if (byUrl) return users.get(decodeURIComponent(byUrl[1]!)) === decodeURIComponent(byUrl[2]!);
    const bySession = /^\/sgc\/auth\/session\/([^/]+)$/.exec(url);
    return bySession !== null && sessions.has(decodeURIComponent(bySession[1]!));
  };
  const wss = new WsServer({
    server: http,
    verifyClient: (info, callback) => {
      requests.push(info.req);
      callback(authorised(info.req), 401);
    },
  });
  wss.on('connection', (ws) => ws.send('welcome'));
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  return {
    url: `ws://127.0.0.1:${(http.address() as { port: number }).port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        http.close(() => resolve());
      }),
  };
}

let peer: Awaited<ReturnType<typeof authPeer>> | undefined;
afterEach(async () => {
  await peer?.close();
  peer = undefined;
});

async function connectWith(auth: ClientAuth): Promise<WebSocketClient> {
  peer ??= await authPeer();
  const client = new WebSocketClient({ url: peer.url, auth });
  const welcome = client.waitFor('message', { timeout: 5000 });
  await client.connect();
  expect((await welcome)[0]).toBe('welcome');
  return client;
}

describe('client authentication', () => {
  it('sends Basic credentials', async () => {
    const client = await connectWith({ type: 'basic', user: 'admin', password: '1234' });
    expect(peer!.requests.at(-1)!.headers.authorization).toMatch(/^Basic /);
    await client.close();
  });

  it('sends a bearer token, and one from a token provider', async () => {
    await (await connectWith({ type: 'token', token: 'secret-token' })).close();
    let calls = 0;
    const client = await connectWith({ type: 'tokenProvider', getToken: async () => (calls++, 'secret-token') });
    expect(calls).toBe(1);
    await client.close();
  });

  it('puts the credentials in the path for URL auth', async () => {
    const client = await connectWith({ type: 'url', user: 'admin', password: '1234' });
    expect(peer!.requests.at(-1)!.url).toBe('/sgc/auth/url/admin/1234');
    await client.close();
  });

  it('gets a session token over HTTP, then connects with it', async () => {
    const client = await connectWith({ type: 'session', user: 'admin', password: '1234' });
    expect(peer!.requests.at(-1)!.url).toBe('/sgc/auth/session/tok-1');
    await client.close();
  });

  it('fails with the HTTP status when credentials are wrong', async () => {
    peer = await authPeer();
    for (const auth of [
      { type: 'basic', user: 'admin', password: 'nope' },
      { type: 'token', token: 'forged' },
      { type: 'url', user: 'admin', password: 'nope' },
      { type: 'session', user: 'admin', password: 'nope' },
    ] satisfies ClientAuth[]) {
      const client = new WebSocketClient({ url: peer.url, auth });
      await expect(client.connect()).rejects.toMatchObject({ code: ErrorCode.HandshakeFailed, status: 401 });
    }
  });

  it('fails when the token provider returns nothing', async () => {
    peer = await authPeer();
    const client = new WebSocketClient({ url: peer.url, auth: { type: 'tokenProvider', getToken: async () => '' } });
    await expect(client.connect()).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
  });
});

describe('client authentication against @sgc/server', () => {
  it('uses every scheme the server offers, and gets 401 with wrong credentials', async () => {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      authentication: { users: ['admin=1234'], session: true, url: true },
    });
    server.on('connect', (conn) => conn.send(`welcome ${conn.auth?.user} via ${conn.auth?.scheme}`));
    await server.start();
    try {
      const url = `ws://127.0.0.1:${server.port}/`;
      for (const [auth, scheme] of [
        [{ type: 'basic', user: 'admin', password: '1234' }, 'basic'],
        [{ type: 'url', user: 'admin', password: '1234' }, 'url'],
        [{ type: 'session', user: 'admin', password: '1234' }, 'session'],
      ] as Array<[ClientAuth, string]>) {
        const client = new WebSocketClient({ url, auth });
        const welcome = client.waitFor('message', { timeout: 5000 });
        await client.connect();
        expect((await welcome)[0]).toBe(`welcome admin via ${scheme}`);
        await client.close();
      }
      const wrong = new WebSocketClient({ url, auth: { type: 'session', user: 'admin', password: 'x' } });
      await expect(wrong.connect()).rejects.toMatchObject({ code: ErrorCode.HandshakeFailed, status: 401 });
    } finally {
      await server.stop();
    }
  });
});
