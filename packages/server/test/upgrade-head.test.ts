import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from '../src/index.js';

let server: WebSocketServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('frames sent together with the upgrade request', () => {
  it('are delivered after connect', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, closeTimeout: 500 });
    const order: string[] = [];
    server.on('connect', () => order.push('connect'));
    const message = new Promise<void>((resolve) =>
      server!.on('message', (_conn, text) => {
        order.push(`message:${text}`);
        resolve();
      }),
    );
    await server.start();
    const socket = connect(server.port, '127.0.0.1');
    await once(socket, 'connect');
    // The request and a masked "hi" frame (mask 00 00 00 00) in one write.
    socket.write(
      Buffer.concat([
        Buffer.from(
          'GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        ),
        Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0x68, 0x69]),
      ]),
    );
    await message;
    expect(order).toEqual(['connect', 'message:hi']);
    socket.destroy();
  });
});
