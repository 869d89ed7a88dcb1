import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ErrorCode, SgcError } from '@sgc/frame';
import { RedisBackplane, type BroadcastMessage, type RedisBackplaneOptions } from '../src/backplane/index.js';
import { Inbox, REDIS_URL, keysOf, useRedisTestFile, waitFor } from './fixtures/backplane-harness.js';

const { prefix, started, admin: redisAdmin } = useRedisTestFile<RedisBackplane>();

interface TestNode {
  id: string;
  backplane: RedisBackplane;
  inbox: Inbox;
  errors: SgcError[];
}

async function startNode(id: string, options: RedisBackplaneOptions = {}): Promise<TestNode> {
  const errors: SgcError[] = [];
  const backplane = new RedisBackplane({ url: REDIS_URL, prefix, onError: (error) => errors.push(error), ...options });
  const inbox = new Inbox();
  await backplane.start(id, inbox.deliver);
  started.push(backplane);
  return { id, backplane, inbox, errors };
}

async function threeNodes(): Promise<[TestNode, TestNode, TestNode]> {
  return Promise.all([startNode('a'), startNode('b'), startNode('c')]);
}

/**
 * Publishes a last broadcast and waits until every node has it. Redis delivers one
 * connection's messages in publish order, so anything published before it has arrived too.
 */
async function settle(nodes: readonly TestNode[], from: TestNode = nodes[0]!): Promise<void> {
  const marker = `settle ${Math.random()}`;
  await from.backplane.publish({ data: marker });
  await Promise.all(nodes.map((node) => node.inbox.next(marker)));
}

describe('RedisBackplane, three nodes in one process', () => {
  it('delivers each node\u2019s broadcast to all three exactly once, filters included', async () => {
    const nodes = await threeNodes();
    const message = (id: string): BroadcastMessage => ({
      data: `from ${id}`,
      channel: 'news',
      protocol: 'chat',
      include: ['c1', 'c2'],
      exclude: ['c3'],
    });
    for (const node of nodes) expect(await node.backplane.publish(message(node.id))).toBe(3);
    await settle(nodes);
    for (const node of nodes) {
      for (const from of nodes) {
        expect(node.inbox.withText(`from ${from.id}`)).toEqual([{ kind: 'broadcast', origin: from.id, ...message(from.id) }]);
      }
      expect(node.errors).toEqual([]);
    }
  });

  it('carries text (non-ASCII included) and binary, every byte value, unchanged', async () => {
    const [a, b] = await Promise.all([startNode('a'), startNode('b')]);
    const text = 'gr\u00fc\u00dfe \u2713 \u{1f600}\n\u2028second line';
    const bytes = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
    await a.backplane.publish({ data: text });
    await a.backplane.publish({ data: bytes, channel: 'bin' });
    await a.backplane.publish({ data: '' });
    await b.backplane.register('conn-b');
    expect(await a.backplane.sendTo('b', { connectionId: 'conn-b', data: bytes.subarray(10, 20) })).toBe(true);
    await settle([a, b]);
    const got = b.inbox.envelopes;
    expect(got[0]).toEqual({ kind: 'broadcast', origin: 'a', data: text });
    expect(got[1]?.data).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(got[1]!.data as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    expect(got[2]?.data).toBe('');
    expect(got[3]).toMatchObject({ kind: 'direct', origin: 'a', connectionId: 'conn-b' });
    expect(Buffer.from(got[3]!.data as Uint8Array).equals(Buffer.from(bytes.subarray(10, 20)))).toBe(true);
  });

  it('locates connections across nodes and sends a direct message to that node only', async () => {
    const nodes = await threeNodes();
    const [a, b, c] = nodes;
    await a.backplane.register('conn-a');
    await b.backplane.register('conn-b');
    expect(await c.backplane.locate('conn-a')).toBe('a');
    expect(await c.backplane.locate('conn-b')).toBe('b');
    expect(await c.backplane.locate('nobody')).toBeUndefined();
    const node = await c.backplane.locate('conn-b');
    expect(await c.backplane.sendTo(node!, { connectionId: 'conn-b', data: 'for b' })).toBe(true);
    await settle(nodes, c);
    expect(b.inbox.envelopes.filter((envelope) => envelope.kind === 'direct')).toEqual([
      { kind: 'direct', origin: 'c', connectionId: 'conn-b', data: 'for b' },
    ]);
    for (const other of [a, c]) expect(other.inbox.envelopes.filter((envelope) => envelope.kind === 'direct')).toEqual([]);
    // Nobody listens on a node that never started.
    expect(await c.backplane.sendTo('ghost', { connectionId: 'conn-b', data: 'lost' })).toBe(false);
    // Only the holder's unregister counts, and it does.
    await c.backplane.unregister('conn-a');
    expect(await b.backplane.locate('conn-a')).toBe('a');
    await a.backplane.unregister('conn-a');
    expect(await b.backplane.locate('conn-a')).toBeUndefined();
  });

  it('removes a stopped node\u2019s directory entries and stops delivering to it', async () => {
    const nodes = await threeNodes();
    const [a, b, c] = nodes;
    await b.backplane.register('conn-b1');
    await b.backplane.register('conn-b2');
    await a.backplane.register('conn-a');
    expect(await keysOf(redisAdmin(), prefix)).toEqual(
      [`${prefix}:conn:conn-a`, `${prefix}:conn:conn-b1`, `${prefix}:conn:conn-b2`, `${prefix}:node:a:conns`, `${prefix}:node:b:conns`].sort(),
    );
    await b.backplane.stop();
    expect(b.backplane.node).toBeUndefined();
    expect(await a.backplane.locate('conn-b1')).toBeUndefined();
    expect(await a.backplane.locate('conn-b2')).toBeUndefined();
    expect(await keysOf(redisAdmin(), prefix)).toEqual([`${prefix}:conn:conn-a`, `${prefix}:node:a:conns`]);
    expect(await a.backplane.sendTo('b', { connectionId: 'conn-b1', data: 'x' })).toBe(false);
    expect(await a.backplane.publish({ data: 'two left' })).toBe(2);
    await settle([a, c]);
    expect(b.inbox.withText('two left')).toEqual([]);
    await expect(b.backplane.publish({ data: 'x' })).rejects.toMatchObject({ code: ErrorCode.NotOpen });
    await a.backplane.stop();
    expect(await keysOf(redisAdmin(), prefix)).toEqual([]);
  });

  it('clears what a crashed node with the same id left behind when that id starts again', async () => {
    // A node "b" died with one connection registered: its entries are still there.
    await redisAdmin().set(`${prefix}:conn:stale`, 'b', { expiration: { type: 'PX', value: 60_000 } });
    await redisAdmin().sAdd(`${prefix}:node:b:conns`, 'stale');
    const a = await startNode('a');
    expect(await a.backplane.locate('stale')).toBe('b');
    const b = await startNode('b');
    expect(await a.backplane.locate('stale')).toBeUndefined();
    await b.backplane.register('fresh');
    expect(await a.backplane.locate('fresh')).toBe('b');
  });

  it('reports malformed messages on its channels and keeps delivering', async () => {
    const a = await startNode('a');
    await redisAdmin().publish(`${prefix}:broadcast`, 'not an envelope');
    await redisAdmin().publish(`${prefix}:node:a`, '{"v":99}\n');
    await a.backplane.publish({ data: 'still fine' });
    await a.inbox.next('still fine');
    await waitFor(() => a.errors.length === 2, 'two errors');
    expect(a.errors.map((error) => [error.code, error.message])).toEqual([
      [ErrorCode.InvalidArgument, 'Malformed backplane message: no header line'],
      [ErrorCode.InvalidArgument, 'Malformed backplane message: version 99, expected 1'],
    ]);
  });

  it('reports a throwing deliver to onError without losing later messages', async () => {
    const errors: SgcError[] = [];
    const backplane = new RedisBackplane({ url: REDIS_URL, prefix, onError: (error) => errors.push(error) });
    const seen: unknown[] = [];
    await backplane.start('thrower', (envelope) => {
      seen.push(envelope.data);
      if (envelope.data === 'bad') throw new Error('handler bug');
    });
    started.push(backplane);
    await backplane.publish({ data: 'bad' });
    await backplane.publish({ data: 'good' });
    await waitFor(() => seen.includes('good'), 'the second message');
    expect(errors.map((error) => error.code)).toEqual([ErrorCode.InvalidState]);
  });
});

describe('RedisBackplane errors', () => {
  it('fails start() with SGC_ERR_SOCKET when Redis cannot be reached', async () => {
    // A port with nothing listening on it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const errors: SgcError[] = [];
    const backplane = new RedisBackplane({
      url: `redis://user:secret@127.0.0.1:${port}`,
      prefix,
      connectTimeoutMs: 300,
      onError: (error) => errors.push(error),
    });
    const failure = await backplane.start('a', () => undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SgcError);
    expect(failure).toMatchObject({ code: ErrorCode.Socket });
    expect((failure as Error).message).not.toContain('secret');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((error) => error.code === ErrorCode.Socket)).toBe(true);
    expect(backplane.node).toBeUndefined();
    await expect(backplane.publish({ data: 'x' })).rejects.toMatchObject({ code: ErrorCode.NotOpen });
  });

  it('checks its options and arguments', async () => {
    expect(() => new RedisBackplane({ prefix: '' })).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
    expect(() => new RedisBackplane({ ttlSeconds: 0 })).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
    expect(() => new RedisBackplane({ ttlSeconds: 1, heartbeatMs: 1000 })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidArgument }),
    );
    const a = await startNode('a');
    await expect(a.backplane.start('a', () => undefined)).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    await expect(a.backplane.register('')).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    await expect(a.backplane.publish({ data: 1 as unknown as string })).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    await expect(new RedisBackplane({ url: 'not a url', prefix }).start('x', () => undefined)).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
    });
  });
});
