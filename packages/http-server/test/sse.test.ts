import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import WebSocket from 'ws';
import { type HttpServer, SSE_CONNECTION_EVENT, type HttpServerOptions } from '../src/index.js';
import { startHttpServer } from './fixtures/http-server.js';
import type { ServerConnection } from '@sgc/server';
import { openStream, type SseStream } from './fixtures/sse-client.js';

let server: HttpServer | undefined;
const streams: SseStream[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

async function start(options: HttpServerOptions = {}): Promise<string> {
  const started = await startHttpServer(options);
  server = started.server;
  return started.base;
}

async function stream(url: string, headers?: Record<string, string>): Promise<SseStream> {
  const opened = await openStream(url, headers);
  streams.push(opened);
  return opened;
}

/** Opens a stream and waits for the server's connection for it. */
async function connectStream(url: string, headers?: Record<string, string>): Promise<[SseStream, ServerConnection]> {
  const connected = once(server!, 'connect') as Promise<[ServerConnection]>;
  const opened = await stream(url, headers);
  const [conn] = await connected;
  return [opened, conn];
}

describe('server-sent events', () => {
  it('makes each stream a connection of the server on the channel named by its path', async () => {
    const base = await start({ sse: { retry: 2500 } });
    const [news, conn] = await connectStream(`${base}/news?lang=en`);
    expect(news.status).toBe(200);
    expect(news.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(news.headers['cache-control']).toBe('no-cache');
    expect(conn.transport).toBe('sse');
    expect(conn.url).toBe('/news?lang=en');
    expect(conn.channels).toEqual(['/news']);
    const [sports] = await connectStream(`${base}/sports`);
    const [hello] = await news.nextEvents(1);
    expect(hello).toEqual({ type: SSE_CONNECTION_EVENT, data: conn.id, lastEventId: '' });
    expect(news.retries).toEqual([2500]);

    expect(server!.broadcast('only news', { channel: '/news' })).toBe(1);
    expect(server!.broadcast('everyone\nsecond line')).toBe(2);
    expect(await server!.writeData(conn.id, 'direct')).toBe(true);
    const events = await news.nextEvents(4);
    expect(events.slice(1).map((event) => event.data)).toEqual(['only news', 'everyone\nsecond line', 'direct']);
    const sportsEvents = await sports.nextEvents(2);
    expect(sportsEvents[1]!.data).toBe('everyone\nsecond line');
    expect(server!.count).toBe(2);
  });

  it("sends the manual's raw field lines as they are, and typed events with sendEvent", async () => {
    const base = await start();
    const [alerts, conn] = await connectStream(`${base}/alerts`);
    conn.send('event: notifications\ndata: disk full');
    expect(server!.sendEvent(conn, { event: 'tick', id: '5', data: 'a\nb' })).toBe(true);
    const events = await alerts.nextEvents(3);
    expect(events.slice(1)).toEqual([
      { type: 'notifications', data: 'disk full', lastEventId: '' },
      { type: 'tick', data: 'a\nb', lastEventId: '5' },
    ]);
    await expect(conn.ping()).rejects.toMatchObject({ code: 'SGC_ERR_NOT_SUPPORTED' });
  });

  it('replays the events a reconnecting client missed after its Last-Event-ID', async () => {
    const base = await start({ sse: { replay: 3 } });
    for (let id = 1; id <= 5; id++) server!.broadcastEvent('/feed', { id: String(id), data: `event ${id}` });
    const resumed = await stream(`${base}/feed`, { 'last-event-id': '3' });
    const events = await resumed.nextEvents(3);
    expect(events.slice(1).map((event) => [event.lastEventId, event.data])).toEqual([
      ['4', 'event 4'],
      ['5', 'event 5'],
    ]);
    // Id 1 fell out of the three kept: the position is unknown, so nothing is replayed.
    const tooOld = await stream(`${base}/feed`, { 'last-event-id': '1' });
    await tooOld.nextEvents(1);
    server!.broadcastEvent('/feed', { id: '6', data: 'event 6' });
    const [, live] = await tooOld.nextEvents(2);
    expect(live!.data).toBe('event 6');
  });

  it('writes heartbeat comments on idle streams', async () => {
    const base = await start({ sse: { heartbeat: 50 } });
    const idle = await stream(`${base}/idle`);
    expect(await idle.nextComment()).toBe('heartbeat');
  });

  it('delivers what the browser posts back as messages of its connection', async () => {
    const base = await start();
    const messages: string[] = [];
    server!.on('message', (conn, text) => {
      messages.push(`${conn.transport} ${text}`);
      conn.send(`echo ${text}`);
    });
    const [chat, conn] = await connectStream(`${base}/chat`);
    const posted = await request(`${base}/chat?sgcConnection=${conn.id}`, { method: 'POST', body: 'hello' });
    expect(posted.statusCode).toBe(204);
    await posted.body.dump();
    const [, echo] = await chat.nextEvents(2);
    expect(echo!.data).toBe('echo hello');
    expect(messages).toEqual(['sse hello']);

    const unknown = await request(`${base}/chat?sgcConnection=00000000-0000-4000-8000-000000000000`, { method: 'POST', body: 'x' });
    expect(unknown.statusCode).toBe(404);
    await unknown.body.dump();
  });

  it('ends streams on stop and reports browsers that leave', async () => {
    const base = await start();
    const [leaving, conn] = await connectStream(`${base}/a`);
    const gone = once(server!, 'disconnect');
    leaving.close();
    const [left, code, , wasClean] = await gone;
    expect([left, code, wasClean]).toEqual([conn, 1001, true]);
    expect(server!.count).toBe(0);

    const [staying] = await connectStream(`${base}/b`);
    await server!.stop();
    await staying.ended;
  });

  it('applies the WebSocket checks: origins, maxConnections and authentication', async () => {
    const base = await start({
      allowedOrigins: ['http://good.example'],
      maxConnections: 1,
      authentication: { users: ['ana=secret'], basic: true },
    });
    const refusedOrigin = await stream(`${base}/s`, { origin: 'http://evil.example' });
    expect(refusedOrigin.status).toBe(403);
    const unauthenticated = await stream(`${base}/s`, { origin: 'http://good.example' });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers['www-authenticate']).toBeUndefined();
    const authorization = `Basic ${Buffer.from('ana:secret').toString('base64')}`;
    const [admitted] = await connectStream(`${base}/s`, { origin: 'http://good.example', authorization });
    expect(admitted.status).toBe(200);
    const full = await stream(`${base}/s`, { authorization });
    expect(full.status).toBe(503);

    const ws = new WebSocket(base.replace('http', 'ws'), { headers: { authorization, origin: 'http://good.example' } });
    const [, response] = await once(ws, 'unexpected-response');
    expect(response.statusCode).toBe(503);
  });

  it('can be switched off', async () => {
    const base = await start({ sse: false, commandGet: (_req, res) => void (res.contentText = 'plain') });
    const response = await request(`${base}/events`, { headers: { accept: 'text/event-stream' } });
    expect(await response.body.text()).toBe('plain');
    expect(server!.count).toBe(0);
  });
});
