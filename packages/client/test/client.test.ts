import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer } from 'ws';
import { WebSocketServer } from '@sgc/server';
import { WebSocketClient } from '../src/index.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function wsEcho(options: ConstructorParameters<typeof WsServer>[0] = {}): Promise<WsServer> {
  const server = new WsServer({ host: '127.0.0.1', port: 0, ...options });
  server.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const ws of server.clients) ws.terminate();
    server.close(() => resolve());
  }));
  return server;
}

function portOf(server: WsServer): number {
  return (server.address() as { port: number }).port;
}

describe('WebSocketClient against ws', () => {
  it('echoes text and binary', async () => {
    const server = await wsEcho();
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${portOf(server)}` });
    await client.connect({ timeout: 5000 });
    client.send('hello');
    const [text] = await once(client, 'message');
    expect(text).toBe('hello');
    const payload = Buffer.alloc(200_000, 3);
    client.send(payload);
    const [data] = await once(client, 'binary');
    expect(Buffer.compare(data, payload)).toBe(0);
    await client.close(1000, 'bye');
  });

  it('negotiates permessage-deflate with ws', async () => {
    const server = await wsEcho({ perMessageDeflate: { threshold: 0 } });
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${portOf(server)}`, perMessageDeflate: { threshold: 0 } });
    await client.connect();
    expect(client.extensions).toContain('permessage-deflate');
    for (const text of ['a'.repeat(5000), 'b', 'κόσμε '.repeat(1000)]) {
      client.send(text);
      const [echo] = await once(client, 'message');
      expect(echo).toBe(text);
    }
    await client.close();
  });
});

describe('WebSocketClient against WebSocketServer', () => {
  it('echoes and measures a ping round trip', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: true });
    server.on('message', (conn, text) => conn.send(text));
    await server.start();
    cleanups.push(() => server.stop());
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${server.port}`, perMessageDeflate: true });
    await client.connect({ timeout: 5000 });
    const rtt = await client.ping('x', { timeout: 2000 });
    expect(rtt).toBeGreaterThanOrEqual(0);
    client.send('hi'.repeat(2000), { fragmentSize: 100 });
    const [echo] = await once(client, 'message');
    expect(echo).toBe('hi'.repeat(2000));
    const [disconnect] = await Promise.all([once(client, 'disconnect'), client.close(4000, 'done')]);
    expect(disconnect).toEqual([4000, '', true]);
  });
});
