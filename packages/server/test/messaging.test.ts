import { once } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCode, SgcError } from '@sgc/frame';
import { WebSocketServer, type ServerConnection } from '../src/index.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function connected(options: ConstructorParameters<typeof WebSocketServer>[0] = {}, clientOptions: WebSocket.ClientOptions = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, closeTimeout: 2000, ...options });
  await server.start();
  cleanups.push(() => server.stop());
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, clientOptions);
  cleanups.push(() => ws.terminate());
  const [[conn]] = (await Promise.all([once(server, 'connect'), once(ws, 'open')])) as [[ServerConnection], unknown];
  return { server, ws, conn };
}

describe('messages and limits', () => {
  it('closes with 1009 when a message exceeds maxPayload', async () => {
    const { server, ws } = await connected({ maxPayload: 1000 });
    const errors: SgcError[] = [];
    server.on('clientError', (_conn, error) => errors.push(error));
    ws.send(Buffer.alloc(1001));
    const [code] = await once(ws, 'close');
    expect(code).toBe(1009);
    expect(errors[0]?.code).toBe(ErrorCode.PayloadTooLarge);
  });

  it('closes with 1007 on invalid UTF-8 and survives with no error listener', async () => {
    const { ws, server } = await connected();
    // ws validates what it sends, so write a raw masked text frame with the bytes CE BA E1 BD 80 ED A0 80.
    const payload = Buffer.from('cebae1bd80eda080', 'hex');
    const frame = Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
    (ws as unknown as { _socket: Socket })._socket.write(frame);
    const [code] = await once(ws, 'close');
    expect(code).toBe(1007);
    expect(server.count).toBe(0);
  });

  it('delivers fragments with their progress in fragment mode "all", then the message', async () => {
    const { server, ws } = await connected({ fragmentMode: 'all' });
    const fragments: Array<[number, boolean, number]> = [];
    server.on('fragmented', (_conn, data, info) => fragments.push([data.length, info.continuation, info.received]));
    ws.send(Buffer.alloc(250, 1), { fin: false });
    ws.send(Buffer.alloc(250, 1), { fin: false });
    ws.send(Buffer.alloc(100, 1), { fin: true });
    const [, data] = await once(server, 'binary');
    expect(data.length).toBe(600);
    expect(fragments).toEqual([
      [250, true, 250],
      [250, true, 500],
      [100, false, 600],
    ]);
  });

  it('delivers only fragments in fragment mode "fragments"', async () => {
    const { server, ws } = await connected({ fragmentMode: 'fragments' });
    let messages = 0;
    server.on('message', () => messages++);
    const seen: string[] = [];
    const done = new Promise<void>((resolve) =>
      server.on('fragmented', (_conn, data, info) => {
        seen.push(data.toString());
        if (!info.continuation) resolve();
      }),
    );
    ws.send('ab', { fin: false });
    ws.send('cd', { fin: true });
    await done;
    expect(seen).toEqual(['ab', 'cd']);
    expect(messages).toBe(0);
  });

  it('sends a message in fragments of the given size', async () => {
    const { conn, ws } = await connected();
    conn.send('x'.repeat(1000), { fragmentSize: 64 });
    const [data, isBinary] = await once(ws, 'message');
    expect(isBinary).toBe(false);
    expect(data.toString()).toBe('x'.repeat(1000));
  });

  it('measures a ping round trip and times out when the pong never comes', async () => {
    const { conn, ws } = await connected();
    expect(await conn.ping('hi', { timeout: 2000 })).toBeGreaterThanOrEqual(0);
    ws.pause(); // stops ws reading, so it cannot answer
    await expect(conn.ping('late', { timeout: 50 })).rejects.toMatchObject({ code: ErrorCode.Timeout });
    ws.resume();
  });

  it('rejects a ping aborted by its signal', async () => {
    const { conn, ws } = await connected();
    ws.pause();
    const controller = new AbortController();
    const pending = conn.ping('x', { signal: controller.signal, timeout: 0 });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.Aborted });
    ws.resume();
  });

  it('disconnects at once with a code', async () => {
    const { conn, ws, server } = await connected();
    const gone = once(server, 'disconnect');
    conn.disconnect(4001, 'kicked');
    const [code] = await once(ws, 'close');
    expect(code).toBe(4001);
    const [, serverCode, , wasClean] = await gone;
    expect(serverCode).toBe(1006);
    expect(wasClean).toBe(false);
  });

  it('throws a typed error when sending on a closed connection', async () => {
    const { conn } = await connected();
    await conn.close(1000, 'done');
    expect(() => conn.send('late')).toThrow(SgcError);
    expect(() => conn.send('late')).toThrow(expect.objectContaining({ code: ErrorCode.NotOpen }));
  });

  it('reports the peer close code, reason and a clean close', async () => {
    const { server, ws } = await connected();
    ws.close(4321, 'see you');
    const [conn, code, reason, wasClean] = await once(server, 'disconnect');
    expect([code, reason, wasClean]).toEqual([4321, 'see you', true]);
    expect(server.connections.has(conn.id)).toBe(false);
  });

  it('broadcasts with protocol, include and exclude filters', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, protocols: ['a', 'b'] });
    await server.start();
    cleanups.push(() => server.stop());
    const clients = [];
    for (const protocol of ['a', 'a', 'b']) {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}`, [protocol]);
      const [[conn]] = await Promise.all([once(server, 'connect'), once(ws, 'open')]);
      const received: string[] = [];
      ws.on('message', (data) => received.push(data.toString()));
      clients.push({ ws, conn: conn as ServerConnection, received });
    }
    const [first, second, third] = clients as [(typeof clients)[0], (typeof clients)[0], (typeof clients)[0]];
    expect(server.broadcast('to-a', { protocol: 'a' })).toBe(2);
    expect(server.broadcast('not-first', { exclude: [first.conn.id] })).toBe(2);
    expect(server.broadcast('only-third', { include: [third.conn.id] })).toBe(1);
    server.broadcast('end');
    await Promise.all(clients.map(({ ws }) => new Promise<void>((resolve) => {
      ws.on('message', (data) => data.toString() === 'end' && resolve());
    })));
    expect(first.received).toEqual(['to-a', 'end']);
    expect(second.received).toEqual(['to-a', 'not-first', 'end']);
    expect(third.received).toEqual(['not-first', 'only-third', 'end']);
    for (const { ws } of clients) ws.close();
  });
});

describe('backpressure', () => {
  it('returns false at the high-water mark and emits drain once the reader catches up', async () => {
    const { conn, ws } = await connected({ highWaterMark: 64 * 1024 });
    ws.pause();
    const chunk = Buffer.alloc(64 * 1024);
    let sent = 0;
    while (conn.send(chunk)) sent++;
    expect(conn.bufferedAmount).toBeGreaterThanOrEqual(64 * 1024);
    let received = 0;
    ws.on('message', () => received++);
    ws.resume();
    await once(conn, 'drain');
    expect(conn.bufferedAmount).toBeLessThan(64 * 1024);
    await new Promise<void>((resolve) => ws.on('message', () => received === sent + 1 && resolve()));
  });

  it('drops messages for a slow reader under the drop policy and keeps memory bounded', async () => {
    const { conn, ws } = await connected({ highWaterMark: 32 * 1024, highWaterMarkPolicy: 'drop' });
    ws.pause();
    let dropped = 0;
    conn.on('drop', () => dropped++);
    const chunk = Buffer.alloc(16 * 1024);
    for (let i = 0; i < 2000; i++) conn.send(chunk);
    expect(dropped).toBeGreaterThan(1000);
    // Kernel buffers take what they take; user-space buffering stays near the mark.
    expect(conn.bufferedAmount).toBeLessThan(32 * 1024 + chunk.length * 2);
  });

  it('closes a slow reader with 1008 under the close policy', async () => {
    const { server, conn, ws } = await connected({ highWaterMark: 32 * 1024, highWaterMarkPolicy: 'close', closeTimeout: 200 });
    ws.pause();
    const chunk = Buffer.alloc(16 * 1024);
    const gone = once(server, 'disconnect');
    for (let i = 0; i < 2000 && conn.readyState === 1; i++) conn.send(chunk);
    expect(conn.readyState).not.toBe(1);
    await gone;
  });
});
