import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer } from 'ws';
import { ErrorCode } from '@sgc/frame';
import { WebSocketClient, type ClientPlugin } from '../src/index.js';

let server: WsServer | undefined;
afterEach(async () => {
  if (!server) return;
  for (const ws of server.clients) ws.terminate();
  await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
});

async function echo(): Promise<string> {
  server = new WsServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => [...offered][0] ?? false });
  server.on('connection', (ws, req) => {
    ws.send(`path=${req.url} header=${req.headers['x-plugin'] ?? ''}`);
    ws.on('message', (data) => ws.send(data.toString()));
  });
  await once(server, 'listening');
  return `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('the handshake hook', () => {
  it('edits the URL, headers and protocols of every handshake', async () => {
    const url = await echo();
    let calls = 0;
    const client = new WebSocketClient({
      url,
      handshake: (request) => {
        calls++;
        request.url.pathname = '/edited';
        request.headers['X-Plugin'] = 'from-hook';
      },
    });
    const greeting = client.waitFor('message');
    await client.connect();
    expect((await greeting)[0]).toBe('path=/edited header=from-hook');
    expect(calls).toBe(1);
    await client.close();
  });
});

describe('plug-ins', () => {
  it('rewrite the handshake, receive the messages, and are the only one', async () => {
    const seen: string[] = [];
    const plugin: ClientPlugin = {
      name: 'test-api',
      beforeConnect(request) {
        request.url.pathname = '/negotiated';
        request.headers['X-Plugin'] = 'yes';
        request.protocols.push('api.v1');
      },
      onOpen: () => seen.push('open'),
      onText: (text) => seen.push(text),
    };
    const client = new WebSocketClient({ url: await echo() });
    const remove = client.use(plugin);
    expect(() => client.use({ name: 'second' })).toThrow(expect.objectContaining({ code: ErrorCode.InvalidState }));
    const greeting = client.waitFor('message');
    await client.connect();
    await greeting;
    expect(client.protocol).toBe('api.v1');
    expect(seen).toEqual(['open', 'path=/negotiated header=yes']);
    remove();
    client.use({ name: 'second' });
    await client.close();
  });

  it('resubscribe in onReconnected before queued messages go out', async () => {
    const order: string[] = [];
    const url = await echo();
    const client = new WebSocketClient({ url, watchdog: { initialDelay: 20, jitter: 0 } });
    client.use({
      name: 'resubscriber',
      onReconnected: () => {
        client.send('subscribe');
      },
      onText: (text) => {
        if (!text.startsWith('path=')) order.push(text);
      },
    });
    await client.connect();
    const dropped = client.waitFor('disconnect');
    for (const ws of server!.clients) ws.terminate();
    await dropped;
    client.send('queued');
    await client.waitFor('reconnected', { timeout: 5000 });
    while (order.length < 2) await client.waitFor('message', { timeout: 5000 });
    expect(order).toEqual(['subscribe', 'queued']);
    await client.close();
  });
});
