import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pingRedis } from '../src/crossnode/redis-ping.js';

/** A server that answers every connection's first bytes with `reply`. */
async function fakeRedis(reply: string): Promise<Server> {
  const server = createServer((socket) => socket.once('data', () => socket.write(reply)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('pingRedis', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  it('accepts a Redis that answers +PONG', async () => {
    server = await fakeRedis('+PONG\r\n');
    expect(await pingRedis('127.0.0.1', (server.address() as AddressInfo).port)).toBeUndefined();
  });

  it('explains a Redis that wants a password', async () => {
    server = await fakeRedis('-NOAUTH Authentication required.\r\n');
    expect(await pingRedis('127.0.0.1', (server.address() as AddressInfo).port)).toMatch(/NOAUTH/);
  });

  it('explains a port nobody listens on', async () => {
    server = await fakeRedis('');
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    expect(await pingRedis('127.0.0.1', port)).toMatch(/ECONNREFUSED/);
  });
});
