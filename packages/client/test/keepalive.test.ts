import { once } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer, type WebSocket as WsSocket } from 'ws';
import { ErrorCode, type SgcError } from '@sgc/frame';
import { WebSocketClient } from '../src/index.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function wsServer(options: ConstructorParameters<typeof WsServer>[0] = {}): Promise<{ url: string; server: WsServer }> {
  const server = new WsServer({ host: '127.0.0.1', port: 0, ...options });
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const ws of server.clients) ws.terminate();
    server.close(() => resolve());
  }));
  return { server, url: `ws://127.0.0.1:${(server.address() as { port: number }).port}` };
}

function track(client: WebSocketClient): WebSocketClient {
  cleanups.push(() => client.disconnect());
  return client;
}

describe('heartbeat', () => {
  it('pings on its interval while the server answers', async () => {
    const { url, server } = await wsServer();
    const pings: number[] = [];
    server.on('connection', (ws) => ws.on('ping', () => pings.push(Date.now())));
    const client = track(new WebSocketClient({ url, heartbeat: { interval: 30, timeout: 1000 } }));
    await client.connect();
    while (pings.length < 3) await client.waitFor('pong', { timeout: 2000 });
    expect(client.isOpen).toBe(true);
  });

  it('drops the connection and reports a timeout when the server stops answering pings', async () => {
    const { url } = await wsServer({ autoPong: false });
    const client = track(new WebSocketClient({ url, heartbeat: { interval: 30, timeout: 60 } }));
    const exceptions: SgcError[] = [];
    client.on('exception', (error) => exceptions.push(error));
    await client.connect();
    const [code, , wasClean] = await client.waitFor('disconnect', { timeout: 5000 });
    expect([code, wasClean]).toEqual([1006, false]);
    expect(exceptions[0]?.code).toBe(ErrorCode.Timeout);
    expect(exceptions[0]?.message).toMatch(/HeartBeat Timeout exceeded/);
  });
});

describe('timeouts and keep-alive', () => {
  it('closes an idle connection after readTimeout', async () => {
    const { url } = await wsServer();
    const client = track(new WebSocketClient({ url, readTimeout: 80, tcpKeepAlive: { initialDelay: 1000 } }));
    const exceptions: SgcError[] = [];
    client.on('exception', (error) => exceptions.push(error));
    await client.connect();
    const started = Date.now();
    await client.waitFor('disconnect', { timeout: 5000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(exceptions.map((error) => error.code)).toEqual([ErrorCode.Timeout]);
  });

  it('fails the connection when written data cannot be sent within writeTimeout', async () => {
    const { url, server } = await wsServer();
    const peers: WsSocket[] = [];
    server.on('connection', (ws) => {
      peers.push(ws);
      // Stop reading so the kernel buffers fill up and our writes stay pending.
      (ws as unknown as { _socket: Socket })._socket.pause();
    });
    const client = track(new WebSocketClient({ url, writeTimeout: 100 }));
    const exceptions: SgcError[] = [];
    client.on('exception', (error) => exceptions.push(error));
    await client.connect();
    const chunk = Buffer.alloc(1 << 20);
    for (let i = 0; i < 64 && client.isOpen; i++) client.send(chunk);
    await client.waitFor('disconnect', { timeout: 5000 });
    expect(exceptions.map((error) => error.code)).toContain(ErrorCode.Timeout);
  });
});

describe('closing options', () => {
  it('sends a close frame on disconnect() with cleanDisconnect', async () => {
    const { url, server } = await wsServer();
    const closed = new Promise<number>((resolve) => server.on('connection', (ws) => ws.on('close', (code) => resolve(code))));
    const client = track(new WebSocketClient({ url, cleanDisconnect: true }));
    await client.connect();
    client.disconnect();
    expect(await closed).toBe(1000);
  });

  it('drops the socket without a close frame by default', async () => {
    const { url, server } = await wsServer();
    const closed = new Promise<number>((resolve) => server.on('connection', (ws) => ws.on('close', (code) => resolve(code))));
    const client = track(new WebSocketClient({ url }));
    await client.connect();
    client.disconnect();
    expect(await closed).toBe(1006);
  });

  it('keeps protocol errors quiet with raiseDisconnectErrors false', async () => {
    const { url, server } = await wsServer();
    server.on('connection', (ws) => (ws as unknown as { _socket: Socket })._socket.write(Buffer.from([0x83, 0x00])));
    const client = track(new WebSocketClient({ url, raiseDisconnectErrors: false }));
    let errors = 0;
    client.on('error', () => errors++);
    await client.connect();
    const [code] = await client.waitFor('disconnect', { timeout: 5000 });
    expect(code).toBe(1002);
    expect(errors).toBe(0);
  });
});

describe('emit mode', () => {
  it('keeps messages in order in deferred mode', async () => {
    const { url, server } = await wsServer();
    server.on('connection', (ws) => {
      ws.send('one');
      ws.send('two');
    });
    const client = track(new WebSocketClient({ url, emitMode: 'deferred' }));
    const seen: string[] = [];
    const done = new Promise<void>((resolve) =>
      client.on('message', (text) => {
        seen.push(text);
        if (seen.length === 2) resolve();
      }),
    );
    await client.connect();
    await done;
    expect(seen).toEqual(['one', 'two']);
  });
});

describe('waitFor', () => {
  it('times out with a typed error', async () => {
    const { url } = await wsServer();
    const client = track(new WebSocketClient({ url }));
    await client.connect();
    await expect(client.waitFor('message', { timeout: 20 })).rejects.toMatchObject({ code: ErrorCode.Timeout });
  });
});
