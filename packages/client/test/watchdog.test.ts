import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketClient } from '../src/index.js';

const script = fileURLToPath(new URL('./fixtures/logging-echo-server.mjs', import.meta.url));
const children: ChildProcess[] = [];
const clients: WebSocketClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.disconnect();
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A server process and the text messages it has logged. */
async function serverProcess(port = 0): Promise<{ child: ChildProcess; port: number; got: string[]; next: (n: number) => Promise<void> }> {
  const child = fork(script, [String(port)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const got: string[] = [];
  let waiter: { count: number; resolve: () => void } | undefined;
  const portLine = new Promise<number>((resolve) => {
    lines.on('line', (line) => {
      if (line.startsWith('port ')) resolve(Number(line.slice(5)));
      if (line.startsWith('got ')) got.push(line.slice(4));
      if (waiter && got.length >= waiter.count) waiter.resolve();
    });
  });
  const next = (count: number): Promise<void> =>
    got.length >= count ? Promise.resolve() : new Promise((resolve) => (waiter = { count, resolve }));
  return { child, port: await portLine, got, next };
}

describe('watchdog', () => {
  it('reconnects after the server is killed and restarted, and sends queued messages once, in order', async () => {
    const first = await serverProcess();
    const client = new WebSocketClient({
      url: `ws://127.0.0.1:${first.port}`,
      watchdog: { initialDelay: 50, maxDelay: 200, jitter: 0 },
    });
    clients.push(client);
    const attempts: number[] = [];
    client.on('reconnecting', (attempt) => attempts.push(attempt));
    await client.connect();
    client.send('a1');
    client.send('a2');
    await first.next(2);

    const dropped = client.waitFor('disconnect');
    first.child.kill('SIGKILL');
    const [code, , wasClean] = await dropped;
    expect([code, wasClean]).toEqual([1006, false]);
    // Offline: these wait in the queue.
    for (const text of ['q1', 'q2', 'q3']) expect(client.send(text)).toBe(true);
    expect(client.bufferedAmount).toBe(6);
    // Let at least one attempt fail against the dead port before the server returns.
    await client.waitFor('reconnecting');

    const reconnected = client.waitFor('reconnected', { timeout: 10_000 });
    const second = await serverProcess(first.port);
    await reconnected;
    await second.next(3);
    client.send('after');
    await second.next(4);
    expect(first.got).toEqual(['a1', 'a2']);
    expect(second.got).toEqual(['q1', 'q2', 'q3', 'after']);
    expect(attempts[0]).toBe(1);
    expect(attempts.length).toBeGreaterThanOrEqual(2);
  });

  it('stops after maxAttempts and reports it', async () => {
    const server = await serverProcess();
    const client = new WebSocketClient({
      url: `ws://127.0.0.1:${server.port}`,
      watchdog: { initialDelay: 20, maxDelay: 40, maxAttempts: 2 },
    });
    clients.push(client);
    const exceptions: string[] = [];
    client.on('exception', (error) => exceptions.push(error.code));
    await client.connect();
    server.child.kill('SIGKILL');
    await new Promise<void>((resolve) => client.on('exception', (error) => error.code === 'SGC_ERR_CONNECTION_CLOSED' && resolve()));
    expect(exceptions.filter((code) => code === 'SGC_ERR_SOCKET')).toHaveLength(2);
    expect(client.readyState).toBe(3);
    expect(() => client.send('late')).toThrow(expect.objectContaining({ code: 'SGC_ERR_NOT_OPEN' }));
  });

  it('does not reconnect after close()', async () => {
    const server = await serverProcess();
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${server.port}`, watchdog: { initialDelay: 10 } });
    clients.push(client);
    let reconnecting = 0;
    client.on('reconnecting', () => reconnecting++);
    await client.connect();
    await client.close();
    expect(reconnecting).toBe(0);
    expect(client.readyState).toBe(3);
  });

  it('drops the oldest queued message when the offline queue is full', async () => {
    const first = await serverProcess();
    const client = new WebSocketClient({
      url: `ws://127.0.0.1:${first.port}`,
      watchdog: { initialDelay: 30, jitter: 0, offlineQueue: { maxMessages: 2, overflow: 'drop-oldest' } },
    });
    clients.push(client);
    await client.connect();
    const dropped = client.waitFor('disconnect');
    first.child.kill('SIGKILL');
    await dropped;
    for (const text of ['m1', 'm2', 'm3']) client.send(text);
    const reconnected = client.waitFor('reconnected', { timeout: 10_000 });
    const second = await serverProcess(first.port);
    await reconnected;
    await second.next(2);
    expect(second.got).toEqual(['m2', 'm3']);
  });
});
