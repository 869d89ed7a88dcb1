import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { LOAD_BALANCER_SERVER_PATH, LoadBalancerBackend, LoadBalancerServer, WebSocketServer, type ServerConnection } from '@sgc/server';
import { WebSocketClient, type WebSocketClientOptions } from '../src/index.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function balancer(port = 0): Promise<LoadBalancerServer> {
  const lb = new LoadBalancerServer({ host: '127.0.0.1', port });
  await lb.start();
  cleanups.push(() => lb.stop());
  return lb;
}

/** A back-end that greets each client with its name and the path it asked for, registered through a real client. */
async function backend(lb: LoadBalancerServer, name: string, transportOptions: Partial<WebSocketClientOptions> = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connect', (conn) => conn.send(`${name} ${conn.url}`));
  await server.start();
  cleanups.push(() => server.stop());
  const transport = new WebSocketClient({ url: `ws://127.0.0.1:${lb.port}${LOAD_BALANCER_SERVER_PATH}`, ...transportOptions });
  cleanups.push(() => transport.close());
  const member = new LoadBalancerBackend(server, { transport, guid: name });
  cleanups.push(() => member.close());
  const ready = once(lb, 'serverReady');
  await transport.connect();
  await ready;
  return { server, transport, member };
}

/** A client that asks the balancer first, connected, with the greeting of the back-end it reached. */
async function balancedClient(lb: LoadBalancerServer): Promise<{ client: WebSocketClient; greeting: string }> {
  const client = new WebSocketClient({ url: 'ws://127.0.0.1:1/app?room=7', loadBalancer: { host: '127.0.0.1', port: lb.port } });
  cleanups.push(() => client.close());
  const greeting = client.waitFor('message');
  await client.connect();
  const [text] = await greeting;
  return { client, greeting: text };
}

describe('WebSocketClient through a LoadBalancerServer', () => {
  it('connects to the back-end the balancer chooses, with its own path and query', async () => {
    const lb = await balancer();
    const links: ServerConnection[] = [];
    lb.on('serverConnect', (conn) => links.push(conn));
    await backend(lb, 'a');
    await backend(lb, 'b');
    const greetings: string[] = [];
    for (let i = 0; i < 4; i++) {
      // Wait for the back-end's report, so each choice sees the previous client counted.
      const reported = Promise.race(links.map((link) => once(link, 'message')));
      greetings.push((await balancedClient(lb)).greeting);
      await reported;
    }
    expect(greetings.sort()).toEqual(['a /app?room=7', 'a /app?room=7', 'b /app?room=7', 'b /app?room=7']);
    expect(lb.backends.map((info) => [info.guid, info.connections, info.pending])).toEqual([
      ['a', 2, 0],
      ['b', 2, 0],
    ]);
  });

  it('fails the connect with a typed error when no back-end is registered', async () => {
    const lb = await balancer();
    const client = new WebSocketClient({ url: 'ws://127.0.0.1:1/', loadBalancer: { host: '127.0.0.1', port: lb.port } });
    await expect(client.connect()).rejects.toMatchObject({
      code: 'SGC_ERR_HANDSHAKE_FAILED',
      message: expect.stringMatching(/No server available/),
    });
  });

  it('re-registers a back-end whose watchdog reconnects after the balancer restarts on the same port', async () => {
    const first = await balancer();
    const port = first.port;
    const node = await backend(first, 'node', { watchdog: { initialDelay: 20, maxDelay: 50, jitter: 0 } });
    const { greeting } = await balancedClient(first);
    expect(greeting).toBe('node /app?room=7');

    const dropped = node.transport.waitFor('disconnect');
    await first.stop();
    await dropped;
    // At least one attempt fails against the closed port before the balancer returns.
    await node.transport.waitFor('reconnecting');
    const second = new LoadBalancerServer({ host: '127.0.0.1', port });
    cleanups.push(() => second.stop());
    const ready = once(second, 'serverReady');
    await second.start();
    await ready;
    expect(second.backends).toEqual([
      { guid: 'node', bindings: [{ host: '127.0.0.1', port: node.server.port, ssl: false }], connections: 1, pending: 0, ready: true },
    ]);
    expect((await balancedClient(second)).greeting).toBe('node /app?room=7');
  });
});
