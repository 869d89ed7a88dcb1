import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '@sgc/frame';
import { ProxyCloseCode } from '../src/proxy/index.js';
import { closeClients, openClient } from './fixtures/proxy-clients.js';
import { next, startProxy, stopProxies } from './fixtures/proxy-server.js';
import { bannerTarget, closeTargets, echoTarget, pattern, startTarget } from './fixtures/proxy-targets.js';

const REDIS = { host: '127.0.0.1', port: 6379 };

/** One RESP command (an array of bulk strings). */
function resp(...args: string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/** Runs one command on Redis directly, not through the proxy (for cleaning up). */
async function redisDirect(...args: string[]): Promise<string> {
  const socket = connect(REDIS);
  socket.end(resp(...args));
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

const redisKeys: string[] = [];
afterEach(async () => {
  closeClients();
  await stopProxies();
  await closeTargets();
  for (const key of redisKeys.splice(0)) await redisDirect('DEL', key);
});

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('TcpProxy with Redis (a real TCP service)', () => {
  it('answers PING, then SETs, GETs and DELetes a unique key', async () => {
    const { url } = await startProxy({ target: REDIS });
    const { ws, reader } = await openClient(url);
    ws.send(Buffer.from('*1\r\n$4\r\nPING\r\n'));
    expect(await reader.readText('+PONG\r\n')).toBe('+PONG\r\n');

    const key = `sgc:test:proxy:${randomUUID()}`;
    const value = `value ${randomUUID()}`;
    redisKeys.push(key);
    ws.send(Buffer.from(resp('SET', key, value)));
    expect(await reader.readText('+OK\r\n')).toBe('+OK\r\n');
    // A text frame reaches the target as UTF-8 bytes, just like a binary one.
    ws.send(resp('GET', key));
    const bulk = `$${Buffer.byteLength(value)}\r\n${value}\r\n`;
    expect(await reader.readText(bulk)).toBe(bulk);
    ws.send(resp('DEL', key));
    expect(await reader.readText(':1\r\n')).toBe(':1\r\n');
    expect(await redisDirect('EXISTS', key)).toBe(':0\r\n');
  });
});

describe('TcpProxy data path', () => {
  it('carries 4 MiB both ways through an echo service byte for byte', async () => {
    const echo = await echoTarget();
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: echo.port } });
    const { ws, reader } = await openClient(url);
    const data = pattern(4 * 1024 * 1024);
    // Uneven message sizes, so message and TCP segment boundaries never line up.
    for (let offset = 0, size = 1; offset < data.length; offset += size, size = (size * 7 + 13) % 65_536 || 1) {
      ws.send(data.subarray(offset, offset + size));
    }
    const echoed = await reader.read(data.length);
    expect(sha256(echoed)).toBe(sha256(data));

    const ended = next(proxy, 'disconnect');
    ws.close(1000, 'done');
    const [session, stats] = await ended;
    expect(stats).toMatchObject({ bytesToTarget: data.length, bytesFromTarget: data.length, code: 1000, reason: 'done', error: undefined });
    expect(session.target).toEqual({ host: '127.0.0.1', port: echo.port });
    expect(proxy.sessions.size).toBe(0);
  });

  it('writes text frames as UTF-8 and sends the target bytes back in binary frames', async () => {
    const echo = await echoTarget();
    const { url } = await startProxy({ target: { host: '127.0.0.1', port: echo.port } });
    const { ws, reader } = await openClient(url);
    ws.send('héllo €');
    expect(await reader.read(Buffer.byteLength('héllo €'))).toEqual(Buffer.from('héllo €'));
    expect(reader.messages.every((message) => Buffer.isBuffer(message))).toBe(true);
  });

  it('holds what the client sends while the target is chosen and dialled, and delivers it in order', async () => {
    const echo = await echoTarget();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { url } = await startProxy({ target: { host: '127.0.0.1', port: echo.port }, resolve: () => gate.then(() => undefined) });
    const { ws, reader } = await openClient(url);
    const sent = (data: string | Buffer): Promise<void> => new Promise((resolve, reject) => ws.send(data, (error) => (error ? reject(error) : resolve())));
    await sent('one ');
    await sent(Buffer.from('two '));
    await sent('three');
    release();
    expect((await reader.read('one two three'.length)).toString()).toBe('one two three');
  });

  it('closes the client with 1000 after the last bytes when the target ends its connection', async () => {
    const target = await bannerTarget('bye\n', true);
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: target.port } });
    const ended = next(proxy, 'disconnect');
    const { reader, closed } = await openClient(url);
    expect(await closed).toEqual({ code: ProxyCloseCode.TargetClosed, reason: '' });
    expect((await reader.read(4)).toString()).toBe('bye\n');
    const [, stats] = await ended;
    expect(stats).toMatchObject({ bytesFromTarget: 4, code: 1000, error: undefined });
  });

  it('ends the TCP connection after the last bytes when the client closes', async () => {
    const chunks: Buffer[] = [];
    const target = await startTarget((socket) => socket.on('data', (chunk: Buffer) => chunks.push(chunk)));
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: target.port } });
    const connected = next(proxy, 'connect');
    const { ws } = await openClient(url);
    await connected;
    const socket = await target.accepted();
    const targetEnded = once(socket, 'end');
    ws.send('last words');
    ws.close();
    await targetEnded;
    expect(Buffer.concat(chunks).toString()).toBe('last words');
  });

  it('drops a target that stays open after the client left, once closeTimeout has passed', async () => {
    // allowHalfOpen: the target reads the proxy's FIN and never closes its own side.
    const target = await startTarget((socket) => socket.resume(), { allowHalfOpen: true });
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: target.port }, closeTimeout: 100 });
    const connected = next(proxy, 'connect');
    const { ws } = await openClient(url);
    await connected;
    const socket = await target.accepted();
    const ended = next(proxy, 'disconnect');
    ws.close(4000, 'bye');
    await once(socket, 'end');
    // `disconnect` waits for the proxy's TCP socket to close: only the timeout can close it here.
    const [, stats] = await ended;
    expect(stats).toMatchObject({ code: 4000, reason: 'bye', error: undefined });
    expect(socket.destroyed).toBe(false);
  });

  it('closes the client with 1014 when the target resets the connection, without crashing', async () => {
    const target = await bannerTarget('hi');
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: target.port } });
    const ended = next(proxy, 'disconnect');
    const { reader, closed } = await openClient(url);
    await reader.read(2);
    (await target.accepted()).resetAndDestroy();
    expect(await closed).toEqual({ code: ProxyCloseCode.BadGateway, reason: 'Target connection failed' });
    const [, stats] = await ended;
    expect(stats.error?.code).toBe(ErrorCode.Socket);
    expect(stats.error?.closeCode).toBe(1014);
  });

  it('ends its TCP connections when the server stops', async () => {
    const target = await startTarget(() => undefined);
    const { url, server, proxy } = await startProxy({ target: { host: '127.0.0.1', port: target.port } });
    const connected = next(proxy, 'connect');
    const { closed } = await openClient(url);
    await connected;
    const targetEnded = once(await target.accepted(), 'end');
    await server.stop();
    expect((await closed).code).toBe(1001);
    await targetEnded;
  });
});

describe('TcpProxy claims', () => {
  it('proxies only its path and leaves the other connections to the server', async () => {
    const target = await bannerTarget('from target');
    const { url, server } = await startProxy({ target: { host: '127.0.0.1', port: target.port }, path: '/tcp' });
    server.on('message', (conn, text) => conn.send(`server: ${text}`));
    const proxied = await openClient(`${url}/tcp?x=1`);
    expect((await proxied.reader.read(11)).toString()).toBe('from target');
    const plain = await openClient(`${url}/chat`);
    plain.ws.send('hi');
    expect((await plain.reader.read(10)).toString()).toBe('server: hi');
  });

  it('claims by sub-protocol', async () => {
    const target = await bannerTarget('ok');
    const { url } = await startProxy({ target: { host: '127.0.0.1', port: target.port }, protocols: ['binary'] });
    const proxied = await openClient(url, 'binary');
    expect(proxied.ws.protocol).toBe('binary');
    expect((await proxied.reader.read(2)).toString()).toBe('ok');
  });

  it('leaves to the server a connection outside its path that offers its sub-protocol', async () => {
    const target = await bannerTarget('ok');
    const { url, proxy, server } = await startProxy({ target: { host: '127.0.0.1', port: target.port }, path: '/vnc', protocols: ['base64'] });
    server.on('message', (conn, text) => conn.send(`server: ${text}`));
    const elsewhere = await openClient(`${url}/elsewhere`, 'base64');
    elsewhere.ws.send('hi');
    expect((await elsewhere.reader.read(10)).toString()).toBe('server: hi');
    expect(proxy.sessions.size).toBe(0);
    expect(target.sockets).toHaveLength(0);
  });
});
