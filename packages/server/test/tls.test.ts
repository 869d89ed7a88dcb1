import { once } from 'node:events';
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
