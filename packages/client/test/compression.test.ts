import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer } from 'ws';
import { WebSocketServer } from '@sgc/server';
import { WebSocketClient } from '../src/index.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sgcEcho(options: ConstructorParameters<typeof WebSocketServer>[0]): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  server.on('message', (conn, text) => conn.send(text));
  server.on('binary', (conn, data) => conn.send(data));
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

async function roundTrip(client: WebSocketClient, message: string | Buffer, options?: { fragmentSize?: number }) {
  const reply = once(client, typeof message === 'string' ? 'message' : 'binary');
  client.send(message, options);
  return (await reply)[0] as string | Buffer;
}

const text = 'The quick brown fox jumps over the lazy dog. '.repeat(400);

describe('compression between sgc client and sgc server', () => {
  it('negotiates the legacy deflate-frame extension and compresses every frame', async () => {
    const server = await sgcEcho({ deflateFrame: true });
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${server.port}`, deflateFrame: true });
    await client.connect();
    cleanups.push(() => client.close());
    expect(client.extensions).toBe('x-webkit-deflate-frame');
    for (let i = 0; i < 3; i++) expect(await roundTrip(client, text, { fragmentSize: 1000 })).toBe(text);
    const binary = Buffer.from(text.repeat(3));
    expect(Buffer.compare((await roundTrip(client, binary)) as Buffer, binary)).toBe(0);
  });

  it('prefers permessage-deflate when both are offered and accepted', async () => {
    const server = await sgcEcho({ perMessageDeflate: true, deflateFrame: true });
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${server.port}`, perMessageDeflate: true, deflateFrame: true });
    await client.connect();
    cleanups.push(() => client.close());
    expect(client.extensions).toMatch(/^permessage-deflate/);
    expect(await roundTrip(client, text)).toBe(text);
  });

  it('works with context takeover off in both directions and small windows', async () => {
    const server = await sgcEcho({ perMessageDeflate: { serverNoContextTakeover: true, clientNoContextTakeover: true, serverMaxWindowBits: 10, clientMaxWindowBits: 9, threshold: 0 } });
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${server.port}`, perMessageDeflate: { threshold: 0 } });
    await client.connect();
    cleanups.push(() => client.close());
    expect(client.extensions).toBe('permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=9');
    for (const message of [text, 'tiny', '', text.slice(7)]) expect(await roundTrip(client, message)).toBe(message);
  });

  it('sends uncompressed when limited to an 8-bit window, and still reads compressed messages', async () => {
    const server = await sgcEcho({ perMessageDeflate: { clientMaxWindowBits: 8, threshold: 0 } });
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${server.port}`, perMessageDeflate: { threshold: 0 } });
    await client.connect();
    cleanups.push(() => client.close());
    expect(client.extensions).toContain('client_max_window_bits=8');
    expect(await roundTrip(client, text)).toBe(text);
  });

  it('closes with 1009 when an inflated message exceeds maxPayload', async () => {
    const server = new WsServer({ host: '127.0.0.1', port: 0, perMessageDeflate: { threshold: 0 } });
    await once(server, 'listening');
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const serverSaw = new Promise<number>((resolve) =>
      server.on('connection', (ws) => {
        ws.on('close', (code) => resolve(code));
        ws.send(Buffer.alloc(1 << 20));
      }),
    );
    const client = new WebSocketClient({
      url: `ws://127.0.0.1:${(server.address() as { port: number }).port}`,
      perMessageDeflate: true,
      maxPayload: 64 * 1024,
    });
    const errors: unknown[] = [];
    client.on('error', (error) => errors.push(error));
    // events.once() would reject on the 'error' event, so wait for disconnect by hand.
    const closed = new Promise<[number, string, boolean]>((resolve) => client.on('disconnect', (...args) => resolve(args)));
    await client.connect();
    const [code, , wasClean] = await closed;
    expect([code, wasClean]).toEqual([1009, false]);
    expect(await serverSaw).toBe(1009);
    expect(errors).toEqual([expect.objectContaining({ code: 'SGC_ERR_PAYLOAD_TOO_LARGE', closeCode: 1009 })]);
    for (const ws of server.clients) ws.terminate();
  });
});
