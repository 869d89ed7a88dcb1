import { once } from 'node:events';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server } from 'node:net';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer as WsServer } from 'ws';
import { ErrorCode } from '@sgc/frame';
import { testCertificates } from '@sgc/test-certs';
import { WebSocketClient } from '../src/index.js';

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listening<T extends Server | WsServer>(server: T): Promise<number> {
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => {
    if (server instanceof WsServer) for (const ws of server.clients) ws.terminate();
    server.close(() => resolve());
  }));
  return (server.address() as { port: number }).port;
}

describe('connect()', () => {
  it('rejects with a timeout when the server never answers the handshake', async () => {
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
    const port = await listening(silent);
    cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}` });
    await expect(client.connect({ timeout: 100 })).rejects.toMatchObject({ code: ErrorCode.Timeout });
    expect(client.isOpen).toBe(false);
  });

  it('rejects when aborted through its signal', async () => {
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
    const port = await listening(silent);
    cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}` });
    const controller = new AbortController();
    const pending = client.connect({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.Aborted });
  });

  it('is cancelled by close() while connecting', async () => {
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
    const port = await listening(silent);
    cleanups.push(() => sockets.forEach((socket) => socket.destroy()));
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}` });
    const pending = client.connect();
    await client.close();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.Aborted });
  });

  it('rejects with the HTTP status when the server refuses the upgrade', async () => {
    const server = new WsServer({ host: '127.0.0.1', port: 0, verifyClient: (_info, callback) => callback(false, 401) });
    const port = await listening(server);
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}` });
    await expect(client.connect()).rejects.toMatchObject({ code: ErrorCode.HandshakeFailed, status: 401 });
  });

  it('rejects a refused TCP connection with a socket error', async () => {
    const probe = createNetServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}` });
    await expect(client.connect()).rejects.toMatchObject({ code: ErrorCode.Socket });
  });

  it('refuses URLs it cannot speak', () => {
    expect(() => new WebSocketClient({ url: 'ftp://127.0.0.1/' })).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
    expect(() => new WebSocketClient({ url: 'ws://127.0.0.1/#frag' })).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });

  it('negotiates a sub-protocol and sends extra headers and the origin', async () => {
    const server = new WsServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => (offered.has('v2') ? 'v2' : false) });
    const port = await listening(server);
    const client = new WebSocketClient({
      url: `ws://127.0.0.1:${port}/path?q=1`,
      protocols: ['v1', 'v2'],
      headers: { 'X-Token': 'abc' },
      origin: 'http://example.test',
    });
    const [[, request]] = await Promise.all([once(server, 'connection'), client.connect()]);
    expect(client.protocol).toBe('v2');
    expect(request.url).toBe('/path?q=1');
    expect(request.headers['x-token']).toBe('abc');
    expect(request.headers.origin).toBe('http://example.test');
    await client.close();
  });

  it('fails the handshake when the server picks a protocol that was not offered', async () => {
    const server = new WsServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'other' });
    const port = await listening(server);
    const client = new WebSocketClient({ url: `ws://127.0.0.1:${port}`, protocols: ['mine'] });
    await expect(client.connect()).rejects.toMatchObject({ code: ErrorCode.HandshakeFailed });
  });
});

describe('wss', () => {
  async function tlsEcho(options: { requestCert?: boolean } = {}): Promise<number> {
    const certs = testCertificates();
    const https = createHttpsServer({
      cert: certs.serverCert,
      key: certs.serverKey,
      ca: certs.ca,
      requestCert: options.requestCert ?? false,
      rejectUnauthorized: options.requestCert ?? false,
      ALPNProtocols: ['sgc-test', 'http/1.1'],
    });
    const wss = new WsServer({ server: https });
    wss.on('connection', (ws, request) => {
      const peer = (request.socket as TLSSocket).getPeerCertificate();
      ws.send(`hello ${peer.subject?.CN ?? 'anonymous'}`);
    });
    https.listen(0, '127.0.0.1');
    const port = await listening(https as unknown as Server);
    cleanups.push(() => wss.clients.forEach((ws) => ws.terminate()));
    return port;
  }

  it('connects when it trusts the CA', async () => {
    const port = await tlsEcho();
    const client = new WebSocketClient({ url: `wss://localhost:${port}`, tls: { ca: testCertificates().ca } });
    const greeting = once(client, 'message');
    await client.connect();
    expect((await greeting)[0]).toBe('hello anonymous');
    await client.close();
  });

  it('presents a client certificate for mutual TLS', async () => {
    const port = await tlsEcho({ requestCert: true });
    const certs = testCertificates();
    const client = new WebSocketClient({
      url: `wss://localhost:${port}`,
      tls: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey },
    });
    const greeting = once(client, 'message');
    await client.connect();
    expect((await greeting)[0]).toBe('hello sgc-test-client');
    await client.close();
  });

  it('presents a client certificate from a PFX file with its passphrase', async () => {
    const port = await tlsEcho({ requestCert: true });
    const certs = testCertificates();
    const client = new WebSocketClient({
      url: `wss://localhost:${port}`,
      tls: { ca: certs.ca, pfx: certs.clientPfx, passphrase: certs.pfxPassphrase },
    });
    const greeting = once(client, 'message');
    await client.connect();
    expect((await greeting)[0]).toBe('hello sgc-test-client');
    await client.close();
  });

  it('offers ALPN protocols and exposes the one the server chose', async () => {
    const port = await tlsEcho();
    const client = new WebSocketClient({
      url: `wss://localhost:${port}`,
      tls: { ca: testCertificates().ca, ALPNProtocols: ['sgc-test'], minVersion: 'TLSv1.2' },
    });
    await client.connect();
    expect(client.alpnProtocol).toBe('sgc-test');
    await client.close();
  });

  it('lets verifyPeer inspect the certificate and refuse the connection', async () => {
    const port = await tlsEcho();
    const subjects: string[] = [];
    const refusing = new WebSocketClient({
      url: `wss://localhost:${port}`,
      tls: { ca: testCertificates().ca },
      verifyPeer: (certificate) => {
        subjects.push(String(certificate.subject.CN));
        return false;
      },
    });
    await expect(refusing.connect()).rejects.toMatchObject({ code: ErrorCode.Socket, message: expect.stringMatching(/verifyPeer refused/) });
    expect(subjects).toEqual(['localhost']);
    const accepting = new WebSocketClient({
      url: `wss://localhost:${port}`,
      tls: { ca: testCertificates().ca },
      verifyPeer: (certificate) => certificate.subject.CN === 'localhost',
    });
    await accepting.connect();
    await accepting.close();
  });

  it('connects to an untrusted certificate when verification is off', async () => {
    const port = await tlsEcho();
    const client = new WebSocketClient({ url: `wss://localhost:${port}`, tls: { rejectUnauthorized: false } });
    const greeting = once(client, 'message');
    await client.connect();
    expect((await greeting)[0]).toBe('hello anonymous');
    await client.close();
  });

  it('refuses a server certificate it does not trust', async () => {
    const port = await tlsEcho();
    const client = new WebSocketClient({ url: `wss://localhost:${port}` });
    await expect(client.connect()).rejects.toMatchObject({ code: ErrorCode.Socket });
  });
});
