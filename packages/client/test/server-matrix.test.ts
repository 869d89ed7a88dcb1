/**
 * The client's main features against both real servers it must work with:
 * sgc's own WebSocketServer and ws's. Each server echoes every message.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer } from 'ws';
import { WebSocketServer } from '@sgc/server';
import { WebSocketClient } from '../src/index.js';
import { startMicrosocks } from './_proxies.js';

interface EchoServer {
  readonly port: number;
  stop(): Promise<void>;
}

type Factory = (port?: number) => Promise<EchoServer>;

const sgcServer: Factory = async (port = 0) => {
  const server = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: true });
  server.on('message', (conn, text) => conn.send(text));
  server.on('binary', (conn, data) => conn.send(data));
  await server.start();
  return { port: server.port, stop: () => server.stop() };
};

const wsServer: Factory = async (port = 0) => {
  const server = new WsServer({ host: '127.0.0.1', port, perMessageDeflate: true });
  server.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const ws of server.clients) ws.terminate();
        server.close(() => resolve());
      }),
  };
};

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each([
  ['@sgc/server', sgcServer],
  ['ws', wsServer],
])('WebSocketClient against %s', (_name, start) => {
  async function started(): Promise<EchoServer> {
    const server = await start();
    cleanups.push(() => server.stop());
    return server;
  }

  function client(options: Omit<ConstructorParameters<typeof WebSocketClient>[0], 'url'>, port: number): WebSocketClient {
    const created = new WebSocketClient({ url: `ws://127.0.0.1:${port}`, ...options });
    cleanups.push(() => created.disconnect());
    return created;
  }

  it('echoes compressed text and binary, and measures a ping', async () => {
    const server = await started();
    const c = client({ perMessageDeflate: { threshold: 0 } }, server.port);
    await c.connect();
    expect(c.extensions).toContain('permessage-deflate');
    c.send('compressed '.repeat(100));
    expect((await c.waitFor('message', { timeout: 5000 }))[0]).toBe('compressed '.repeat(100));
    c.send(Buffer.alloc(70_000, 5));
    expect((await c.waitFor('binary', { timeout: 5000 }))[0].equals(Buffer.alloc(70_000, 5))).toBe(true);
    expect(await c.ping('rtt', { timeout: 2000 })).toBeGreaterThanOrEqual(0);
  });

  it('keeps a heartbeat answered', async () => {
    const server = await started();
    const c = client({ heartbeat: { interval: 20, timeout: 1000 } }, server.port);
    await c.connect();
    for (let pongs = 0; pongs < 3; pongs++) await c.waitFor('pong', { timeout: 2000 });
    expect(c.isOpen).toBe(true);
  });

  it('reconnects with the watchdog when the server stops and comes back on the same port', async () => {
    const first = await start();
    const c = client({ watchdog: { initialDelay: 30, maxDelay: 100, jitter: 0 } }, first.port);
    await c.connect();
    const down = c.waitFor('disconnect');
    await first.stop();
    await down;
    c.send('while away');
    const back = c.waitFor('reconnected', { timeout: 10_000 });
    const second = await start(first.port);
    cleanups.push(() => second.stop());
    await back;
    expect((await c.waitFor('message', { timeout: 5000 }))[0]).toBe('while away');
  });

  it('tunnels through a SOCKS5 proxy and throttles its sends', async () => {
    const server = await started();
    const socks = await startMicrosocks();
    cleanups.push(() => socks.stop());
    const c = client({ proxy: `socks5://127.0.0.1:${socks.port}`, throttle: { bitsPerSecond: 0, sendBitsPerSecond: 400_000 } }, server.port);
    await c.connect();
    const started_ = performance.now();
    c.send(Buffer.alloc(25_000));
    await c.waitFor('binary', { timeout: 5000 });
    // 25 kB at 50 kB/s, minus the 50 ms burst: at least ~0.4 s.
    expect(performance.now() - started_).toBeGreaterThan(400);
  });
});
