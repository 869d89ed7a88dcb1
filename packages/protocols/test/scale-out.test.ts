/**
 * The sgc protocol on two server nodes sharing one Redis (the machine's, on 6379): wildcard
 * publishes, channel broadcasts and messages to one connection cross nodes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RedisBackplane } from '@sgc/server';
import { collectEvents, connectSgcClient, nextEvent, startSgcServer } from './fixtures/sgc-peers.js';

async function node(prefix: string) {
  return startSgcServer({}, { backplane: new RedisBackplane({ url: 'redis://127.0.0.1:6379', prefix }) });
}

describe('sgc protocol across nodes', () => {
  it('publishes to wildcard subscribers, broadcasts to channels and writes to a connection on another node', async () => {
    const prefix = `sgc-test-${randomUUID()}`;
    const [a, b] = [await node(prefix), await node(prefix)];
    const [onA, onB] = await Promise.all([connectSgcClient(a.url), connectSgcClient(b.url)]);
    const events = collectEvents(onA.sgc);
    await onA.sgc.subscribe('news*');

    const published = nextEvent(onA.sgc, 'news.world');
    await onB.sgc.publish('from b', 'news.world', { qos: 1 });
    await expect(published).resolves.toBe('from b');

    const fromServer = nextEvent(onA.sgc, 'news.server');
    b.sgc.publish('from node b', 'news.server');
    await expect(fromServer).resolves.toBe('from node b');

    const messages: unknown[] = [];
    onA.sgc.on('message', (message) => messages.push(message));
    const broadcast = new Promise((resolve) => onA.sgc.once('message', resolve));
    onB.sgc.broadcast('to news subscribers', 'news.x');
    await broadcast;
    const direct = new Promise((resolve) => onA.sgc.once('message', resolve));
    onB.sgc.writeData(onA.session, { direct: true });
    await direct;
    expect(messages).toEqual(['to news subscribers', { direct: true }]);
    expect(events).toEqual([
      ['news.world', 'from b'],
      ['news.server', 'from node b'],
    ]);
  });
});
