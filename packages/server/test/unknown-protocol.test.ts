import { once } from 'node:events';
import { request } from 'node:http';
import { connect as connectNet, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCode, SgcError } from '@sgc/frame';
import { testCertificates } from '@sgc/test-certs';
import { WebSocketServer, classifyFirstBytes, type ServerConnection, type UnknownConnection } from '../src/index.js';

let server: WebSocketServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.stop();
  server = undefined;
});

async function tcpClient(port: number): Promise<Socket> {
  const socket = connectNet(port, '127.0.0.1');
  sockets.push(socket);
  await once(socket, 'connect');
  return socket;
}

/** Collects what a raw socket receives until `until` says it is complete. */
function received(socket: Socket, until: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (until(text)) resolve(text);
    });
    socket.once('close', () => (until(text) ? resolve(text) : reject(new Error(`closed after ${JSON.stringify(text)}`))));
  });
}

describe('classifyFirstBytes', () => {
  it('tells request lines from other protocols, waiting on a prefix', () => {
    expect(classifyFirstBytes(Buffer.from('GET / HTTP/1.1\r\n'))).toBe('http');
    expect(classifyFirstBytes(Buffer.from('OPTIONS * HTTP/1.1\r\n'))).toBe('http');
    expect(classifyFirstBytes(Buffer.from('GE'))).toBe('more');
    expect(classifyFirstBytes(Buffer.from('PROPFIN'))).toBe('more');
    expect(classifyFirstBytes(Buffer.from('GET'))).toBe('more');
    expect(classifyFirstBytes(Buffer.from('GETX'))).toBe('other');
    expect(classifyFirstBytes(Buffer.from('CONNECT\naccept-version:1.2\n\n\0'))).toBe('other');
    expect(classifyFirstBytes(Buffer.from([0x10, 0x0c, 0x00, 0x04]))).toBe('other');
    expect(classifyFirstBytes(Buffer.from('hello\n'))).toBe('other');
  });
});

describe('unknownProtocol', () => {
  it('accepts a plain TCP client on the WebSocket port, cutting messages at the delimiter', async () => {
    const offered: UnknownConnection[] = [];
    server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      unknownProtocol: (connection) => {
        offered.push(connection);
        return { scanMode: 'all', delimiter: [10] };
      },
    });
    const messages: string[] = [];
    server.on('binary', (conn, data) => {
      messages.push(data.toString());
      conn.send(`echo ${data.toString()}`);
    });
    server.on('message', () => expect.fail('TCP has no text messages'));
    await server.start();
    const connected = once(server, 'connect') as Promise<[ServerConnection]>;

    const tcp = await tcpClient(server.port);
    tcp.write('first\nsec');
    const [conn] = await connected;
    expect(conn.transport).toBe('tcp');
    expect(conn.scanner?.mode).toBe('all');
    expect(offered).toHaveLength(1);
    expect(offered[0]!.head.toString()).toBe('first\nsec');
    expect(offered[0]!.secure).toBe(false);
    const replies = received(tcp, (text) => text.includes('echo second\n'));
    tcp.write('ond\n');
    await expect(replies).resolves.toBe('echo first\necho second\n');
    expect(messages).toEqual(['first\n', 'second\n']);
    expect(server.count).toBe(1);

    await expect(conn.ping()).rejects.toMatchObject({ code: ErrorCode.NotSupported });
    const gone = once(server, 'disconnect');
    tcp.end();
    const [, code, , wasClean] = await gone;
    expect([code, wasClean]).toEqual([1000, true]);
    expect(server.count).toBe(0);
  });

  it('still serves WebSocket clients and HTTP requests on a sniffing binding', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, unknownProtocol: () => true });
    server.on('message', (conn, text) => conn.send(text.toUpperCase()));
    await server.start();

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}`);
    await once(ws, 'open');
    ws.send('hello');
    const [reply] = await once(ws, 'message');
    expect(reply.toString()).toBe('HELLO');
    expect([...server.connections.values()][0]!.transport).toBe('websocket');
    ws.close();
    await once(ws, 'close');

    const status = await new Promise<number>((resolve, reject) => {
      request(`http://127.0.0.1:${server!.port}/`, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(426);
  });

  it('keeps pipelined and split HTTP bytes in order after sniffing', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, unknownProtocol: () => true });
    await server.start();
    const socket = await tcpClient(server.port);
    const answers = received(socket, (text) => text.split('HTTP/1.1 426').length === 3);
    // One byte first: the sniffer must wait for the method before deciding.
    socket.write('G');
    socket.write('ET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\n');
    socket.write('Host: x\r\n\r\n');
    const text = await answers;
    expect(text.split('HTTP/1.1 426')).toHaveLength(3);
    expect(server.count).toBe(0);
  });

  it('sniffs after TLS on a secure binding', async () => {
    const certs = testCertificates();
    server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      tls: { cert: certs.serverCert, key: certs.serverKey },
      unknownProtocol: ({ secure }) => secure,
    });
    server.on('binary', (conn, data) => conn.send(data));
    server.on('message', (conn, text) => conn.send(text));
    await server.start();

    const tls = connectTls({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca: certs.ca });
    await once(tls, 'secureConnect');
    tls.write('\x00raw');
    const [echo] = (await once(tls, 'data')) as [Buffer];
    expect(echo.toString('latin1')).toBe('\x00raw');
    tls.destroy();

    const ws = new WebSocket(`wss://localhost:${server.port}`, { ca: certs.ca });
    await once(ws, 'open');
    ws.send('over tls');
    const [reply] = await once(ws, 'message');
    expect(reply.toString()).toBe('over tls');
    ws.close();
    await once(ws, 'close');
  });

  it('drops what the hook refuses, what it fails on, and what arrives at maxConnections', async () => {
    let answer: () => boolean | Promise<boolean> = () => false;
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxConnections: 1, unknownProtocol: () => answer() });
    await server.start();
    for (const hook of [() => false, () => Promise.reject(new SgcError(ErrorCode.InvalidState, 'no'))]) {
      answer = hook;
      const socket = await tcpClient(server.port);
      socket.write('\x01\x02');
      await once(socket, 'close');
    }
    answer = () => true;
    const kept = await tcpClient(server.port);
    const connected = once(server, 'connect');
    kept.write('one');
    await connected;
    const refused = await tcpClient(server.port);
    refused.write('two');
    await once(refused, 'close');
    expect(server.count).toBe(1);
  });

  it('closes sockets that send nothing within the handshake timeout', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, handshakeTimeout: 300, unknownProtocol: () => true });
    await server.start();
    const silent = await tcpClient(server.port);
    const slowHttp = await tcpClient(server.port);
    slowHttp.write('GET / HTTP/1.1\r\n');
    // Read what arrives (a 408 for the HTTP one), or the sockets never see their end.
    silent.resume();
    slowHttp.resume();
    const started = Date.now();
    await Promise.all([once(silent, 'close'), once(slowHttp, 'close')]);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(server.count).toBe(0);
  });
});
