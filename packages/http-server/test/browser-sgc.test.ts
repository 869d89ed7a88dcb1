/**
 * esegece.com.js (`sgcws`) and the built-in /esegece.com.html page in a real browser (Chromium,
 * see fixtures/chromium.ts), talking the sgc default protocol to an HttpServer with the
 * protocol's server plug-in, and through it to Node clients of the same protocol.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { JsonRpcErrorCode, SGC_PROTOCOL, type SgcProtocolClient } from '@sgc/protocols';
import { SgcProtocolServer } from '@sgc/protocols/server';
import type { ServerConnection } from '@sgc/server';
import { pageEvents, SOCKET_EVENTS, useBrowserPages, type RecordingWindow } from './fixtures/browser-pages.js';
import { connectSgcNode } from './fixtures/sgc-node-client.js';

/** What the page records of each sgcws event (the fields it has), read back by the test. */
interface Recorded {
  type: string;
  channel?: string | undefined;
  message?: unknown;
  id?: string | undefined;
  result?: unknown;
  code?: number | string | undefined;
  data?: unknown;
  guid?: string | undefined;
}

/** The page's sgcws (see RecordingWindow). */
interface PageSgcws {
  state(): string;
  on(name: string, listener: (event: Recorded) => void): void;
  subscribe(channel: string): void;
  unsubscribe(channel: string): void;
  publish(message: unknown, channel: string): void;
  send(message: unknown): void;
  rpc(id: string, method: string, params?: unknown): void;
  starttransaction(channel: string): void;
  commit(channel: string): void;
  rollback(channel: string): void;
  getsession(): void;
  qoslevel0(): void;
  qoslevel1(): void;
  qoslevel2(): void;
  queuelevel1(): void;
  close(): void;
}
declare const window: RecordingWindow<PageSgcws, Recorded> & { sgcws: new (url: string) => PageSgcws };

/** Every event an sgcws fires: the protocol's and those of sgcWebSocket. */
const EVENT_TYPES = [
  ...SOCKET_EVENTS,
  'message',
  'sgcmessage',
  'sgcevent',
  'sgcsubscribe',
  'sgcunsubscribe',
  'sgcsession',
  'sgcacknowledgment',
  'sgcrpcresult',
  'sgcrpcerror',
];

const browser = useBrowserPages();
const { waitForEvent, waitForEvents } = pageEvents<Recorded>();

/** Starts an HttpServer speaking the sgc protocol, and opens its built-in /esegece.com.html. */
async function openProtocolPage(): Promise<{ sgc: SgcProtocolServer; page: Page; url: string }> {
  const sgc = new SgcProtocolServer();
  const { url } = await browser.start(sgc);
  return { sgc, page: await browser.open('/esegece.com.html'), url };
}

/** Opens an sgcws on the page as `window.socket`, recording its events, and waits for its session. */
async function openSgcws(): Promise<{ sgc: SgcProtocolServer; page: Page; url: string; session: string }> {
  const opened = await openProtocolPage();
  await opened.page.evaluate(
    ([url, types]) => {
      window.socket = new window.sgcws(url);
      window.recordEvents(window.socket, types);
    },
    [opened.url, EVENT_TYPES] as const,
  );
  const { guid } = await waitForEvent(opened.page, { type: 'sgcsession' });
  return { ...opened, session: guid! };
}

/** Connects a Node client of the protocol; closed after the test. */
function connectNode(url: string): Promise<SgcProtocolClient> {
  return connectSgcNode(url, SGC_PROTOCOL, (cleanup) => browser.onCleanup(cleanup));
}

/** Collects a Node client's channel events. */
function collectEvents(sgc: SgcProtocolClient): Array<[string, unknown]> {
  const events: Array<[string, unknown]> = [];
  sgc.on('event', (channel, message) => events.push([channel, message]));
  return events;
}

/** Resolves once a Node client got `message` on `channel`. */
function nextEvent(sgc: SgcProtocolClient, channel: string, message: unknown): Promise<void> {
  return new Promise((resolve) => {
    const listener = (got: string, body: unknown): void => {
      if (got !== channel || JSON.stringify(body) !== JSON.stringify(message)) return;
      sgc.off('event', listener);
      resolve();
    };
    sgc.on('event', listener);
  });
}

describe('sgcws (esegece.com.js) in Chromium', () => {
  it('subscribes, gets what a Node client publishes as sgcevent, and unsubscribes', async () => {
    const { page, url } = await openSgcws();
    const node = await connectNode(url);
    await page.evaluate(() => window.socket.subscribe('news'));
    await waitForEvent(page, { type: 'sgcsubscribe', channel: 'news' });

    await node.publish({ headline: 'hello' }, 'news');
    await waitForEvent(page, { type: 'sgcevent', channel: 'news', message: { headline: 'hello' } });
    // sgcWebSocket's own `message` event carries the raw JSON-RPC text.
    const raw = await page.evaluate(() => window.events.filter((event) => event.type === 'message').map((event) => event.message as string));
    expect(raw.map((text) => JSON.parse(text) as unknown)).toContainEqual({
      jsonrpc: '2.0',
      result: { method: 'sgc@event', channel: 'news', message: { headline: 'hello' } },
    });

    await page.evaluate(() => window.socket.unsubscribe('news'));
    await waitForEvent(page, { type: 'sgcunsubscribe', channel: 'news' });
  });

  it('publishes at qoslevel2: the Node subscriber gets it exactly once, the page an sgcacknowledgment', async () => {
    const { sgc, page, url, session } = await openSgcws();
    const methods: string[] = [];
    sgc.on('rawMessage', (conn, text) => {
      if (conn.id === session) methods.push((JSON.parse(text) as { method: string }).method);
    });
    const node = await connectNode(url);
    const received = collectEvents(node);
    await node.subscribe('orders');

    await page.evaluate(() => {
      window.socket.qoslevel2();
      // A string holding a JSON object goes as the object.
      window.socket.publish('{"n":1}', 'orders');
    });
    await waitForEvent(page, { type: 'sgcacknowledgment' });
    expect(methods).toEqual(['sgc@publish', 'sgc@pubrel']);

    // Published after the first on the same connection, so a duplicate would arrive before it.
    const marker = nextEvent(node, 'orders', 'done');
    await page.evaluate(() => {
      window.socket.qoslevel0();
      window.socket.publish('done', 'orders');
    });
    await marker;
    expect(received).toEqual([
      ['orders', { n: 1 }],
      ['orders', 'done'],
    ]);
  });

  it('answers rpc with sgcrpcresult and sgcrpcerror under the id the page chose', async () => {
    const { sgc, page } = await openSgcws();
    const calls: Array<{ method: string; params: unknown }> = [];
    sgc.on('rpc', (_conn, call) => {
      calls.push({ method: call.method, params: call.params });
      if (call.method === 'add') call.respond((call.params as number[]).reduce((sum, term) => sum + term, 0));
      else call.fail(JsonRpcErrorCode.MethodNotFound, `No method ${call.method}`, { method: call.method });
    });

    await page.evaluate(() => {
      window.socket.rpc('sum-1', 'add', '[1, 2]');
      window.socket.rpc('bad-1', 'nope', 'not json');
    });
    await waitForEvent(page, { type: 'sgcrpcresult', id: 'sum-1', result: 3 });
    const failure = await waitForEvent(page, { type: 'sgcrpcerror', id: 'bad-1' });
    expect(failure).toMatchObject({ code: JsonRpcErrorCode.MethodNotFound, message: 'No method nope', data: { method: 'nope' } });
    // Params that are JSON go parsed, other strings as strings.
    expect(calls).toEqual([
      { method: 'add', params: [1, 2] },
      { method: 'nope', params: 'not json' },
    ]);
  });

  it('holds a transaction until commit, delivering in order, and drops it on rollback', async () => {
    const { sgc, page, url } = await openSgcws();
    const published: unknown[] = [];
    sgc.on('publish', (_conn, _channel, message) => published.push(message));
    const node = await connectNode(url);
    const received = collectEvents(node);
    await node.subscribe('tx');

    await page.evaluate(() => {
      window.socket.starttransaction('tx');
      window.socket.publish('one', 'tx');
      window.socket.publish('two', 'tx');
    });
    // The server acknowledges the start and each held publish once it has handled them.
    await waitForEvents(page, 'sgcacknowledgment', 3);
    expect(published).toEqual([]);

    const committed = nextEvent(node, 'tx', 'two');
    await page.evaluate(() => window.socket.commit('tx'));
    await committed;
    await waitForEvents(page, 'sgcacknowledgment', 4);
    expect(received).toEqual([
      ['tx', 'one'],
      ['tx', 'two'],
    ]);

    const after = nextEvent(node, 'tx', 'after');
    await page.evaluate(() => {
      window.socket.starttransaction('tx');
      window.socket.publish('dropped', 'tx');
      window.socket.rollback('tx');
      window.socket.publish('after', 'tx');
    });
    await after;
    expect(received.map(([, message]) => message)).toEqual(['one', 'two', 'after']);
  });

  it('gets the id the server has for it with getsession, as after connecting', async () => {
    const { page, session } = await openSgcws();
    expect([...browser.server.connections.keys()]).toEqual([session]);
    expect(browser.server.connections.get(session)!.protocol).toBe(SGC_PROTOCOL);
    await page.evaluate(() => window.socket.getsession());
    const sessions = await waitForEvents(page, 'sgcsession', 2);
    expect(sessions.map((event) => event.guid)).toEqual([session, session]);
  });

  it('queues the last message at queuelevel1 for a later subscriber', async () => {
    const { page, url } = await openSgcws();
    await page.evaluate(() => {
      window.socket.qoslevel1();
      window.socket.queuelevel1();
      window.socket.publish('first', 'prices');
      window.socket.publish('last', 'prices');
    });
    await waitForEvents(page, 'sgcacknowledgment', 2);

    const node = await connectNode(url);
    const received = collectEvents(node);
    await node.subscribe('prices');
    // Answered after the queued messages, which follow the subscription's answer.
    await node.getSession();
    expect(received).toEqual([['prices', 'last']]);
  });

  it('reports calls on a closed socket as error and sgcrpcerror events, never as rejections', async () => {
    const { page } = await openSgcws();
    await page.evaluate(() => window.socket.close());
    await waitForEvent(page, { type: 'close' });
    await page.evaluate(() => {
      window.socket.subscribe('news');
      window.socket.qoslevel1();
      window.socket.publish('lost', 'news');
      window.socket.send('lost');
      window.socket.rpc('late-1', 'add', '[1]');
    });
    const errors = await waitForEvents(page, 'error', 3);
    expect(errors.map((event) => event.message)).toEqual([
      'Cannot publish: the connection is closed',
      'The connection is not open',
      'The connection is not open',
    ]);
    await waitForEvent(page, { type: 'sgcrpcerror', id: 'late-1', code: 'SGC_ERR_NOT_OPEN' });
  });

  it("the built-in page's Open connects, and its buttons subscribe, publish and call", async () => {
    const { page } = await openProtocolPage();
    const log = page.locator('#log');
    const connected = once(browser.server, 'connect') as Promise<[ServerConnection]>;
    await page.click('#open');
    const [conn] = await connected;
    expect(conn.protocol).toBe(SGC_PROTOCOL);
    await expect.poll(() => log.textContent()).toContain(`session: ${conn.id}`);

    await page.click('#subscribe');
    await expect.poll(() => log.textContent()).toContain('subscribed: myTopic');
    await page.selectOption('#qos', '2');
    await page.click('#publish');
    await expect.poll(() => log.textContent()).toContain('event myTopic: Hello subscribers!');
    await expect.poll(() => log.textContent()).toContain('acknowledgment: ');
    // The server has no rpc listener: method not found.
    await page.click('#rpc');
    await expect.poll(() => log.textContent()).toContain(`rpc rpc-1 error ${JsonRpcErrorCode.MethodNotFound}`);
    await page.click('#close');
    await expect.poll(() => log.textContent()).toContain('close (1000)');
  });
});
