import { once } from 'node:events';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer, type WebSocket as WsSocket } from 'ws';
import { ErrorCode, type SgcError } from '@sgc/frame';
import { WebSocketClient } from '../src/index.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pair(clientOptions: Partial<ConstructorParameters<typeof WebSocketClient>[0]> = {}) {
  const server = new WsServer({ host: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const ws of server.clients) ws.terminate();
    server.close(() => resolve());
  }));
  const client = new WebSocketClient({ url: `ws://127.0.0.1:${(server.address() as { port: number }).port}`, ...clientOptions });
  cleanups.push(() => client.disconnect());
  const [[peer]] = (await Promise.all([once(server, 'connection'), client.connect()])) as [[WsSocket], void];
  return { client, peer };
}

describe('an open client', () => {
  it('reports the server close code, reason and a clean close', async () => {
    const { client, peer } = await pair();
    peer.close(4100, 'server says bye');
    const [code, reason, wasClean] = await once(client, 'disconnect');
    expect([code, reason, wasClean]).toEqual([4100, 'server says bye', true]);
    expect(client.isOpen).toBe(false);
  });

  it('fails the connection with 1002 when the server masks its frames', async () => {
    const { client, peer } = await pair();
    const errors: SgcError[] = [];
    client.on('error', (error) => errors.push(error));
    const closed = once(peer, 'close');
    (peer as unknown as { _socket: Socket })._socket.write(Buffer.from([0x81, 0x82, 1, 2, 3, 4, 0x69, 0x6b]));
    const [code] = await closed;
    expect(code).toBe(1002);
    expect(errors.map((error) => error.code)).toEqual([ErrorCode.MaskForbidden]);
  });

  it('answers pings and reports them', async () => {
    const { client, peer } = await pair();
    const pinged = once(client, 'ping');
    const ponged = once(peer, 'pong');
    peer.ping('are you there');
    expect((await pinged)[0].toString()).toBe('are you there');
    expect((await ponged)[0].toString()).toBe('are you there');
  });

  it('reports 1006 and wasClean false when the socket drops', async () => {
    const { client, peer } = await pair();
    peer.terminate();
    const [code, , wasClean] = await once(client, 'disconnect');
    expect([code, wasClean]).toEqual([1006, false]);
  });

  it('delivers events to a Transport handler until detached', async () => {
    const { client, peer } = await pair();
    const seen: string[] = [];
    const detach = client.attach({
      onText: (text) => seen.push(`text:${text}`),
      onBinary: (data) => seen.push(`binary:${data.length}`),
      onClose: (code) => seen.push(`close:${code}`),
    });
    peer.send('one');
    await once(client, 'message');
    peer.send(Buffer.alloc(3));
    await once(client, 'binary');
    detach();
    peer.send('ignored');
    await once(client, 'message');
    expect(seen).toEqual(['text:one', 'binary:3']);
    expect(client.send('via transport')).toBe(true);
  });

  it('can reconnect after a close', async () => {
    const { client } = await pair();
    await client.close();
    await client.connect();
    expect(client.isOpen).toBe(true);
    await client.close();
  });
});
