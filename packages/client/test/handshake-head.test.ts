import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { computeAccept } from '@sgc/frame/node';
import { WebSocketClient } from '../src/index.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

describe('frames that arrive in the same read as the 101 response', () => {
  it('are delivered after connect, and the client can answer them', async () => {
    // A raw server that writes the 101 and a text frame in one write, as Autobahn's fuzzing server does.
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.once('data', (request) => {
        const key = /sec-websocket-key: (\S+)/i.exec(request.toString())![1]!;
        socket.write(
          Buffer.concat([
            Buffer.from(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${computeAccept(key)}\r\n\r\n`),
            Buffer.from([0x81, 0x02, 0x68, 0x69]),
          ]),
        );
      });
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const echoed = new Promise<Buffer>((resolve) => {
      server.once('connection', (socket) => socket.on('data', (data) => data[0] === 0x81 && resolve(data)));
    });
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${(server.address() as { port: number }).port}` });
    const order: string[] = [];
    client.on('connect', () => order.push('connect'));
    client.on('message', (text) => {
      order.push(`message:${text}`);
      client.send(text);
    });
    await client.connect();
    const frame = await echoed;
    expect(order).toEqual(['connect', 'message:hi']);
    expect(frame[1]! & 0x80).toBe(0x80); // masked, as a client must
    client.disconnect();
    server.close();
  });
});
