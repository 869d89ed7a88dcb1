import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCode } from '@sgc/frame';
import { ProtocolServer, WebSocketServer, type ServerConnection, type ServerPlugin } from '../src/index.js';

let server: WebSocketServer | undefined;
const clients: WebSocket[] = [];
afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  await server?.stop();
  server = undefined;
});

async function open(url: string, protocols?: string[]): Promise<WebSocket> {
  const ws = new WebSocket(url, protocols);
  clients.push(ws);
  await once(ws, 'open');
  return ws;
}

async function nextMessage(ws: WebSocket): Promise<string> {
  const [data] = await once(ws, 'message');
  return (data as Buffer).toString();
}

/** A sub-protocol that answers in upper case and records its connections' lifecycle. */
class Upper extends ProtocolServer {
  readonly name = 'upper';
  readonly protocols = ['upper.example.com'];
  readonly log: string[] = [];
  onConnect(conn: ServerConnection): void {
    this.log.push(`connect ${conn.protocol}`);
  }
  onMessage(conn: ServerConnection, text: string): void {
    conn.send(text.toUpperCase());
  }
  onBinary(conn: ServerConnection, data: Buffer): void {
    conn.send(Buffer.from(data.reverse()));
  }
  onDisconnect(_conn: ServerConnection, code: number): void {
    this.log.push(`disconnect ${code}`);
  }
}

describe('server.use(plugin)', () => {
  it('routes the connections of its sub-protocol to the plug-in and the rest to the server', async () => {
    const upper = new Upper();
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, protocols: ['plain'] }).use(upper);
    expect(upper.server).toBe(server);
    const serverMessages: string[] = [];
    server.on('message', (conn, text) => {
      serverMessages.push(text);
      conn.send(`server: ${text}`);
    });
    const connected: string[] = [];
    server.on('connect', (conn) => connected.push(conn.protocol));
    await server.start();
    const url = `ws://127.0.0.1:${server.port}`;

    const upperClient = await open(url, ['upper.example.com']);
    expect(upperClient.protocol).toBe('upper.example.com');
    upperClient.send('shout');
    expect(await nextMessage(upperClient)).toBe('SHOUT');
    upperClient.send(Buffer.from([1, 2, 3]));
    const [binary] = await once(upperClient, 'message');
    expect([...(binary as Buffer)]).toEqual([3, 2, 1]);

    const plainClient = await open(url, ['plain']);
    plainClient.send('hi');
    expect(await nextMessage(plainClient)).toBe('server: hi');
    expect(serverMessages).toEqual(['hi']);
    expect(connected).toEqual(['upper.example.com', 'plain']);

    const gone = once(server, 'disconnect');
    upperClient.close(4001);
    await gone;
    expect(upper.log).toEqual(['connect upper.example.com', 'disconnect 4001']);
  });

  it("broadcasts of a ProtocolServer reach only its protocol's connections", async () => {
    const upper = new Upper();
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, protocols: ['plain'] }).use(upper);
    await server.start();
    const url = `ws://127.0.0.1:${server.port}`;
    const [a, b, plain] = await Promise.all([
      open(url, ['upper.example.com']),
      open(url, ['upper.example.com']),
      open(url, ['plain']),
    ]);
    let plainGot = 0;
    plain.on('message', () => plainGot++);
    const arrivals = Promise.all([nextMessage(a), nextMessage(b)]);
    expect(upper.broadcast('news')).toBe(2);
    expect(await arrivals).toEqual(['news', 'news']);
    const conn = [...server.connections.values()].find((candidate) => candidate.protocol === 'plain')!;
    const direct = nextMessage(plain);
    expect(await upper.writeData(conn.id, 'direct')).toBe(true);
    expect(await direct).toBe('direct');
    expect(plainGot).toBe(1);
  });

  it('claims connections and HTTP requests by path, outside the server path', async () => {
    const plugin: ServerPlugin & { seen: string[] } = {
      name: 'status',
      seen: [],
      claims: (request) => request.url === '/status',
      handleRequest(request: IncomingMessage, response: ServerResponse): boolean {
        if (request.url !== '/status.json') return false;
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
        return true;
      },
      onMessage(conn, text) {
        this.seen.push(text);
        conn.send('status ok');
      },
    };
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws' }).use(plugin);
    await server.start();
    const status = await open(`ws://127.0.0.1:${server.port}/status`);
    status.send('?');
    expect(await nextMessage(status)).toBe('status ok');
    expect(plugin.seen).toEqual(['?']);

    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/elsewhere`);
    const [, response] = (await once(refused, 'unexpected-response')) as [unknown, IncomingMessage];
    expect(response.statusCode).toBe(400);

    const reply = await fetch(`http://127.0.0.1:${server.port}/status.json`);
    expect(await reply.json()).toEqual({ ok: true });
  });

  it('refuses a second plug-in with the same name', () => {
    server = new WebSocketServer().use(new Upper());
    expect(() => server!.use(new Upper())).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });
});

describe('emitMode', () => {
  it("'deferred' emits after the read callback, in order; 'inline' within it", async () => {
    for (const emitMode of ['inline', 'deferred'] as const) {
      server = new WebSocketServer({ host: '127.0.0.1', port: 0, emitMode });
      const events: string[] = [];
      let inReadCallback = false;
      server.on('connect', (conn) => {
        // Marks the synchronous part of each socket read: deferred events must land outside it.
        conn.session.socket.prependListener('data', () => {
          inReadCallback = true;
          queueMicrotask(() => (inReadCallback = false));
        });
      });
      server.on('message', (_conn, text) => events.push(`${text}:${inReadCallback ? 'inline' : 'later'}`));
      const closed = once(server, 'disconnect');
      server.on('disconnect', () => events.push('disconnect'));
      await server.start();
      const ws = await open(`ws://127.0.0.1:${server.port}`);
      ws.send('a');
      ws.send('b');
      ws.close();
      await closed;
      const where = emitMode === 'inline' ? 'inline' : 'later';
      expect(events.filter((event) => event !== 'disconnect').every((event) => event.endsWith(where))).toBe(true);
      expect(events.map((event) => event.split(':')[0])).toEqual(['a', 'b', 'disconnect']);
      await server.stop();
    }
  });
});
