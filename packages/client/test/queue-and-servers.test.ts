import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer } from 'ws';
import { WebSocketClient } from '../src/index.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(name: string): Promise<{ url: string; wss: WsServer; received: string[] }> {
  const wss = new WsServer({ host: '127.0.0.1', port: 0 });
  const received: string[] = [];
  wss.on('connection', (ws) => {
    ws.send(`hello from ${name}`);
    ws.on('message', (data) => received.push(data.toString()));
  });
  await once(wss, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const ws of wss.clients) ws.terminate();
    wss.close(() => resolve());
  }));
  return { url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`, wss, received };
}

describe('queued sends (QueueOptions)', () => {
  it('writes on a later turn, in order, and copies the caller buffer', async () => {
    const { url, received } = await server('a');
    const client = new WebSocketClient({ url, queue: 'all' });
    cleanups.push(() => client.disconnect());
    await client.connect();
    const buffer = Buffer.from('first');
    client.send(buffer);
    buffer.write('XXXXX'); // the queued copy is not affected
    client.send('second');
    expect(client.bufferedAmount).toBeGreaterThanOrEqual(11); // nothing written yet: still queued
    while (received.length < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual(['first', 'second']);
  });

  it('only queues the configured kind of message', async () => {
    const { url } = await server('a');
    const client = new WebSocketClient({ url, queue: 'binary' });
    cleanups.push(() => client.disconnect());
    await client.connect();
    client.send('inline text');
    expect(client.bufferedAmount).toBe(0);
    client.send(new Uint8Array(100));
    expect(client.bufferedAmount).toBe(100);
  });
});

describe('server list (LoadBalancer Servers)', () => {
  it('takes the next server on each connect and fails over with the watchdog', async () => {
    const first = await server('first');
    const second = await server('second');
    const client = new WebSocketClient({
      url: 'ws://127.0.0.1:1/', // not dialled: the servers list is
      servers: [first.url, second.url],
      watchdog: { initialDelay: 20, jitter: 0 },
    });
    cleanups.push(() => client.disconnect());
    const greetings: string[] = [];
    client.on('message', (text) => greetings.push(text));
    const firstHello = client.waitFor('message');
    await client.connect();
    await firstHello;
    for (const ws of first.wss.clients) ws.terminate();
    await client.waitFor('reconnected', { timeout: 5000 });
    while (greetings.length < 2) await client.waitFor('message', { timeout: 5000 });
    expect(greetings).toEqual(['hello from first', 'hello from second']);
  });
});

describe('load balancer (LoadBalancer Host/Port)', () => {
  /**
   * A load balancer written from the protocol sgc defines (see src/load-balancer.ts): it
   * hands out the back-ends in turn on /sgc@load_balancer_client.
   */
  async function balancer(backends: string[]): Promise<{ host: string; port: number; requests: number }> {
    const wss = new WsServer({ host: '127.0.0.1', port: 0, path: '/sgc@load_balancer_client' });
    const state = { host: '127.0.0.1', port: 0, requests: 0 };
    wss.on('connection', (ws) =>
      ws.on('message', (data) => {
        const request = JSON.parse(data.toString()) as { method: string; id: string };
        expect(request.method).toBe('sgc@lb@client@get@binding');
        const backend = new URL(backends[state.requests++ % backends.length]!);
        ws.send(JSON.stringify({ jsonrpc: '2.0', result: { host: backend.hostname, port: Number(backend.port), ssl: false }, id: request.id }));
      }),
    );
    await once(wss, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => {
      for (const ws of wss.clients) ws.terminate();
      wss.close(() => resolve());
    }));
    state.port = (wss.address() as { port: number }).port;
    return state;
  }

  it('asks the balancer for a back-end before each connect', async () => {
    const first = await server('first');
    const second = await server('second');
    const lb = await balancer([first.url, second.url]);
    const client = new WebSocketClient({
      url: 'ws://127.0.0.1:1/app?room=7', // not dialled: the balancer chooses the host
      loadBalancer: { host: lb.host, port: lb.port },
      watchdog: { initialDelay: 20, jitter: 0 },
    });
    cleanups.push(() => client.disconnect());
    const greetings: string[] = [];
    client.on('message', (text) => greetings.push(text));
    await client.connect();
    while (greetings.length < 1) await client.waitFor('message', { timeout: 5000 });
    for (const ws of first.wss.clients) ws.terminate();
    await client.waitFor('reconnected', { timeout: 5000 });
    while (greetings.length < 2) await client.waitFor('message', { timeout: 5000 });
    expect(greetings).toEqual(['hello from first', 'hello from second']);
    expect(lb.requests).toBe(2);
  });

  it('fails the connect with a typed error when the balancer has no server', async () => {
    const wss = new WsServer({ host: '127.0.0.1', port: 0 });
    wss.on('connection', (ws) =>
      ws.on('message', (data) => {
        const { id } = JSON.parse(data.toString()) as { id: string };
        ws.send(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'no servers' }, id }));
      }),
    );
    await once(wss, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => wss.close(() => resolve())));
    const client = new WebSocketClient({
      url: 'ws://127.0.0.1:1/',
      loadBalancer: { host: '127.0.0.1', port: (wss.address() as { port: number }).port },
    });
    await expect(client.connect()).rejects.toMatchObject({ code: 'SGC_ERR_HANDSHAKE_FAILED', message: expect.stringMatching(/no servers/) });
  });
});
