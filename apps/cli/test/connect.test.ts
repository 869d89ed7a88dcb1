import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createHttpsServer } from 'node:https';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { testCertificates } from '@sgc/test-certs';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Runs `sgc ...` to completion and returns its exit code and output. */
async function sgc(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [main, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  if (input === undefined) child.stdin.end();
  else child.stdin.end(input);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

async function echoServer(options: ConstructorParameters<typeof WebSocketServer>[0] = {}): Promise<WebSocketServer> {
  const server = new WebSocketServer(options.server ? options : { host: '127.0.0.1', port: 0, ...options });
  server.on('connection', (ws, request) => {
    ws.on('message', (data) => ws.send(`echo ${data.toString()}`));
    if (request.headers['x-hello']) ws.send(`header ${request.headers['x-hello']}`);
  });
  if (!options.server) await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const ws of server.clients) ws.terminate();
    server.close(() => resolve());
  }));
  return server;
}

describe('sgc connect', () => {
  it('sends --send messages, prints every received text message on its own line, and exits 0', async () => {
    const server = await echoServer();
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
    const result = await sgc(['connect', url, '--send', 'one', '--send', 'two', '--wait-ms', '300', '--header', 'X-Hello: world']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n').sort()).toEqual(['echo one', 'echo two', 'header world']);
  });

  it('sends typed lines in interactive mode and closes at end of input', async () => {
    const server = await echoServer();
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
    const received: string[] = [];
    const closed = new Promise<number>((resolve) =>
      server.on('connection', (ws) => {
        ws.on('message', (data) => received.push(data.toString()));
        ws.on('close', (code) => resolve(code));
      }),
    );
    const result = await sgc(['connect', url], 'typed\n');
    expect(result.code).toBe(0);
    expect(await closed).toBe(1000);
    expect(received).toEqual(['typed']);
  });

  it('fails with one line when the server certificate is not trusted, and connects with --ca', async () => {
    const certs = testCertificates();
    const https = createHttpsServer({ cert: certs.serverCert, key: certs.serverKey });
    await echoServer({ server: https });
    https.listen(0, '127.0.0.1');
    await once(https, 'listening');
    cleanups.push(() => new Promise((resolve) => https.close(resolve)));
    const url = `wss://localhost:${(https.address() as { port: number }).port}`;
    const refused = await sgc(['connect', url, '--send', 'x']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/^sgc: .*(certificate|CERT)/i);

    const dir = mkdtempSync(join(tmpdir(), 'sgc-cli-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'ca.pem'), certs.ca);
    const trusted = await sgc(['connect', url, '--ca', join(dir, 'ca.pem'), '--send', 'secure', '--wait-ms', '200']);
    expect(trusted.code).toBe(0);
    expect(trusted.stdout.trim()).toBe('echo secure');
  });

  it('fails with one line when the handshake is refused', async () => {
    const server = await echoServer({ verifyClient: (_info, callback) => callback(false, 403) });
    const url = `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
    const result = await sgc(['connect', url, '--auth', 'basic:user:pass', '--send', 'x']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('sgc: Server refused the WebSocket handshake with HTTP 403');
  });

  it('exits 2 on a bad flag', async () => {
    const result = await sgc(['connect', 'ws://127.0.0.1:1', '--auth', 'magic:x']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('sgc: unknown --auth kind: magic (basic, token, session or url)');
  });
});
