/**
 * Pub/sub of the sgc default protocol between `@sgc/client` connections and plain `ws`
 * sockets through an `@sgc/server`: sessions, channels with wildcards, broadcast,
 * messages to one connection, and the server's own publish.
 */
import { describe, expect, it } from 'vitest';
import { RpcError } from '../src/index.js';
import { collectEvents, connectSgcClient, nextEvent, RawPeer, result, startSgcServer } from './fixtures/sgc-peers.js';

describe('sgc protocol: sessions and pub/sub', () => {
  it('pushes the connection id after connecting and answers getSession with it', async () => {
    const { server, url } = await startSgcServer();
    const client = await connectSgcClient(url);
    expect(server.connections.has(client.session)).toBe(true);
    await expect(client.sgc.getSession()).resolves.toBe(client.session);
    expect(client.sgc.session).toBe(client.session);
  });

  it('delivers a publish to the subscribers of the channel only, the publisher included when subscribed', async () => {
    const { url } = await startSgcServer();
    const [reader, other, writer] = await Promise.all([connectSgcClient(url), connectSgcClient(url), connectSgcClient(url)]);
    await reader.sgc.subscribe('news');
    await writer.sgc.subscribe('news');
    await other.sgc.subscribe('sport');
    const otherEvents = collectEvents(other.sgc);
    const got = [nextEvent(reader.sgc, 'news'), nextEvent(writer.sgc, 'news')];
    await writer.sgc.publish({ headline: 'hello' }, 'news');
    await expect(Promise.all(got)).resolves.toEqual([{ headline: 'hello' }, { headline: 'hello' }]);
    // Published after the news from the same connection, so it arrives after it would have.
    const marker = nextEvent(other.sgc, 'sport');
    await writer.sgc.publish('marker', 'sport');
    await marker;
    expect(otherEvents).toEqual([['sport', 'marker']]);
  });

  it('matches `*` patterns on either side, and `?` and sets only with useMatchesMasks', async () => {
    const star = await startSgcServer();
    const [a, b] = await Promise.all([connectSgcClient(star.url), connectSgcClient(star.url)]);
    const aEvents = collectEvents(a.sgc);
    await a.sgc.subscribe('news*');
    await a.sgc.subscribe('sport.1');
    await a.sgc.subscribe('done');
    await b.sgc.publish('world', 'news.world');
    await b.sgc.publish('pattern', 'sport*');
    await b.sgc.publish('literal?', 'news?'); // `*`-only syntax: reaches news* as news* matches `news?`
    await b.sgc.publish('no', 'sport?');
    const done = nextEvent(a.sgc, 'done');
    await b.sgc.publish('end', 'done');
    await done;
    expect(aEvents).toEqual([
      ['news.world', 'world'],
      ['sport*', 'pattern'],
      ['news?', 'literal?'],
      ['done', 'end'],
    ]);

    const masks = await startSgcServer({ useMatchesMasks: true });
    const [c, d] = await Promise.all([connectSgcClient(masks.url), connectSgcClient(masks.url)]);
    const cEvents = collectEvents(c.sgc);
    await c.sgc.subscribe('room[12]');
    await c.sgc.subscribe('lobby2');
    await c.sgc.subscribe('done');
    for (const channel of ['room1', 'room3', 'room2', 'lobby?', 'lobby[!2]']) await d.sgc.publish(channel, channel);
    const end = nextEvent(c.sgc, 'done');
    await d.sgc.publish('end', 'done');
    await end;
    expect(cEvents.map(([channel]) => channel)).toEqual(['room1', 'room2', 'lobby?', 'done']);
  });

  it('unsubscribes one channel and all of them, with an event per channel', async () => {
    const { sgc: server, url } = await startSgcServer();
    const client = await connectSgcClient(url);
    const ended: string[] = [];
    const serverEnded: string[] = [];
    client.sgc.on('unsubscription', (channel) => ended.push(channel));
    server.on('unsubscription', (_conn, channel) => serverEnded.push(channel));
    for (const channel of ['a', 'b', 'c']) await client.sgc.subscribe(channel);
    expect(client.sgc.subscriptions).toEqual(['a', 'b', 'c']);
    await client.sgc.unsubscribe('a');
    await client.sgc.unsubscribeAll();
    expect(ended.sort()).toEqual(['a', 'b', 'c']);
    expect(serverEnded.sort()).toEqual(['a', 'b', 'c']);
    expect(client.sgc.subscriptions).toEqual([]);
    await expect(client.sgc.unsubscribe('a')).rejects.toMatchObject({ code: 'SGC_ERR_REMOTE', rpcCode: -32602 });
  });

  it('lets authorizeSubscription refuse, and keeps request order while an asynchronous hook decides', async () => {
    const { url } = await startSgcServer({
      authorizeSubscription: async (_conn, channel) => {
        await new Promise((resolve) => setImmediate(resolve));
        return !channel.startsWith('private');
      },
    });
    const client = await connectSgcClient(url);
    const refused = await client.sgc.subscribe('private.1').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RpcError);
    expect(refused).toMatchObject({ rpcCode: -32000, data: 'private.1' });
    // Sent back to back: the publish waits for the subscription the hook is still deciding.
    const own = nextEvent(client.sgc, 'public');
    const subscribed = client.sgc.subscribe('public');
    const published = client.sgc.publish('mine', 'public');
    await Promise.all([subscribed, published]);
    await expect(own).resolves.toBe('mine');
  });

  it('broadcasts to every connection of the protocol or to one channel, and writes to one connection by id', async () => {
    const { sgc: server, url } = await startSgcServer();
    const [a, b, c] = await Promise.all([connectSgcClient(url), connectSgcClient(url), connectSgcClient(url)]);
    const inbox = new Map<string, unknown[]>([[a.session, []], [b.session, []], [c.session, []]]);
    for (const peer of [a, b, c]) peer.sgc.on('message', (message) => inbox.get(peer.session)!.push(message));
    await b.sgc.subscribe('room');
    const everyone = Promise.all([a, b, c].map((peer) => new Promise((resolve) => peer.sgc.once('message', resolve))));
    a.sgc.broadcast('to all');
    await everyone;
    const toRoom = new Promise((resolve) => b.sgc.once('message', resolve));
    a.sgc.broadcast('to room', 'room');
    await toRoom;
    const direct = new Promise((resolve) => c.sgc.once('message', resolve));
    a.sgc.writeData(c.session, { only: 'c' });
    await direct;
    const fromServer = new Promise((resolve) => a.sgc.once('message', resolve));
    await expect(server.writeData(a.session, 'from server')).resolves.toBe(true);
    await fromServer;
    expect(inbox.get(a.session)).toEqual(['to all', 'from server']);
    expect(inbox.get(b.session)).toEqual(['to all', 'to room']);
    expect(inbox.get(c.session)).toEqual(['to all', { only: 'c' }]);
  });

  it("gives plain messages to the server's message event and lets the server publish and broadcast", async () => {
    const { sgc: server, url } = await startSgcServer();
    const client = await connectSgcClient(url);
    const received = new Promise<[string, unknown]>((resolve) => server.on('message', (conn, message) => resolve([conn.id, message])));
    client.sgc.send({ hello: 'server' });
    await expect(received).resolves.toEqual([client.session, { hello: 'server' }]);
    await client.sgc.subscribe('ticker');
    const tick = nextEvent(client.sgc, 'ticker');
    expect(server.publish({ price: 10 }, 'ticker')).toBe(1);
    await expect(tick).resolves.toEqual({ price: 10 });
    const message = new Promise((resolve) => client.sgc.once('message', resolve));
    expect(server.broadcast('all')).toBe(1);
    await expect(message).resolves.toBe('all');
  });

  it('speaks the wire form of eSeGeCe\'s esegece.com.js', async () => {
    const { url } = await startSgcServer();
    const [reader, writer] = await Promise.all([RawPeer.open(url), RawPeer.open(url)]);
    // Exactly what the browser library sends: an empty message and a GUID id on subscribe.
    reader.send('{"jsonrpc":"2.0", "method":"sgc@subscribe", "params":{"channel":"news", "message":""}, "id":"{A1}"}');
    expect(await reader.next()).toEqual({ jsonrpc: '2.0', result: { method: 'sgc@subscribe', channel: 'news' }, id: '{A1}' });
    writer.send('{"jsonrpc":"2.0", "method":"sgc@publish", "params":{"channel":"news", "message":"hi", "qos":"qosLevel1"}, "id":"{B1}"}');
    expect(await writer.next()).toEqual({ jsonrpc: '2.0', result: { method: 'sgc@acknowledgment' }, id: '{B1}' });
    expect(await reader.next()).toEqual({ jsonrpc: '2.0', result: { method: 'sgc@event', channel: 'news', message: 'hi' } });
    writer.send('{"jsonrpc":"2.0", "method":"sgc@session"}');
    expect(result(await writer.next()).method).toBe('sgc@session');
  });
});
