/**
 * QoS 0-2 of the sgc default protocol: the server's side of each flow on the wire, the
 * client's resends and timeouts against a `ws` server that withholds answers, and what a
 * reconnect restores (subscriptions, unacknowledged publishes).
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer, type WebSocket } from 'ws';
import type { ServerConnection } from '@sgc/server';
import { WebSocketClient } from '@sgc/client';
import { SGC_PROTOCOL, SgcProtocolClient } from '../src/index.js';
import { collectEvents, connectSgcClient, nextEvent, onCleanup, RawPeer, result, startSgcServer } from './fixtures/sgc-peers.js';

function publish(channel: string, message: unknown, qos: string, id: string): Record<string, unknown> {
  return { jsonrpc: '2.0', method: 'sgc@publish', params: { channel, message, qos }, id };
}

describe('sgc protocol: QoS', () => {
  it('QoS 2: stores the publish until released, answers a resent publish without storing it twice, and acknowledges a repeated release', async () => {
    const { url } = await startSgcServer();
    const [reader, writer] = await Promise.all([RawPeer.open(url), RawPeer.open(url)]);
    reader.send({ jsonrpc: '2.0', method: 'sgc@subscribe', params: { channel: 'orders' }, id: 's' });
    await reader.next((message) => message.id === 's');

    writer.send(publish('orders', 'once', 'qosLevel2', 'p1'));
    expect(await writer.next()).toEqual({ jsonrpc: '2.0', result: { method: 'sgc@pubrec' }, id: 'p1' });
    writer.send(publish('orders', 'once', 'qosLevel2', 'p1'));
    expect(await writer.next()).toEqual({ jsonrpc: '2.0', result: { method: 'sgc@pubrec' }, id: 'p1' });
    // Published at once (QoS 0), so it reaches the reader before the held message.
    writer.send(publish('orders', 'before', 'qosLevel0', 'p0'));

    writer.send({ jsonrpc: '2.0', method: 'sgc@pubrel', params: { channel: '', message: '' }, id: 'p1' });
    expect(await writer.next()).toEqual({ jsonrpc: '2.0', result: { method: 'sgc@acknowledgment' }, id: 'p1' });
    writer.send({ jsonrpc: '2.0', method: 'sgc@pubrel', params: {}, id: 'p1' });
    expect(await writer.next()).toEqual({ jsonrpc: '2.0', result: { method: 'sgc@acknowledgment' }, id: 'p1' });

    writer.send(publish('orders', 'after', 'qosLevel0', 'p2'));
    const events = [];
    for (let i = 0; i < 3; i++) events.push(result(await reader.next()).message);
    // Held until the release, and published once for two publishes and two releases.
    expect(events).toEqual(['before', 'once', 'after']);
  });

  it('QoS 0 is not answered; QoS 1 is acknowledged after publishing', async () => {
    const { url } = await startSgcServer();
    const [reader, writer] = await Promise.all([RawPeer.open(url), RawPeer.open(url)]);
    reader.send({ jsonrpc: '2.0', method: 'sgc@subscribe', params: { channel: 'c' }, id: 's' });
    await reader.next((message) => message.id === 's');
    writer.send(publish('c', 'zero', 'qosLevel0', 'z'));
    writer.send(publish('c', 'one', 'qosLevel1', 'o'));
    expect(await writer.next()).toEqual({ jsonrpc: '2.0', result: { method: 'sgc@acknowledgment' }, id: 'o' });
    expect(result(await reader.next()).message).toBe('zero');
    expect(result(await reader.next()).message).toBe('one');
  });

  it('the client runs QoS 1 and 2 against the server and resolves on acknowledgment', async () => {
    const { url } = await startSgcServer();
    const [reader, writer] = await Promise.all([connectSgcClient(url), connectSgcClient(url, { qos: { level: 2 } })]);
    const acknowledged: string[] = [];
    writer.sgc.on('acknowledgment', (id) => acknowledged.push(id));
    await reader.sgc.subscribe('q');
    const events = collectEvents(reader.sgc);
    await writer.sgc.publish('two', 'q');
    await writer.sgc.publish('one', 'q', { qos: 1 });
    const last = nextEvent(reader.sgc, 'q');
    await writer.sgc.publish('zero', 'q', { qos: 0 });
    await last;
    expect(events.map(([, message]) => message)).toEqual(['two', 'one', 'zero']);
    expect(acknowledged).toHaveLength(2);
  });

  it('resends an unacknowledged step every retryInterval, and fails after the timeout', async () => {
    const peer = new WsServer({ host: '127.0.0.1', port: 0, handleProtocols: () => SGC_PROTOCOL });
    onCleanup(() => new Promise((resolve) => peer.close(resolve)));
    await once(peer, 'listening');
    const seen: Array<Record<string, unknown>> = [];
    peer.on('connection', (socket: WebSocket) => {
      socket.on('message', (data) => {
        const request = JSON.parse(data.toString()) as Record<string, unknown>;
        seen.push(request);
        const params = request.params as { message?: string };
        const attempts = seen.filter((other) => other.id === request.id && other.method === request.method).length;
        // QoS 2 publish: answered on the second attempt; its release: acknowledged on the third.
        if (request.method === 'sgc@publish' && params.message === 'two' && attempts === 2) {
          socket.send(JSON.stringify({ jsonrpc: '2.0', result: { method: 'sgc@pubrec' }, id: request.id }));
        }
        if (request.method === 'sgc@pubrel' && attempts === 3) {
          socket.send(JSON.stringify({ jsonrpc: '2.0', result: { method: 'sgc@acknowledgment' }, id: request.id }));
        }
      });
    });
    const port = (peer.address() as { port: number }).port;
    const client = await connectSgcClientWithoutSession(`ws://127.0.0.1:${port}`);

    await client.publish('two', 'q', { qos: 2 });
    const methods = seen.map((request) => request.method);
    expect(methods).toEqual(['sgc@publish', 'sgc@publish', 'sgc@pubrel', 'sgc@pubrel', 'sgc@pubrel']);

    const failed = await client.publish('never', 'q', { qos: 1 }).catch((error: unknown) => error);
    expect(failed).toMatchObject({ code: 'SGC_ERR_TIMEOUT' });
    expect(seen.filter((request) => (request.params as { message?: string }).message === 'never').length).toBeGreaterThanOrEqual(2);
  });

  it('after a reconnect, subscribes again and resends a publish made while disconnected', async () => {
    const { server, sgc, url } = await startSgcServer();
    const reader = await connectSgcClient(url);
    const writer = await connectSgcClient(url, { qos: { level: 1, retryInterval: 10_000 } }, { watchdog: { initialDelay: 20, maxDelay: 40, jitter: 0 } });
    await writer.sgc.subscribe('echo');
    await reader.sgc.subscribe('echo');
    const conn = server.connections.get(writer.session)!;
    const resubscribed = new Promise<ServerConnection>((resolve) =>
      sgc.on('subscription', (subscriber, channel) => channel === 'echo' && subscriber.id !== conn.id && subscriber.id !== reader.session && resolve(subscriber)),
    );
    const closed = once(writer.ws, 'disconnect');
    conn.disconnect();
    await closed;
    const received = nextEvent(reader.sgc, 'echo');
    const echoed = nextEvent(writer.sgc, 'echo');
    // Waits in the outbox: sent when the new connection opens, acknowledged by the server.
    const published = writer.sgc.publish('while away', 'echo');
    const newConn = await resubscribed;
    expect(newConn.id).not.toBe(conn.id);
    await published;
    await expect(received).resolves.toBe('while away');
    await expect(echoed).resolves.toBe('while away');
  });
});

/** A protocol client on a peer that pushes no session. */
async function connectSgcClientWithoutSession(url: string): Promise<SgcProtocolClient> {
  const ws = new WebSocketClient({ url, protocols: [SGC_PROTOCOL] });
  const client = new SgcProtocolClient(ws, { qos: { retryInterval: 30, timeout: 300 } });
  onCleanup(() => {
    client.detach();
    return ws.close().catch(() => undefined);
  });
  await ws.connect({ timeout: 5000 });
  return client;
}
