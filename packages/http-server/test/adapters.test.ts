import { once } from 'node:events';
import { createServer, type Server as NodeHttpServer } from 'node:http';
import { createServer as createHttp2Server } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import WebSocket from 'ws';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { WebSocketClient } from '@sgc/client';
import type { HttpServer } from '../src/http-server.js';
import { SSE_CONNECTION_EVENT, SSE_CONNECTION_PARAM } from '../src/sse/sse-endpoint.js';
import { attachSgc, createAttached } from '../src/adapters/attach.js';
import { mountExpress, sgcExpress } from '../src/adapters/express.js';
import { mountFastify } from '../src/adapters/fastify.js';
import { HONO_ALREADY_SENT_HEADER, mountHono, sgcHono } from '../src/adapters/hono.js';
import { openStream, type SseStream } from './fixtures/sse-client.js';

/** Run in reverse order after each test: clients first, then sgc and the app's server. */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An app of one framework with its own routes, listening on 127.0.0.1, with sgc mounted. */
interface Mounted {
  readonly port: number;
  readonly sgc: HttpServer;
  /** Closes sgc and the app's server, the way an app built on that framework would. */
  close(): Promise<void>;
}

/** What each framework answers for an unknown path. */
interface NotFound {
  readonly contentType: RegExp;
  readonly body: (path: string) => unknown;
}

interface Framework {
  readonly name: string;
  readonly start: () => Promise<Mounted>;
  readonly notFound: NotFound;
}

const ITEMS = [{ id: 1, name: 'alpha' }, { id: 2, name: 'beta' }];

/** Closes a Node server (after sgc stopped), dropping idle keep-alive sockets left by undici. */
async function closeServer(server: NodeHttpServer): Promise<void> {
  if (!server.listening) return;
  const closed = once(server, 'close');
  server.close();
  server.closeAllConnections();
  await closed;
}

async function listening(server: NodeHttpServer): Promise<number> {
  if (!server.listening) await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** Express 5: sgc mounted first (before `express.json()` and the routes) on `http.createServer(app)`. */
async function startExpress(): Promise<Mounted> {
  const app = express();
  const server = createServer(app);
  const sgc = await mountExpress(app, server);
  app.use(express.json());
  app.get('/api/items', (_req, res) => {
    res.json({ framework: 'express', items: ITEMS });
  });
  app.post('/api/items', (req, res) => {
    res.status(201).json({ framework: 'express', created: req.body as unknown });
  });
  server.listen(0, '127.0.0.1');
  const port = await listening(server);
  const mounted = { port, sgc, close: async () => {
    await sgc.stop();
    await closeServer(server);
  } };
  cleanups.push(() => mounted.close());
  return mounted;
}

/** Fastify 5: `mountFastify` before the routes; `fastify.close()` stops sgc through its preClose hook. */
async function startFastify(): Promise<Mounted> {
  const app = Fastify();
  const sgc = await mountFastify(app);
  app.get('/api/items', async () => ({ framework: 'fastify', items: ITEMS }));
  app.post('/api/items', async (req, reply) => reply.code(201).send({ framework: 'fastify', created: req.body }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const mounted = { port: (app.server.address() as AddressInfo).port, sgc, close: () => app.close() };
  cleanups.push(() => mounted.close());
  return mounted;
}

/** Hono on `@hono/node-server`: `mountHono` on the server `serve()` returns, before the routes. */
async function startHono(): Promise<Mounted> {
  const app = new Hono();
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  const sgc = await mountHono(app, server);
  app.get('/api/items', (c) => c.json({ framework: 'hono', items: ITEMS }));
  app.post('/api/items', async (c) => c.json({ framework: 'hono', created: await c.req.json() }, 201));
  const port = await listening(server as NodeHttpServer);
  const mounted = { port, sgc, close: async () => {
    await sgc.stop();
    await closeServer(server as NodeHttpServer);
  } };
  cleanups.push(() => mounted.close());
  return mounted;
}

const frameworks: Framework[] = [
  {
    name: 'Express',
    start: startExpress,
    notFound: { contentType: /^text\/html/, body: (path) => expect.stringContaining(`Cannot GET ${path}`) },
  },
  {
    name: 'Fastify',
    start: startFastify,
    notFound: {
      contentType: /^application\/json/,
      body: (path) => JSON.stringify({ message: `Route GET:${path} not found`, error: 'Not Found', statusCode: 404 }),
    },
  },
  {
    name: 'Hono',
    start: startHono,
    notFound: { contentType: /^text\/plain/, body: () => '404 Not Found' },
  },
];

async function stream(url: string, headers?: Record<string, string>): Promise<SseStream> {
  const opened = await openStream(url, headers);
  cleanups.push(() => opened.close());
  return opened;
}

/** Opens a `ws` client and resolves once it is open. */
async function wsClient(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  cleanups.push(() => ws.terminate());
  await once(ws, 'open');
  return ws;
}

async function sgcClient(url: string): Promise<WebSocketClient> {
  const client = new WebSocketClient({ url });
  cleanups.push(() => client.disconnect());
  await client.connect({ timeout: 5000 });
  return client;
}

/** Echoes every WebSocket (and SSE post-back) message, as the brief's minimal sgc app does. */
function echo(sgc: HttpServer): void {
  sgc.on('message', (conn, text) => conn.send(text));
}

describe.each(frameworks)('$name adapter', ({ start, notFound }) => {
  it("keeps the app's own routes answering", async () => {
    const { port } = await start();
    const items = await request(`http://127.0.0.1:${port}/api/items`);
    expect(items.statusCode).toBe(200);
    expect(items.headers['content-type']).toMatch(/^application\/json/);
    expect(await items.body.json()).toMatchObject({ items: ITEMS });

    const created = await request(`http://127.0.0.1:${port}/api/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'gamma' }),
    });
    expect(created.statusCode).toBe(201);
    expect(await created.body.json()).toMatchObject({ created: { name: 'gamma' } });
  });

  it('answers WebSocket on the same port, for ws and for the sgc client', async () => {
    const { port, sgc } = await start();
    echo(sgc);
    const ws = await wsClient(`ws://127.0.0.1:${port}/chat`);
    ws.send('hello from ws');
    const [data, isBinary] = (await once(ws, 'message')) as [Buffer, boolean];
    expect([data.toString(), isBinary]).toEqual(['hello from ws', false]);

    const client = await sgcClient(`ws://127.0.0.1:${port}/`);
    client.send('hello from sgc');
    const [text] = (await once(client, 'message')) as [string];
    expect(text).toBe('hello from sgc');
    expect(sgc.count).toBe(2);
  });

  it("streams sgc's broadcasts to server-sent events on a path the app does not route", async () => {
    const { port, sgc } = await start();
    const news = await stream(`http://127.0.0.1:${port}/news`);
    expect(news.status).toBe(200);
    expect(news.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const [hello] = await news.nextEvents(1);
    expect(hello!.type).toBe(SSE_CONNECTION_EVENT);
    const conn = sgc.connections.get(hello!.data);
    expect(conn?.transport).toBe('sse');
    expect(conn?.channels).toEqual(['/news']);

    expect(sgc.broadcast('headline', { channel: '/news' })).toBe(1);
    expect(sgc.broadcast('elsewhere', { channel: '/sports' })).toBe(0);
    expect(sgc.broadcast('to everyone')).toBe(1);
    const events = await news.nextEvents(3);
    expect(events.slice(1).map((event) => event.data)).toEqual(['headline', 'to everyone']);
  });

  it("takes SSE post-backs before the framework's body parsing", async () => {
    const { port, sgc } = await start();
    echo(sgc);
    const live = await stream(`http://127.0.0.1:${port}/live`);
    const [hello] = await live.nextEvents(1);
    const posted = await request(`http://127.0.0.1:${port}/live?${SSE_CONNECTION_PARAM}=${hello!.data}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"say":"hi"}',
    });
    expect(posted.statusCode).toBe(204);
    await posted.body.dump();
    const [, echoed] = await live.nextEvents(2);
    expect(echoed!.data).toBe('{"say":"hi"}');
  });

  it("leaves unknown paths to the framework's 404", async () => {
    const { port } = await start();
    for (const path of ['/nope', '/api/nope']) {
      const missing = await request(`http://127.0.0.1:${port}${path}`, { headers: { accept: 'text/html' } });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(notFound.contentType);
      expect(await missing.body.text()).toEqual(notFound.body(path));
    }
  });

  it('closes with WebSocket and SSE connections open', async () => {
    const mounted = await start();
    const ws = await wsClient(`ws://127.0.0.1:${mounted.port}/`);
    const closedWs = once(ws, 'close') as Promise<[number, Buffer]>;
    const events = await stream(`http://127.0.0.1:${mounted.port}/events`);
    await events.nextEvents(1);
    await mounted.close();
    expect(mounted.sgc.active).toBe(false);
    const [code] = await closedWs;
    expect(code).toBe(1001);
    await events.ended;
  });
});

describe('Express adapter', () => {
  it('attaches to the server app.listen() returns, after the routes', async () => {
    const app = express();
    app.get('/api/items', (_req, res) => {
      res.json({ items: ITEMS });
    });
    const server = app.listen(0, '127.0.0.1');
    const port = await listening(server);
    const sgc = await attachSgc(server);
    app.use(sgcExpress(sgc));
    cleanups.push(async () => {
      await sgc.stop();
      await closeServer(server);
    });
    echo(sgc);

    expect(await (await request(`http://127.0.0.1:${port}/api/items`)).body.json()).toEqual({ items: ITEMS });
    const ws = await wsClient(`ws://127.0.0.1:${port}/`);
    ws.send('ping');
    const [data] = (await once(ws, 'message')) as [Buffer];
    expect(data.toString()).toBe('ping');
    const feed = await stream(`http://127.0.0.1:${port}/feed`);
    await feed.nextEvents(1);
    sgc.broadcast('update', { channel: '/feed' });
    expect((await feed.nextEvents(2))[1]!.data).toBe('update');
    // A route added before sgc still wins for its own path, event stream or not.
    const routed = await request(`http://127.0.0.1:${port}/api/items`, { headers: { accept: 'text/event-stream' } });
    expect(await routed.body.json()).toEqual({ items: ITEMS });
    expect((await request(`http://127.0.0.1:${port}/nope`)).statusCode).toBe(404);
  });
});

describe('Hono adapter', () => {
  it("marks taken requests the way @hono/node-server's RESPONSE_ALREADY_SENT does", () => {
    const headers: Array<[string, string]> = [];
    RESPONSE_ALREADY_SENT.headers.forEach((value, name) => headers.push([name, value]));
    expect(headers).toEqual([[HONO_ALREADY_SENT_HEADER, 'true']]);
    expect(RESPONSE_ALREADY_SENT.body).toBeNull();
  });

  it('refuses to run without the Node bindings of @hono/node-server', async () => {
    const app = new Hono();
    const sgc = createAttached(createServer());
    const errors: unknown[] = [];
    app.onError((error, c) => {
      errors.push(error);
      return c.text('failed', 500);
    });
    app.use(sgcHono(sgc));
    app.get('/', (c) => c.text('unreachable'));
    const response = await app.request('/');
    expect(response.status).toBe(500);
    expect(errors).toEqual([expect.objectContaining({ code: 'SGC_ERR_INVALID_STATE' })]);
  });
});

describe('attaching', () => {
  it('refuses HTTP/2 servers', () => {
    expect(() => createAttached(createHttp2Server())).toThrow(expect.objectContaining({ code: 'SGC_ERR_INVALID_ARGUMENT' }));
  });
});
