/**
 * Queued messages (levels 1 and 2, the bound, clearing) and per-channel transactions
 * (held publishes, commit in order, rollback, the pending bound) of the sgc protocol.
 */
import { describe, expect, it } from 'vitest';
import { RpcError } from '../src/index.js';
import { collectEvents, connectSgcClient, nextEvent, RawPeer, result, startSgcServer } from './fixtures/sgc-peers.js';

/** Subscribes and returns what the subscription brought before a marker published after it. */
async function queuedFor(url: string, channel: string, markerFrom: (marker: string) => Promise<void>): Promise<unknown[]> {
  const reader = await connectSgcClient(url);
  const events = collectEvents(reader.sgc);
  await reader.sgc.subscribe(channel);
  await reader.sgc.subscribe('marker');
  const marker = nextEvent(reader.sgc, 'marker');
  await markerFrom('marker');
  await marker;
  return events.filter(([got]) => got !== 'marker').map(([got, message]) => `${got}:${String(message)}`);
}

describe('sgc protocol: queues', () => {
  it('level 1 keeps the last message of a channel, level 2 all of them up to the bound, in order', async () => {
    const { url } = await startSgcServer({ maxQueuedPerChannel: 3 });
    const writer = await connectSgcClient(url);
    for (const n of [1, 2, 3]) await writer.sgc.publish(`last${n}`, 'one', { queue: 1 });
    for (const n of [1, 2, 3, 4]) await writer.sgc.publish(`all${n}`, 'two', { queue: 2 });
    await writer.sgc.publish('not kept', 'zero');
    const mark = (marker: string): Promise<void> => writer.sgc.publish('-', marker);
    expect(await queuedFor(url, 'one', mark)).toEqual(['one:last3']);
    expect(await queuedFor(url, 'two', mark)).toEqual(['two:all2', 'two:all3', 'two:all4']);
    expect(await queuedFor(url, 'zero', mark)).toEqual([]);
    // A pattern subscription gets the queues of every channel it matches.
    expect(await queuedFor(url, 't*', mark)).toEqual(['two:all2', 'two:all3', 'two:all4']);
  });

  it('sends queued messages after the subscription answer, and clearQueue forgets them', async () => {
    const { sgc, url } = await startSgcServer();
    sgc.publish('kept', 'news', { queue: 1 });
    sgc.publish('kept too', 'sport', { queue: 1 });
    const reader = await RawPeer.open(url);
    reader.send({ jsonrpc: '2.0', method: 'sgc@subscribe', params: { channel: 'news' }, id: 1 });
    expect(result(await reader.next()).method).toBe('sgc@subscribe');
    expect(result(await reader.next())).toEqual({ method: 'sgc@event', channel: 'news', message: 'kept' });
    sgc.clearQueue('news');
    const writer = await connectSgcClient(url);
    const mark = (marker: string): Promise<void> => writer.sgc.publish('-', marker);
    expect(await queuedFor(url, 'news', mark)).toEqual([]);
    expect(await queuedFor(url, 'sport', mark)).toEqual(['sport:kept too']);
    sgc.clearQueue();
    expect(await queuedFor(url, 'sport', mark)).toEqual([]);
  });
});

describe('sgc protocol: queue bounds', () => {
  it('keeps queues on at most maxQueuedChannels channels, dropping the one written least recently', async () => {
    const { sgc, url } = await startSgcServer({ maxQueuedChannels: 2 });
    sgc.publish('a1', 'a', { queue: 1 });
    sgc.publish('b1', 'b', { queue: 1 });
    sgc.publish('a2', 'a', { queue: 1 }); // a is now the newest
    sgc.publish('c1', 'c', { queue: 1 }); // b goes
    const writer = await connectSgcClient(url);
    const mark = (marker: string): Promise<void> => writer.sgc.publish('-', marker);
    expect(await queuedFor(url, '*', mark)).toEqual(['a:a2', 'c:c1']);
  });

  it('refuses subscriptions past maxSubscriptionsPerConnection, but not one it already has', async () => {
    const { url } = await startSgcServer({ maxSubscriptionsPerConnection: 2 });
    const client = await connectSgcClient(url);
    await client.sgc.subscribe('one');
    await client.sgc.subscribe('two');
    await client.sgc.subscribe('two');
    await expect(client.sgc.subscribe('three')).rejects.toMatchObject({ rpcCode: -32000, data: 'three' });
    await client.sgc.unsubscribe('one');
    await client.sgc.subscribe('three');
    expect(client.sgc.subscriptions.sort()).toEqual(['three', 'two']);
  });
});

describe('sgc protocol: transactions', () => {
  it('holds publishes on the channel until commit, then publishes them in order; rollback discards them', async () => {
    const { url } = await startSgcServer();
    const [reader, writer] = await Promise.all([connectSgcClient(url), connectSgcClient(url)]);
    const events = collectEvents(reader.sgc);
    await reader.sgc.subscribe('sgc:test');
    await reader.sgc.subscribe('other');
    await writer.sgc.startTransaction('sgc:test');
    await writer.sgc.publish('t1', 'sgc:test');
    await writer.sgc.publish('t2', 'sgc:test', { qos: 1 });
    // Other channels are not part of the transaction.
    const other = nextEvent(reader.sgc, 'other');
    await writer.sgc.publish('free', 'other');
    await other;
    expect(events).toEqual([['other', 'free']]);
    const last = new Promise<void>((resolve) => reader.sgc.on('event', (_channel, message) => message === 't2' && resolve()));
    await writer.sgc.commit('sgc:test');
    await last;
    expect(events).toEqual([['other', 'free'], ['sgc:test', 't1'], ['sgc:test', 't2']]);

    await writer.sgc.startTransaction('sgc:test');
    await writer.sgc.publish('dropped', 'sgc:test');
    await writer.sgc.rollback('sgc:test');
    const after = nextEvent(reader.sgc, 'sgc:test');
    await writer.sgc.publish('after rollback', 'sgc:test');
    await expect(after).resolves.toBe('after rollback');
    expect(events.map(([, message]) => message)).not.toContain('dropped');
  });

  it('answers commit and rollback without a transaction with an error', async () => {
    const { url } = await startSgcServer();
    const client = await connectSgcClient(url);
    const error = await client.sgc.commit('none').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ rpcCode: -32000, data: 'none' });
    await expect(client.sgc.rollback('none')).rejects.toMatchObject({ code: 'SGC_ERR_REMOTE' });
  });

  it('refuses held publishes past maxPendingPerConnection without acknowledging them, and publishes nothing of a transaction its connection left open', async () => {
    const { url } = await startSgcServer({ maxPendingPerConnection: 2 });
    const [reader, writer] = await Promise.all([connectSgcClient(url), RawPeer.open(url)]);
    const events = collectEvents(reader.sgc);
    await reader.sgc.subscribe('t');
    writer.send({ jsonrpc: '2.0', method: 'sgc@transaction', params: { channel: 't' }, id: 'start' });
    expect(result(await writer.next()).method).toBe('sgc@acknowledgment');
    for (const id of ['a', 'b', 'c']) writer.send({ jsonrpc: '2.0', method: 'sgc@publish', params: { channel: 't', message: id }, id });
    expect(await writer.next()).toMatchObject({ result: { method: 'sgc@acknowledgment' }, id: 'a' });
    expect(await writer.next()).toMatchObject({ result: { method: 'sgc@acknowledgment' }, id: 'b' });
    expect(await writer.next()).toMatchObject({ error: { code: -32000 }, id: 'c' });
    writer.socket.terminate();
    // The transaction ends with its connection, uncommitted.
    const marker = nextEvent(reader.sgc, 't');
    await reader.sgc.publish('marker', 't');
    await marker;
    expect(events).toEqual([['t', 'marker']]);
  });
});
