import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebSocketServer, type ServerConnection } from '../src/index.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: ConstructorParameters<typeof WebSocketServer>[0] = {}): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, closeTimeout: 500, ...options });
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

async function join(server: WebSocketServer, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, options);
  ws.on('error', () => undefined);
  cleanups.push(() => ws.terminate());
  const [[conn]] = (await Promise.all([once(server, 'connect'), once(ws, 'open')])) as [[ServerConnection], unknown];
  const received: string[] = [];
  ws.on('message', (data) => received.push(data.toString()));
  return { ws, conn, received };
}

async function settle(clients: Array<{ ws: WebSocket; received: string[] }>): Promise<void> {
  // A marker broadcast to everyone arrives after every earlier message (one ordered stream each).
  await Promise.all(clients.map(({ ws }) => new Promise<void>((resolve) => ws.on('message', (data) => data.toString() === 'end' && resolve()))));
}

describe('channels and direct writes', () => {
  it('broadcasts to a channel only to its subscribers', async () => {
    const server = await started();
    const a = await join(server);
    const b = await join(server);
    const c = await join(server);
    expect(a.conn.subscribe('news')).toBe(true);
    expect(a.conn.subscribe('news')).toBe(false);
    b.conn.subscribe('news');
    b.conn.subscribe('sport');
    expect(b.conn.subscribed('sport')).toBe(true);
    expect(b.conn.channels.sort()).toEqual(['news', 'sport']);
    expect(server.broadcast('headline', { channel: 'news' })).toBe(2);
    expect(server.broadcast('goal', { channel: 'sport', exclude: [a.conn.id] })).toBe(1);
    b.conn.unsubscribe('news');
    expect(server.broadcast('late news', { channel: 'news' })).toBe(1);
    expect(server.broadcast('nobody', { channel: 'empty' })).toBe(0);
    const done = settle([a, b, c]);
    server.broadcast('end');
    await done;
    expect(a.received).toEqual(['headline', 'late news', 'end']);
    expect(b.received).toEqual(['headline', 'goal', 'end']);
    expect(c.received).toEqual(['end']);
  });

  it('broadcasts text and binary to plain, compressing and slow connections alike', async () => {
    const server = await started({ perMessageDeflate: { threshold: 0 }, highWaterMarkPolicy: 'drop' });
    const plain = await join(server, { perMessageDeflate: false });
    const compressing = await join(server, { perMessageDeflate: true });
    expect(compressing.conn.extensions).toContain('permessage-deflate');
    const binaries: number[][] = [];
    for (const client of [plain, compressing]) client.ws.on('message', (data, isBinary) => isBinary && binaries.push([...(data as Buffer)]));
    const long = 'é'.repeat(200);
    expect(server.broadcast(long)).toBe(2);
    expect(server.broadcast(Uint8Array.of(1, 2, 3))).toBe(2);
    const done = settle([plain, compressing]);
    server.broadcast('end');
    await done;
    for (const client of [plain, compressing]) expect(client.received.filter((text) => text !== '\u0001\u0002\u0003')).toEqual([long, 'end']);
    expect(binaries).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it('forgets the subscriptions of a closed connection', async () => {
    const server = await started();
    const a = await join(server);
    a.conn.subscribe('news');
    const gone = once(server, 'disconnect');
    a.ws.close();
    await gone;
    expect(server.broadcast('x', { channel: 'news' })).toBe(0);
  });

  it('writes to one connection by id', async () => {
    const server = await started();
    const a = await join(server);
    const b = await join(server);
    expect(await server.writeData(b.conn.id, 'only b')).toBe(true);
    expect(await server.writeData('no-such-id', 'lost')).toBe(false);
    const done = settle([a, b]);
    server.broadcast('end');
    await done;
    expect(a.received).toEqual(['end']);
    expect(b.received).toEqual(['only b', 'end']);
  });
});

describe('server-wide ping and heartbeat', () => {
  it('pings everyone and drops the client that does not answer', async () => {
    const server = await started();
    const good = await join(server);
    const mute = await join(server, { autoPong: false });
    const result = await server.ping({ timeout: 200 });
    expect(result.answered).toEqual([good.conn.id]);
    expect(result.timedOut).toEqual([mute.conn.id]);
    await once(mute.ws, 'close');
    expect(server.connections.has(good.conn.id)).toBe(true);
  });

  it('drops a client that stops answering heartbeat pings, and keeps the others', async () => {
    const server = await started({ heartbeat: { interval: 40, timeout: 100 } });
    const good = await join(server);
    const mute = await join(server, { autoPong: false });
    const errors: string[] = [];
    server.on('clientError', (_conn, error) => errors.push(error.code));
    const [dropped] = (await once(server, 'disconnect')) as [ServerConnection];
    expect(dropped.id).toBe(mute.conn.id);
    expect(errors).toEqual(['SGC_ERR_TIMEOUT']);
    expect(server.connections.has(good.conn.id)).toBe(true);
    // The good client keeps answering across several more beats.
    for (let i = 0; i < 3; i++) await once(good.ws, 'ping');
    expect(good.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('disconnects everyone at once', async () => {
    const server = await started();
    const a = await join(server);
    const b = await join(server);
    const closed = Promise.all([once(a.ws, 'close'), once(b.ws, 'close')]);
    server.disconnectAll(1012, 'restart');
    const codes = (await closed).map(([code]) => code as number);
    expect(codes).toEqual([1012, 1012]);
  });
});
