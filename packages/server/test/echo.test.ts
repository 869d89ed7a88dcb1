import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebSocketServer } from '../src/index.js';

let server: WebSocketServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function echoServer(options: ConstructorParameters<typeof WebSocketServer>[0] = {}): Promise<WebSocketServer> {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  server.on('message', (conn, text) => conn.send(text));
  server.on('binary', (conn, data) => conn.send(data));
  await server.start();
  return server;
}

describe('WebSocketServer with ws as client', () => {
  it('echoes text and binary', async () => {
    const s = await echoServer();
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}`);
    await once(ws, 'open');
    ws.send('hello');
    const [text, isBinary] = await once(ws, 'message');
    expect(isBinary).toBe(false);
    expect(text.toString()).toBe('hello');
    ws.send(Buffer.alloc(100_000, 9));
    const [data] = await once(ws, 'message');
    expect(Buffer.compare(data, Buffer.alloc(100_000, 9))).toBe(0);
    ws.close(1000, 'bye');
    const [code, reason] = await once(ws, 'close');
    expect(code).toBe(1000);
    expect(reason.toString()).toBe('');
  });

  it('echoes compressed messages with permessage-deflate', async () => {
    const s = await echoServer({ perMessageDeflate: true });
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}`, { perMessageDeflate: { threshold: 0 } });
    await once(ws, 'open');
    expect(ws.extensions).toContain('permessage-deflate');
    const text = 'compress me '.repeat(500);
    for (let i = 0; i < 3; i++) {
      ws.send(text);
      const [echo] = await once(ws, 'message');
      expect(echo.toString()).toBe(text);
    }
    ws.close();
    await once(ws, 'close');
  });

  it('closes every client with 1001 on stop', async () => {
    const s = await echoServer();
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}`);
    await once(ws, 'open');
    const closed = once(ws, 'close');
    await s.stop();
    server = undefined;
    const [code] = await closed;
    expect(code).toBe(1001);
  });
});
