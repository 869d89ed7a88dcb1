import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testCertificates } from '@sgc/test-certs';
import { WebSocketServer } from '../src/index.js';

let server: WebSocketServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('wss', () => {
  it('serves wss with PEM options and echoes to a client that trusts the CA', async () => {
    const certs = testCertificates();
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, tls: { cert: certs.serverCert, key: certs.serverKey } });
    server.on('message', (conn, text) => conn.send(text));
    await server.start();
    const ws = new WebSocket(`wss://localhost:${server.port}`, { ca: certs.ca });
    await once(ws, 'open');
    ws.send('secret');
    const [data] = await once(ws, 'message');
    expect(data.toString()).toBe('secret');
    ws.close();
    await once(ws, 'close');
  });

  it('is refused by a client that does not trust the certificate', async () => {
    const certs = testCertificates();
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, tls: { cert: certs.untrustedCert, key: certs.untrustedKey } });
    await server.start();
    const ws = new WebSocket(`wss://localhost:${server.port}`, { ca: certs.ca });
    const [error] = await once(ws, 'error');
    expect((error as NodeJS.ErrnoException).code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
    expect(server.count).toBe(0);
  });
});

describe('ALPN', () => {
  it('lets a hook choose the protocol from the client offer, on plain and sniffing bindings', async () => {
    const certs = testCertificates();
    const offers: string[][] = [];
    for (const unknownProtocol of [undefined, () => true]) {
      server = new WebSocketServer({
        host: '127.0.0.1',
        port: 0,
        ...(unknownProtocol ? { unknownProtocol } : {}),
        tls: {
          cert: certs.serverCert,
          key: certs.serverKey,
          ALPNCallback: ({ protocols }) => {
            offers.push(protocols);
            return protocols.find((protocol) => protocol.startsWith('sgc/'));
          },
        },
      });
      await server.start();
      // ws hands its options to tls.connect(), ALPN included.
      const offer: WebSocket.ClientOptions & ConnectionOptions = { ca: certs.ca, ALPNProtocols: ['http/1.1', 'sgc/2'] };
      const ws = new WebSocket(`wss://localhost:${server.port}`, offer);
      await once(ws, 'open');
      const conn = [...server.connections.values()][0]!;
      expect((conn.session.socket as TLSSocket).alpnProtocol).toBe('sgc/2');
      ws.close();
      await once(ws, 'close');

      const h2Only: WebSocket.ClientOptions & ConnectionOptions = { ca: certs.ca, ALPNProtocols: ['h2'] };
      const refused = new WebSocket(`wss://localhost:${server.port}`, h2Only);
      const [error] = await once(refused, 'error');
      // The server answers the handshake with a no_application_protocol alert (RFC 7301 §3.2).
      expect((error as NodeJS.ErrnoException).code).toBe('EPROTO');
      expect((error as Error).message).toMatch(/no application protocol/i);
      await server.stop();
    }
    expect(offers).toEqual([['http/1.1', 'sgc/2'], ['h2'], ['http/1.1', 'sgc/2'], ['h2']]);
  });
});

describe('bindings', () => {
  it('serves plain and TLS on two bindings at once, with one set of connections', async () => {
    const certs = testCertificates();
    server = new WebSocketServer({
      bindings: [
        { host: '127.0.0.1', port: 0 },
        { host: '127.0.0.1', port: 0, tls: { cert: certs.serverCert, key: certs.serverKey } },
      ],
    });
    server.on('message', (conn, text) => conn.send(`${text} ok`));
    await server.start();
    const [plain, secure] = server.addresses;
    expect(server.port).toBe(plain!.port);
    const ws = new WebSocket(`ws://127.0.0.1:${plain!.port}`);
    const wss = new WebSocket(`wss://localhost:${secure!.port}`, { ca: certs.ca });
    await Promise.all([once(ws, 'open'), once(wss, 'open')]);
    expect(server.count).toBe(2);
    ws.send('plain');
    wss.send('secure');
    const [[a], [b]] = await Promise.all([once(ws, 'message'), once(wss, 'message')]);
    expect([a.toString(), b.toString()]).toEqual(['plain ok', 'secure ok']);
    ws.close();
    wss.close();
  });
});

describe('path-scoped bindings', () => {
  it('serves each binding only under its URL prefix', async () => {
    server = new WebSocketServer({
      bindings: [
        { host: '127.0.0.1', port: 0, path: '/ws/' },
        { host: '127.0.0.1', port: 0 },
      ],
    });
    server.on('message', (conn, text) => conn.send(`${conn.url} ${text}`));
    await server.start();
    const [scoped, open] = server.addresses;
    const inside = new WebSocket(`ws://127.0.0.1:${scoped!.port}/ws/chat`);
    await once(inside, 'open');
    inside.send('hi');
    const [reply] = await once(inside, 'message');
    expect((reply as Buffer).toString()).toBe('/ws/chat hi');
    inside.close();

    const outside = new WebSocket(`ws://127.0.0.1:${scoped!.port}/other`);
    const [, response] = (await once(outside, 'unexpected-response')) as [unknown, IncomingMessage];
    expect(response.statusCode).toBe(400);
    const page = await fetch(`http://127.0.0.1:${scoped!.port}/other`);
    expect(page.status).toBe(404);
    const prefixItself = await fetch(`http://127.0.0.1:${scoped!.port}/ws`);
    expect(prefixItself.status).toBe(426);

    const anywhere = new WebSocket(`ws://127.0.0.1:${open!.port}/other`);
    await once(anywhere, 'open');
    anywhere.close();
  });
});
