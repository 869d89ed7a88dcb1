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
