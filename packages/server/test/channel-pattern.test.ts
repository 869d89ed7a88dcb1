/**
 * Wildcard channels: the two syntaxes, patterns on either side, and patterns that would
 * take exponential time in a naive matcher.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { channelsMeet, hasWildcards, isChannelWildcards, WebSocketServer, type ServerConnection } from '../src/index.js';

describe('channelsMeet', () => {
  it.each<[string, string, boolean]>([
    ['news', 'news', true],
    ['news*', 'news', true],
    ['news*', 'news.sport', true],
    ['news.sport', 'news*', true],
    ['*', 'anything', true],
    ['*.eur', 'fx.eur', true],
    ['*.eur', 'fx.usd', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['news?', 'news1', false],
    ['news?', 'news?', true],
    ['room[12]', 'room1', false],
    ['news', 'sport', false],
  ])("'star': %s meets %s: %s", (subscription, published, expected) => {
    expect(channelsMeet(subscription, published, 'star')).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['news?', 'news1', true],
    ['news?', 'news12', false],
    ['room[12]', 'room1', true],
    ['room[12]', 'room3', false],
    ['room[a-c]', 'roomb', true],
    ['room[a-c]', 'roomd', false],
    ['room[!1]', 'room2', true],
    ['room[!1]', 'room1', false],
    ['room[1', 'room[1', true],
    ['room[1', 'room1', false],
    ['*[0-9]', 'tick7', true],
    ['*[0-9]', 'tick', false],
    ['room1', 'room?', true],
  ])("'mask': %s meets %s: %s", (subscription, published, expected) => {
    expect(channelsMeet(subscription, published, 'mask')).toBe(expected);
  });

  it('answers a hostile pattern in linear time', () => {
    const name = 'a'.repeat(10_000);
    expect(channelsMeet(`${'*a'.repeat(50)}b`, name, 'star')).toBe(false);
    expect(channelsMeet(`${'*a'.repeat(50)}`, name, 'mask')).toBe(true);
  });

  it('tells patterns and syntaxes apart', () => {
    expect(hasWildcards('a*', 'star')).toBe(true);
    expect(hasWildcards('a?[b]', 'star')).toBe(false);
    expect(hasWildcards('a?', 'mask')).toBe(true);
    expect(hasWildcards('a[b]', 'mask')).toBe(true);
    expect(isChannelWildcards('mask')).toBe(true);
    expect(isChannelWildcards('regex')).toBe(false);
  });
});

/** Resolves when `ws` receives the text `end`. */
function endOf(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => ws.on('message', (data) => data.toString() === 'end' && resolve()));
}

describe('broadcast with wildcards', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('reaches each subscriber whose subscription meets the channel once, and only them', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await server.start();
    cleanups.push(() => server.stop());
    const connect = async (): Promise<[WebSocket, ServerConnection, string[]]> => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
      cleanups.push(() => ws.terminate());
      const received: string[] = [];
      ws.on('message', (data) => received.push(data.toString()));
      const [[conn]] = (await Promise.all([once(server, 'connect'), once(ws, 'open')])) as [[ServerConnection], unknown];
      return [ws, conn, received];
    };
    const [wsA, a, gotA] = await connect();
    const [wsB, b, gotB] = await connect();
    a.subscribe('news*');
    a.subscribe('news.sport'); // meets too: still one copy
    b.subscribe('sport');
    expect(server.broadcast('one', { channel: 'news.sport', wildcards: 'star' })).toBe(1);
    expect(server.broadcast('none', { channel: 'news.sport' })).toBe(1); // exact: a's news.sport
    expect(server.broadcast('two', { channel: 'spo*', wildcards: 'star' })).toBe(1);
    expect(server.broadcast('three', { channel: 'spo?t', wildcards: 'mask' })).toBe(1);
    // Sent last to both: once it is in, everything before it is too.
    const done = Promise.all([endOf(wsA), endOf(wsB)]);
    server.broadcast('end');
    await done;
    expect(gotA).toEqual(['one', 'none', 'end']);
    expect(gotB).toEqual(['two', 'three', 'end']);
  });
});
