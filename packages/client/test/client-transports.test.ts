import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer } from 'ws';
import { WebSocketClient } from '../src/index.js';
import { startMicrosocks, startTinyproxy, type RunningProxy } from './_proxies.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function wsEcho(): Promise<number> {
  const server = new WsServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const ws of server.clients) ws.terminate();
    server.close(() => resolve());
  }));
  return (server.address() as { port: number }).port;
}

function proxy(running: RunningProxy): RunningProxy {
  cleanups.push(() => running.stop());
  return running;
}

describe('WebSocketClient through real proxies', () => {
  it('connects through tinyproxy (HTTP CONNECT with Basic proxy auth)', async () => {
    const port = await wsEcho();
    const tinyproxy = proxy(await startTinyproxy({ auth: { user: 'sgc', password: 'secret' } }));
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}`, proxy: `http://sgc:secret@127.0.0.1:${tinyproxy.port}` });
    await client.connect();
    client.send('via http proxy');
    expect((await client.waitFor('message', { timeout: 5000 }))[0]).toBe('via http proxy');
    await client.close();
  });

  it('reports a refused proxy password as a handshake failure with the proxy status', async () => {
    const port = await wsEcho();
    const tinyproxy = proxy(await startTinyproxy({ auth: { user: 'sgc', password: 'secret' } }));
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}`, proxy: `http://sgc:wrong@127.0.0.1:${tinyproxy.port}` });
    // RFC 9110 says 407; tinyproxy answers bad Basic credentials with 401.
    const error = await client.connect().then(() => undefined, (e: unknown) => e as { code: string; status: number });
    expect(error?.code).toBe('SGC_ERR_HANDSHAKE_FAILED');
    expect([401, 407]).toContain(error?.status);
  });

  it('connects through microsocks (SOCKS5 with username and password)', async () => {
    const port = await wsEcho();
    const socks = proxy(await startMicrosocks({ user: 'sgc', password: 'secret' }));
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}`, proxy: `socks5://sgc:secret@127.0.0.1:${socks.port}` });
    await client.connect();
    client.send(new Uint8Array([1, 2, 3]));
    expect([...(await client.waitFor('binary', { timeout: 5000 }))[0]]).toEqual([1, 2, 3]);
    await client.close();
  });
});

describe('tcp:// URLs', () => {
  it('exchange raw bytes, cut into messages at the delimiter bytes', async () => {
    const received: Buffer[] = [];
    let peer: Socket | undefined;
    const server = createServer((socket) => {
      peer = socket;
      socket.on('data', (chunk) => received.push(chunk));
      // One write holding two delimited messages and the start of a third.
      socket.write(Buffer.from('CONNECTED\n\0MESSAGE\n\0PART'));
    }).listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise((resolve) => {
      peer?.destroy();
      server.close(resolve);
    }));
    const client = new WebSocketClient({
      url: `tcp://127.0.0.1:${(server.address() as { port: number }).port}`,
      tcp: { scanMode: 'all', delimiter: [0] },
    });
    const messages: string[] = [];
    const two = new Promise<void>((resolve) =>
      client.on('binary', (data) => {
        messages.push(data.toString());
        if (messages.length === 2) resolve();
      }),
    );
    await client.connect();
    await two;
    expect(messages).toEqual(['CONNECTED\n\0', 'MESSAGE\n\0']);
    client.send('SEND\n\0');
    while (Buffer.concat(received).toString() !== 'SEND\n\0') await once(peer!, 'data');
    await client.close();
  });
});

describe('throttle and log file', () => {
  it('never sends faster than the configured rate', async () => {
    const port = await wsEcho();
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}`, throttle: { bitsPerSecond: 800_000 } });
    await client.connect();
    const started = performance.now();
    const chunk = Buffer.alloc(10_000);
    let echoed = 0;
    const done = new Promise<void>((resolve) => client.on('binary', () => ++echoed === 10 && resolve()));
    for (let i = 0; i < 10; i++) client.send(chunk);
    await done;
    const seconds = (performance.now() - started) / 1000;
    // 100 kB each way at 100 kB/s (plus a 50 ms burst): at least ~0.9 s, however fast the machine.
    expect(seconds).toBeGreaterThan(0.85);
    await client.close();
  });

  it('writes the connection and its messages in the manual LogFile format', async () => {
    const port = await wsEcho();
    const dir = mkdtempSync(join(tmpdir(), 'sgc-log-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'client.log');
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}`, log: file });
    await client.connect();
    client.send('hello log');
    await client.waitFor('message', { timeout: 5000 });
    await client.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^127\.0\.0\.1:\d+ Stat Connected\.$/);
    expect(lines[1]).toMatch(/^127\.0\.0\.1:\d+ Sent \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d: hello log$/);
    expect(lines[2]).toMatch(/^127\.0\.0\.1:\d+ Recv \d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d: hello log$/);
    expect(lines.at(-1)).toMatch(/^127\.0\.0\.1:\d+ Stat Disconnected\.$/);
  });
});
