import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@sgc/frame';
import { MemoryBackplane, MemoryBackplaneHub, RedisBackplane, type Backplane } from '../src/backplane/index.js';
import { REDIS_URL, keysOf, useRedisTestFile, waitFor } from './fixtures/backplane-harness.js';

const { prefix, started, admin: redisAdmin } = useRedisTestFile<Backplane>();

/** Two started nodes sharing one store, built by each implementation. */
const kinds: Array<[string, () => [Backplane, Backplane]]> = [
  [
    'MemoryBackplane',
    () => {
      const hub = new MemoryBackplaneHub();
      return [new MemoryBackplane({ hub }), new MemoryBackplane({ hub })];
    },
  ],
  ['RedisBackplane', () => [new RedisBackplane({ url: REDIS_URL, prefix }), new RedisBackplane({ url: REDIS_URL, prefix })]],
];

describe.each(kinds)('%s key-value store', (_name, create) => {
  async function twoNodes(): Promise<[Backplane, Backplane]> {
    const [a, b] = create();
    await a.start('store-a', () => undefined);
    await b.start('store-b', () => undefined);
    started.push(a, b);
    return [a, b];
  }

  it('shares values between nodes: set, overwrite, get, delete', async () => {
    const [a, b] = await twoNodes();
    expect(await b.getValue('session:1')).toBeUndefined();
    await a.setValue('session:1', '{"user":"alice"}', 60_000);
    expect(await b.getValue('session:1')).toBe('{"user":"alice"}');
    await b.setValue('session:1', '{"user":"bob"}', 60_000);
    expect(await a.getValue('session:1')).toBe('{"user":"bob"}');
    expect(await a.deleteValue('session:1')).toBe(true);
    expect(await b.deleteValue('session:1')).toBe(false);
    expect(await b.getValue('session:1')).toBeUndefined();
  });

  it('lets values expire after their TTL, and a write restarts it', async () => {
    const [a, b] = await twoNodes();
    await a.setValue('short', 'x', 150);
    await a.setValue('renewed', 'y', 150);
    await b.setValue('renewed', 'y', 60_000);
    await waitFor(async () => (await b.getValue('short')) === undefined, 'the short value to expire');
    expect(await a.getValue('renewed')).toBe('y');
  });

  it('refuses a bad TTL and calls before start with typed errors', async () => {
    const [a] = await twoNodes();
    for (const ttl of [0, -1, 1.5, Number.NaN]) {
      await expect(a.setValue('k', 'v', ttl)).rejects.toMatchObject({ code: ErrorCode.InvalidArgument });
    }
    const [idle] = create();
    await expect(idle.getValue('k')).rejects.toMatchObject({ code: ErrorCode.NotOpen });
    await expect(idle.setValue('k', 'v', 1000)).rejects.toMatchObject({ code: ErrorCode.NotOpen });
    await expect(idle.deleteValue('k')).rejects.toMatchObject({ code: ErrorCode.NotOpen });
  });
});

describe('RedisBackplane key-value names', () => {
  it('keeps values under <prefix>:kv:<key> with a Redis TTL', async () => {
    const backplane = new RedisBackplane({ url: REDIS_URL, prefix });
    await backplane.start('store-names', () => undefined);
    started.push(backplane);
    await backplane.setValue('named', 'v', 30_000);
    expect(await keysOf(redisAdmin(), `${prefix}:kv`)).toContain(`${prefix}:kv:named`);
    const ttl = await redisAdmin().pTTL(`${prefix}:kv:named`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });
});
