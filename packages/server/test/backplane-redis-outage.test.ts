import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, SgcError } from '@sgc/frame';
import { RedisBackplane } from '../src/backplane/index.js';
import { Inbox, REDIS_URL, RedisProxy, adminClient, deleteKeys, keysOf, testPrefix, waitFor } from './fixtures/backplane-harness.js';

// Node "b" reaches Redis through a proxy the test can cut: to b, Redis goes away and
// comes back, while node "a" and Redis itself carry on.
const prefix = testPrefix();
let admin: Awaited<ReturnType<typeof adminClient>>;
let proxy: RedisProxy;

beforeAll(async () => {
  admin = await adminClient();
  proxy = await RedisProxy.start();
});
afterAll(async () => {
  await proxy.close();
  await deleteKeys(admin, prefix);
  await admin.close();
});

/** Redis unreachable: `SGC_ERR_NOT_OPEN` while reconnecting, `SGC_ERR_SOCKET` when the call met a dying connection. */
async function expectUnavailable(call: Promise<unknown>): Promise<void> {
  const failure = await call.then(() => undefined, (error: unknown) => error);
  expect(failure).toBeInstanceOf(SgcError);
  expect([ErrorCode.NotOpen, ErrorCode.Socket]).toContain((failure as SgcError).code);
}

describe('RedisBackplane when Redis becomes unreachable', () => {
  it('fails calls with typed errors, lets the cut-off node\u2019s entries expire, then reconnects and restores them', async () => {
    const a = new RedisBackplane({ url: REDIS_URL, prefix });
    const aInbox = new Inbox();
    await a.start('a', aInbox.deliver);
    const errors: SgcError[] = [];
    const b = new RedisBackplane({ url: proxy.url, prefix, ttlSeconds: 1, onError: (error) => errors.push(error) });
    const bInbox = new Inbox();
    await b.start('b', bInbox.deliver);
    try {
      await b.register('conn-b');
      expect(await a.locate('conn-b')).toBe('b');

      proxy.cut();
      // A call in flight when the connection drops fails with SGC_ERR_SOCKET; once b's client
      // has noticed, calls fail at once with SGC_ERR_NOT_OPEN instead of queueing.
      const failures: unknown[] = [];
      await waitFor(async () => {
        const failure = await b.publish({ data: 'into the void' }).then(() => undefined, (error: unknown) => error);
        if (failure !== undefined) failures.push(failure);
        return (failure as SgcError | undefined)?.code === ErrorCode.NotOpen;
      }, 'publish to fail with SGC_ERR_NOT_OPEN');
      for (const failure of failures) await expectUnavailable(Promise.reject(failure));
      // Reconnect attempts keep being accepted and dropped by the proxy, so a call can still
      // meet a dying socket: either way it fails at once with a typed error.
      await expectUnavailable(b.locate('conn-b'));
      await expectUnavailable(b.register('conn-b2'));
      await expectUnavailable(b.sendTo('a', { connectionId: 'x', data: 'x' }));
      // The lost connections and failed reconnects were reported, not thrown.
      await waitFor(() => errors.length > 0, 'errors to be reported');
      expect(errors.every((error) => error instanceof SgcError)).toBe(true);

      // Its heartbeat cannot reach Redis: the entries expire within the TTL.
      const cut = Date.now();
      await waitFor(async () => (await a.locate('conn-b')) === undefined, 'conn-b to expire');
      expect(Date.now() - cut).toBeLessThan(4000);
      // The rest of the cluster carries on.
      expect(await a.publish({ data: 'a still works' })).toBe(1);
      await aInbox.next('a still works');

      proxy.restore();
      // b reconnects by itself, restores its entries (conn-b2 too, registered while cut off)
      // and subscribes again.
      await waitFor(async () => (await a.locate('conn-b')) === 'b', 'conn-b to come back');
      await waitFor(async () => (await a.locate('conn-b2')) === 'b', 'conn-b2 to appear');
      await waitFor(async () => (await admin.pubSubNumSub(`${prefix}:node:b`))[`${prefix}:node:b`] === 1, 'b to subscribe again');
      expect(await a.publish({ data: 'welcome back' })).toBe(2);
      await bInbox.next('welcome back');
      expect(await a.sendTo('b', { connectionId: 'conn-b', data: 'direct again' })).toBe(true);
      await bInbox.next('direct again');
      expect(await b.publish({ data: 'b is back' })).toBe(2);
      await aInbox.next('b is back');
      expect(bInbox.withText('into the void')).toEqual([]);
    } finally {
      proxy.restore();
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(await keysOf(admin, prefix)).toEqual([]);
  });

  it('stops promptly while Redis is unreachable, leaving its entries to expire', async () => {
    const errors: SgcError[] = [];
    const b = new RedisBackplane({ url: proxy.url, prefix, ttlSeconds: 1, onError: (error) => errors.push(error) });
    await b.start('b', () => undefined);
    await b.register('conn-b');
    proxy.cut();
    try {
      await waitFor(() => b.locate('conn-b').then(() => false, () => true), 'b to notice');
      const stopping = Date.now();
      await b.stop();
      expect(Date.now() - stopping).toBeLessThan(2000);
      expect(errors.some((error) => error.message.startsWith('Backplane directory cleanup failed'))).toBe(true);
      expect(b.node).toBeUndefined();
    } finally {
      proxy.restore();
    }
    await waitFor(async () => (await keysOf(admin, prefix)).length === 0, 'the entries to expire');
  });
});
