import { describe, expect, it } from 'vitest';
import { ErrorCode, type SgcError } from '@sgc/frame';
import { MemoryBackplane, MemoryBackplaneHub } from '../src/backplane/index.js';
import { Inbox } from './fixtures/backplane-harness.js';

describe('MemoryBackplane on its own', () => {
  it('hands a broadcast back to its own deliver, with the filters, after publish() returns to the caller', async () => {
    const backplane = new MemoryBackplane();
    const inbox = new Inbox();
    await backplane.start('solo', inbox.deliver);
    const published = backplane.publish({ data: 'hi', channel: 'news', protocol: 'chat', include: ['a'], exclude: ['b'] });
    // Not re-entrant: nothing is delivered inside the publish() call itself.
    expect(inbox.envelopes).toEqual([]);
    expect(await published).toBe(1);
    expect(inbox.envelopes).toEqual([
      { kind: 'broadcast', origin: 'solo', data: 'hi', channel: 'news', protocol: 'chat', include: ['a'], exclude: ['b'] },
    ]);
    await backplane.stop();
  });

  it('sends a direct message to itself and finds its own connections', async () => {
    const backplane = new MemoryBackplane();
    const inbox = new Inbox();
    await backplane.start('solo', inbox.deliver);
    await backplane.register('c1');
    expect(await backplane.locate('c1')).toBe('solo');
    const bytes = new Uint8Array([0, 10, 255]);
    expect(await backplane.sendTo('solo', { connectionId: 'c1', data: bytes })).toBe(true);
    expect(inbox.envelopes).toEqual([{ kind: 'direct', origin: 'solo', connectionId: 'c1', data: bytes }]);
    expect(await backplane.sendTo('elsewhere', { connectionId: 'c1', data: 'x' })).toBe(false);
    await backplane.unregister('c1');
    expect(await backplane.locate('c1')).toBeUndefined();
    await backplane.stop();
    expect(backplane.node).toBeUndefined();
  });

  it('refuses calls before start, a second start and bad arguments with typed errors', async () => {
    const backplane = new MemoryBackplane();
    await expect(backplane.publish({ data: 'x' })).rejects.toMatchObject({ code: ErrorCode.NotOpen });
    await expect(backplane.register('c1')).rejects.toMatchObject({ code: ErrorCode.NotOpen });
    await expect(backplane.start('', () => undefined)).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    await backplane.start('n1', () => undefined);
    await expect(backplane.start('n1', () => undefined)).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    await expect(backplane.publish({ data: 42 as unknown as string })).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    await expect(backplane.publish({ data: 'x', include: 'c1' as unknown as string[] })).rejects.toMatchObject({
      code: ErrorCode.InvalidArgument,
    });
    await expect(backplane.sendTo('n1', { connectionId: '', data: 'x' })).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    await backplane.stop();
    await backplane.stop(); // a second stop does nothing
  });

  it('reports a throwing deliver to onError and keeps delivering', async () => {
    const errors: SgcError[] = [];
    const hub = new MemoryBackplaneHub();
    const faulty = new MemoryBackplane({ hub, onError: (error) => errors.push(error) });
    const healthy = new MemoryBackplane({ hub });
    const inbox = new Inbox();
    await faulty.start('faulty', () => {
      throw new Error('boom');
    });
    await healthy.start('healthy', inbox.deliver);
    expect(await healthy.publish({ data: 'one' })).toBe(2);
    expect(inbox.withText('one')).toHaveLength(1);
    expect(errors.map((error) => error.code)).toEqual([ErrorCode.InvalidState]);
    expect(errors[0]?.cause).toBeInstanceOf(Error);
    await Promise.all([faulty.stop(), healthy.stop()]);
  });
});

describe('MemoryBackplane nodes sharing a hub', () => {
  async function threeNodes() {
    const hub = new MemoryBackplaneHub();
    const nodes = ['a', 'b', 'c'].map((id) => ({ id, backplane: new MemoryBackplane({ hub }), inbox: new Inbox() }));
    for (const node of nodes) await node.backplane.start(node.id, node.inbox.deliver);
    return { hub, nodes };
  }

  it('delivers each node\u2019s broadcast to every node exactly once', async () => {
    const { hub, nodes } = await threeNodes();
    expect(hub.nodeIds).toEqual(['a', 'b', 'c']);
    for (const node of nodes) expect(await node.backplane.publish({ data: `from ${node.id}`, exclude: ['x'] })).toBe(3);
    for (const node of nodes) {
      expect(node.inbox.envelopes.map((envelope) => [envelope.origin, envelope.data])).toEqual([
        ['a', 'from a'],
        ['b', 'from b'],
        ['c', 'from c'],
      ]);
    }
    for (const node of nodes) await node.backplane.stop();
  });

  it('locates connections across nodes, routes direct messages to one node, and forgets a stopped node', async () => {
    const { hub, nodes } = await threeNodes();
    const [a, b, c] = nodes as [(typeof nodes)[0], (typeof nodes)[0], (typeof nodes)[0]];
    await b.backplane.register('conn-b');
    expect(await a.backplane.locate('conn-b')).toBe('b');
    expect(await a.backplane.sendTo('b', { connectionId: 'conn-b', data: 'for b' })).toBe(true);
    expect(b.inbox.envelopes).toEqual([{ kind: 'direct', origin: 'a', connectionId: 'conn-b', data: 'for b' }]);
    expect(a.inbox.envelopes).toEqual([]);
    expect(c.inbox.envelopes).toEqual([]);
    // Another node cannot unregister b's connection.
    await c.backplane.unregister('conn-b');
    expect(await a.backplane.locate('conn-b')).toBe('b');
    await b.backplane.stop();
    expect(await a.backplane.locate('conn-b')).toBeUndefined();
    expect(await a.backplane.sendTo('b', { connectionId: 'conn-b', data: 'late' })).toBe(false);
    expect(hub.nodeIds).toEqual(['a', 'c']);
    // The id is free again: a restarted node rejoins.
    const again = new Inbox();
    await b.backplane.start('b', again.deliver);
    expect(await a.backplane.publish({ data: 'welcome back' })).toBe(3);
    expect(again.withText('welcome back')).toHaveLength(1);
    await expect(new MemoryBackplane({ hub }).start('a', () => undefined)).rejects.toMatchObject({ code: ErrorCode.InvalidState });
    for (const node of nodes) await node.backplane.stop();
  });
});
