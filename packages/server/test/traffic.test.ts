import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebSocketServer, type ServerConnection } from '../src/index.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function echo(options: ConstructorParameters<typeof WebSocketServer>[0]) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  server.on('message', (conn, text) => conn.send(text));
  server.on('binary', (conn, data) => conn.send(data));
  await server.start();
  cleanups.push(() => server.stop());
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
  cleanups.push(() => ws.terminate());
  const [[conn]] = (await Promise.all([once(server, 'connect'), once(ws, 'open')])) as [[ServerConnection], unknown];
  return { server, ws, conn };
}

describe('connection traffic', () => {
  it('counts the bytes received and sent, frame headers included', async () => {
    const { ws, conn } = await echo({});
    const received = conn.bytesReceived; // the handshake request so far
    const sent = conn.bytesSent; // the 101 response so far
    expect(received).toBeGreaterThan(100);
    ws.send('12345');
    await once(ws, 'message');
    // Client to server: 2 header + 4 mask + 5 payload; server to client: 2 header + 5 payload.
    expect(conn.bytesReceived - received).toBe(11);
    expect(conn.bytesSent - sent).toBe(7);
  });

  it('throttles what each connection sends', async () => {
    const { ws } = await echo({ throttle: { bitsPerSecond: 0, sendBitsPerSecond: 400_000 } });
    const started = performance.now();
    ws.send(Buffer.alloc(30_000));
    await once(ws, 'message');
    // 30 kB back at 50 kB/s, less the 50 ms burst: at least ~0.5 s.
    expect(performance.now() - started).toBeGreaterThan(500);
  });

  it('writes the LogFile in the manual format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgc-server-log-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'server.log');
    const { server, ws } = await echo({ log: file });
    ws.send('hello server log');
    await once(ws, 'message');
    ws.close();
    await once(server, 'disconnect');
    await server.stop();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^127\.0\.0\.1:\d+ Stat Connected\.$/);
    expect(lines[1]).toMatch(/^127\.0\.0\.1:\d+ Recv \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d: hello server log$/);
    expect(lines[2]).toMatch(/^127\.0\.0\.1:\d+ Sent \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d: hello server log$/);
    expect(lines.at(-1)).toMatch(/^127\.0\.0\.1:\d+ Stat Disconnected\.$/);
  });
});
