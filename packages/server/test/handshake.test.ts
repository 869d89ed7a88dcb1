import { once } from 'node:events';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebSocketServer } from '../src/index.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: ConstructorParameters<typeof WebSocketServer>[0] = {}): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

/** Sends a raw upgrade request and returns the status line and headers of the answer. */
async function rawUpgrade(port: number, headers: Record<string, string>, method = 'GET') {
  const req = request({ host: '127.0.0.1', port, method, path: '/', headers });
  req.end();
  const [response, socket] = await Promise.race([once(req, 'response'), once(req, 'upgrade')]);
  response.resume();
  socket?.destroy();
  return { status: response.statusCode as number, headers: response.headers };
}

const good = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
  'Sec-WebSocket-Version': '13',
};

describe('opening handshake', () => {
  it('answers the RFC 6455 §1.3 example key with its accept value', async () => {
    const server = await started();
    const answer = await rawUpgrade(server.port, good);
    expect(answer.status).toBe(101);
    expect(answer.headers['sec-websocket-accept']).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('refuses a bad key with 400, another version with 426 and the version header, and POST with 405', async () => {
    const server = await started();
    expect((await rawUpgrade(server.port, { ...good, 'Sec-WebSocket-Key': 'short' })).status).toBe(400);
    expect((await rawUpgrade(server.port, { ...good, Upgrade: 'h2c' })).status).toBe(400);
    const version = await rawUpgrade(server.port, { ...good, 'Sec-WebSocket-Version': '8' });
    expect(version.status).toBe(426);
    expect(version.headers['sec-websocket-version']).toBe('13');
    expect((await rawUpgrade(server.port, good, 'POST')).status).toBe(405);
    expect(server.count).toBe(0);
  });

  it('answers a plain HTTP request with 426 Upgrade Required', async () => {
    const server = await started();
    const response = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(response.status).toBe(426);
    expect(response.headers.get('upgrade')).toBe('websocket');
  });

  it('selects the first offered protocol it speaks and refuses clients offering none of them', async () => {
    const server = await started({ protocols: ['mqtt', 'wamp.2.json'] });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, ['stomp', 'wamp.2.json', 'mqtt']);
    const [conn] = await once(server, 'connect');
    await once(ws, 'open');
    expect(ws.protocol).toBe('wamp.2.json');
    expect(conn.protocol).toBe('wamp.2.json');
    ws.close();
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}`, ['stomp']);
    const [, response] = await once(refused, 'unexpected-response');
    expect(response.statusCode).toBe(400);
  });

  it('lets a selectProtocol hook choose or refuse', async () => {
    const server = await started({ selectProtocol: (offered) => (offered.includes('v2') ? 'v2' : false) });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, ['v1', 'v2']);
    await once(ws, 'open');
    expect(ws.protocol).toBe('v2');
    ws.close();
  });

  it('exposes who connected and keeps the connection map by id', async () => {
    const server = await started();
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/room/1?user=ann`, { headers: { 'X-Test': 'yes' } });
    const [[conn]] = await Promise.all([once(server, 'connect'), once(ws, 'open')]);
    expect(conn.url).toBe('/room/1?user=ann');
    expect(conn.ip).toMatch(/127\.0\.0\.1$/);
    expect(conn.port).toBeGreaterThan(0);
    expect(conn.headers['x-test']).toBe('yes');
    expect(server.connections.get(conn.id) === conn).toBe(true);
    ws.close();
    await once(server, 'disconnect');
    expect(server.connections.size).toBe(0);
  });

  it('only upgrades the configured path', async () => {
    const server = await started({ path: '/ws' });
    const wrong = new WebSocket(`ws://127.0.0.1:${server.port}/other`);
    const [, response] = await once(wrong, 'unexpected-response');
    expect(response.statusCode).toBe(400);
    const right = new WebSocket(`ws://127.0.0.1:${server.port}/ws?x=1`);
    await once(right, 'open');
    right.close();
  });

  it('attaches to an existing http.Server and leaves its routes alone', async () => {
    const http = createServer((_req, res) => res.end('plain http'));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    cleanups.push(() => new Promise((resolve) => http.close(resolve)));
    const server = new WebSocketServer({ server: http });
    server.on('message', (conn, text) => conn.send(text.toUpperCase()));
    await server.start();
    cleanups.push(() => server.stop());
    expect(server.port).toBe((http.address() as { port: number }).port);
    expect(await (await fetch(`http://127.0.0.1:${server.port}/`)).text()).toBe('plain http');
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
    await once(ws, 'open');
    ws.send('shout');
    const [message] = await once(ws, 'message');
    expect(message.toString()).toBe('SHOUT');
    ws.close();
  });

  it('closes a socket that sends garbage instead of a handshake without crashing', async () => {
    const server = await started();
    const socket = connect(server.port, '127.0.0.1');
    socket.end('NOT HTTP AT ALL\r\n\r\n');
    socket.resume();
    await once(socket, 'close');
    expect(server.count).toBe(0);
  });
});
