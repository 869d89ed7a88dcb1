/**
 * The built-in page and sgcWebSockets.js in a real browser (Chromium, see fixtures/chromium.ts).
 */
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { sgcWSStreamWrite } from '@sgc/frame';
import type { ServerConnection } from '@sgc/server';
import { HttpServer, type HttpServerOptions } from '../src/index.js';
import { bundleBrowserJs } from './fixtures/browser-js.js';
import { launchChromium } from './fixtures/chromium.js';

/** What the page-side code records, read back by the test. */
interface Seen {
  type: string;
  data: string;
  id?: string;
}

/*
 * The page's side, typed by hand: the DOM's types (and @sgc/browser-js's source, which needs
 * them) would otherwise enter this package's Node program and change its Blob and friends.
 */
interface PageSocket {
  readonly transport: string | undefined;
  state(): string;
  send(text: string): void;
  close(): void;
  on(name: 'open' | 'close', listener: () => void): void;
  on(name: 'message' | 'error', listener: (event: { message: string }) => void): void;
  on(name: 'stream', listener: (event: { stream: Blob }) => void): void;
}
interface PageMessageEvent {
  type: string;
  data: string;
  lastEventId: string;
}
interface PageWindow {
  seen: Seen[];
  sgcWebSocket: new (url: string | { host: string; user: string; password: string }, protocol?: string, transport?: string[]) => PageSocket;
  sgcWSStreamRead(stream: Blob, callback: (header: string, stream: Blob) => void): Promise<void>;
  WebSocket: new (url: string, protocols?: string | string[]) => object;
}
declare const window: PageWindow;
declare const EventSource: new (url: string) => {
  onmessage: ((event: PageMessageEvent) => void) | null;
  addEventListener(type: string, listener: (event: PageMessageEvent) => void): void;
};

let browser: Browser | undefined;
let page: Page | undefined;
let server: HttpServer | undefined;

beforeAll(async () => {
  bundleBrowserJs();
  browser = await launchChromium();
});

afterEach(async () => {
  await page?.close();
  page = undefined;
  await server?.stop();
  server = undefined;
});

afterAll(async () => {
  await browser?.close();
});

/** Starts an echo server and opens its built-in test page. */
async function openTestPage(options: HttpServerOptions = {}): Promise<{ base: string; page: Page }> {
  server = new HttpServer({ host: '127.0.0.1', port: 0, ...options });
  server.on('message', (conn, text) => conn.send(text));
  await server.start();
  const base = `http://127.0.0.1:${server.port}`;
  page = await browser!.newPage();
  await page.goto(`${base}/sgcWebSockets.html`);
  await page.evaluate(() => (window.seen = []));
  return { base, page };
}

/** Waits until the page has recorded `count` things, and returns them. */
async function seen(on: Page, count: number): Promise<Seen[]> {
  await on.waitForFunction((n) => window.seen.length >= n, count, { timeout: 5000 });
  return on.evaluate(() => window.seen);
}

function nextConnection(): Promise<ServerConnection> {
  return (once(server!, 'connect') as Promise<[ServerConnection]>).then(([conn]) => conn);
}

describe('in Chromium', () => {
  it('EventSource gets broadcasts and named events, and catches up after the server ends the stream', async () => {
    const { page } = await openTestPage({ sse: { retry: 300, replay: 10 } });
    const connected = nextConnection();
    await page.evaluate(() => {
      const source = new EventSource('/news');
      const record = (event: PageMessageEvent) => window.seen.push({ type: event.type, data: event.data, id: event.lastEventId });
      source.onmessage = record;
      source.addEventListener('price', record);
    });
    const conn = await connected;
    expect(conn.transport).toBe('sse');

    server!.broadcast('hello news', { channel: '/news' });
    server!.broadcast('not for news', { channel: '/sports' });
    server!.broadcastEvent('/news', { event: 'price', id: '1', data: '10.5' });
    expect(await seen(page, 2)).toEqual([
      { type: 'message', data: 'hello news', id: '' },
      { type: 'price', data: '10.5', id: '1' },
    ]);

    // The server ends the stream; the browser reconnects after `retry` with Last-Event-ID: 1,
    // so the event sent in between is replayed to it.
    const disconnected = once(server!, 'disconnect');
    const reconnected = nextConnection();
    await conn.close();
    await disconnected;
    expect(server!.broadcastEvent('/news', { event: 'price', id: '2', data: '11' })).toBe(0);
    const again = await reconnected;
    expect(again.headers['last-event-id']).toBe('1');
    expect((await seen(page, 3))[2]).toEqual({ type: 'price', data: '11', id: '2' });
  });

  it("sgcWebSocket over WebSocket: the test page's Open, Send, Status and Close", async () => {
    const { page } = await openTestPage();
    const log = page.locator('#log');
    const connected = nextConnection();
    await page.click('#open');
    await expect.poll(() => log.textContent()).toContain('open (websocket)');
    expect((await connected).transport).toBe('websocket');

    await page.fill('#message', 'echo me');
    await page.click('#send');
    await expect.poll(() => log.textContent()).toContain('message: echo me');
    await page.click('#status');
    await expect.poll(() => log.textContent()).toContain('status: open');
    await page.click('#close');
    await expect.poll(() => log.textContent()).toContain('close (1000)');
    await page.click('#status');
    await expect.poll(() => log.textContent()).toContain('status: closed');
  });

  it('sgcWebSocket forced to server-sent events posts messages back and gets the echo over the stream', async () => {
    const { base, page } = await openTestPage();
    const connected = nextConnection();
    const result = await page.evaluate(
      (url) =>
        new Promise<{ transport: string | undefined; message: string; states: string[] }>((resolve, reject) => {
          const socket = new window.sgcWebSocket(url, '', ['sse']);
          const states = [socket.state()];
          socket.send('sent while connecting');
          socket.on('open', () => {
            states.push(socket.state());
            socket.send('second');
          });
          const messages: string[] = [];
          socket.on('message', (event) => {
            messages.push(event.message);
            if (messages.length === 2) {
              socket.close();
              resolve({ transport: socket.transport, message: messages.join(' | '), states });
            }
          });
          socket.on('error', (event) => reject(new Error(event.message)));
        }),
      base.replace('http:', 'ws:') + '/chat',
    );
    expect(result).toEqual({ transport: 'sse', message: 'sent while connecting | second', states: ['connecting', 'open'] });
    const conn = await connected;
    expect(conn.transport).toBe('sse');
    expect(conn.url).toBe('/chat');
  });

  it('sgcWebSocket falls back to server-sent events when the WebSocket connection fails before opening', async () => {
    const { base, page } = await openTestPage();
    const transport = await page.evaluate(
      (url) =>
        new Promise<string | undefined>((resolve) => {
          // A WebSocket that can only fail: nothing listens on port 1.
          const RealWebSocket = window.WebSocket;
          window.WebSocket = class extends RealWebSocket {
            constructor(_url: string, protocols?: string | string[]) {
              super('ws://127.0.0.1:1/', protocols);
            }
          };
          const socket = new window.sgcWebSocket(url);
          socket.on('open', () => socket.send('over sse'));
          socket.on('message', (event) => {
            if (event.message === 'over sse') resolve(socket.transport);
          });
        }),
      base.replace('http:', 'ws:') + '/fallback',
    );
    expect(transport).toBe('sse');
  });

  it('sgcWebSocket hands a binary message to sgcWSStreamRead as a Blob, split into header and data', async () => {
    const { base, page } = await openTestPage();
    server!.on('connect', (conn) => conn.send(sgcWSStreamWrite('00001', new TextEncoder().encode('image bytes'))));
    const received = await page.evaluate(
      (url) =>
        new Promise<{ header: string; data: string; isBlob: boolean }>((resolve, reject) => {
          const socket = new window.sgcWebSocket(url);
          socket.on('stream', (event) => {
            const isBlob = event.stream instanceof Blob;
            window.sgcWSStreamRead(event.stream, (header, stream) => void stream.text().then((data) => resolve({ header, data, isBlob }))).catch(reject);
            socket.close();
          });
        }),
      base.replace('http:', 'ws:'),
    );
    expect(received).toEqual({ header: '00001', data: 'image bytes', isBlob: true });
  });

  it('sgcWebSocket with { host, user, password } passes URL authentication over both transports', async () => {
    // basic: false: with Basic on, a refused event stream carries a WWW-Authenticate challenge,
    // and Chromium then waits for someone to type credentials instead of failing the stream.
    const { base, page } = await openTestPage({ authentication: { users: { admin: '1234' }, url: true, basic: false } });
    const host = base.replace('http:', 'ws:');
    const connect = (password: string, transport?: string[]) =>
      page.evaluate(
        ([host, password, transport]) =>
          new Promise<string>((resolve) => {
            const socket = new window.sgcWebSocket({ host, user: 'admin', password }, '', transport);
            socket.on('open', () => {
              resolve(`open over ${socket.transport}`);
              socket.close();
            });
            socket.on('close', () => resolve('closed'));
          }),
        [host, password, transport] as const,
      );
    expect(await connect('1234')).toBe('open over websocket');
    expect(await connect('1234', ['sse'])).toBe('open over sse');
    // Refused over WebSocket (401), then over the SSE fallback too.
    expect(await connect('wrong')).toBe('closed');
  });
});
