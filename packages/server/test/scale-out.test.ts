/**
 * Three server nodes on different ports sharing one Redis: broadcasts, channel
 * publishes and writeData reach exactly the right clients on every node; a node
 * that goes away does not stop the others, and a restarted node rejoins.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RedisBackplane, WebSocketServer, type ServerConnection } from '../src/index.js';
import { REDIS_URL, adminClient, deleteKeys, testPrefix, waitFor } from './fixtures/backplane-harness.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Node {
  readonly server: WebSocketServer;
  readonly name: string;
}

async function node(prefix: string, name: string, port = 0): Promise<Node> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port,
    nodeId: name,
    closeTimeout: 500,
    backplane: new RedisBackplane({ url: REDIS_URL, prefix, ttlSeconds: 2 }),
  });
  await server.start();
  cleanups.push(() => server.stop());
  return { server, name };
}

interface Client {
  readonly ws: WebSocket;
  readonly conn: ServerConnection;
  readonly received: string[];
}

async function client(at: Node): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${at.server.port}`);
  ws.on('error', () => undefined);
  cleanups.push(() => ws.terminate());
  const received: string[] = [];
  ws.on('message', (data) => received.push(data.toString()));
  const [[conn]] = (await Promise.all([once(at.server, 'connect'), once(ws, 'open')])) as [[ServerConnection], unknown];
  return { ws, conn, received };
}

describe('scale-out on Redis', () => {
  it('broadcasts, channel publishes and writeData reach the right clients on every node', async () => {
    const prefix = testPrefix();
    const admin = await adminClient();
    cleanups.push(async () => {
      await deleteKeys(admin, prefix);
      await admin.quit();
    });
    const nodes = [await node(prefix, 'a'), await node(prefix, 'b'), await node(prefix, 'c')];
    const clients = await Promise.all(nodes.map((at) => client(at)));
    const [ca, cb, cc] = clients as [Client, Client, Client];
    ca.conn.subscribe('news');
    cc.conn.subscribe('news');

    // A broadcast from each node reaches every client exactly once.
    nodes.forEach((at) => at.server.broadcast(`hello from ${at.name}`));
    for (const c of clients) await waitFor(() => c.received.length >= 3 || undefined, 'three broadcasts');
    for (const c of clients) expect([...c.received].sort()).toEqual(['hello from a', 'hello from b', 'hello from c']);

    // A channel publish from node b reaches the subscribers on a and c only; exclude works across nodes.
    nodes[1]!.server.broadcast('headline', { channel: 'news' });
    nodes[1]!.server.broadcast('not for a', { channel: 'news', exclude: [ca.conn.id] });
    await waitFor(() => cc.received.includes('not for a') || undefined, 'channel publish');
    // writeData reaches a connection held by another node.
    await waitFor(async () => (await nodes[0]!.server.writeData(cb.conn.id, 'direct to b')) || undefined, 'writeData');
    await waitFor(() => cb.received.includes('direct to b') || undefined, 'direct delivery');
    expect(ca.received.slice(3)).toEqual(['headline']);
    expect(cb.received.slice(3)).toEqual(['direct to b']);
    expect(cc.received.slice(3)).toEqual(['headline', 'not for a']);
    expect(await nodes[0]!.server.writeData('nobody-has-this-id', 'lost')).toBe(false);

    // A local broadcast stays on its node; a later shared one shows the others got nothing before it.
    expect(nodes[0]!.server.broadcast('local to a', { local: true })).toBe(1);
    nodes[0]!.server.broadcast('shared marker');
    for (const c of clients) await waitFor(() => c.received.includes('shared marker') || undefined, 'the marker');
    expect(ca.received.slice(-2)).toEqual(['local to a', 'shared marker']);
    for (const other of [cb, cc]) {
      expect(other.received.at(-1)).toBe('shared marker');
      expect(other.received).not.toContain('local to a');
    }
  });

  it('keeps serving when a node goes away, and lets a restarted node rejoin', async () => {
    const prefix = testPrefix();
    const admin = await adminClient();
    cleanups.push(async () => {
      await deleteKeys(admin, prefix);
      await admin.quit();
    });
    const a = await node(prefix, 'a');
    const b = await node(prefix, 'b');
    const ca = await client(a);
    const cb = await client(b);
    const port = b.server.port;
    const closed = once(cb.ws, 'close');
    await b.server.stop();
    await closed;
    a.server.broadcast('still here');
    await waitFor(() => ca.received.includes('still here') || undefined, 'broadcast after a node left');

    const b2 = await node(prefix, 'b', port);
    const cb2 = await client(b2);
    await waitFor(async () => {
      a.server.broadcast('welcome back');
      await new Promise((resolve) => setImmediate(resolve));
      return cb2.received.includes('welcome back') || undefined;
    }, 'rejoined node receives broadcasts');
    expect(await b2.server.writeData(ca.conn.id, 'from the new b')).toBe(true);
    await waitFor(() => ca.received.includes('from the new b') || undefined, 'writeData from the rejoined node');
  });
});
