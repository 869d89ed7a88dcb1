import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import WebSocket from 'ws';
import { SseParser, type SseMessage } from '@sgc/frame';
import { testCertificates } from '@sgc/test-certs';

// The CLI is tested as users run it: the built binary in a child process.
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const children: ChildProcess[] = [];
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sgc-serve-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts `sgc serve` on a free port and returns its URL from the line it prints. */
async function serve(...args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [main, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  const match = /^listening on (https?:\/\/127\.0\.0\.1:\d+)$/.exec(line);
  expect(match, line).not.toBeNull();
  return { child, url: match![1]! };
}

/** Reads event-stream events until `count` arrived. */
function events(url: string, count: number): Promise<SseMessage[]> {
  return new Promise((resolve, reject) => {
    const received: SseMessage[] = [];
    const req = get(url, { headers: { accept: 'text/event-stream' } }, (response) => {
      const parser = new SseParser({
        onEvent: (event) => {
          received.push(event);
          if (received.length === count) {
            req.destroy();
            resolve(received);
          }
        },
      });
      response.on('data', (chunk: Buffer) => parser.push(chunk));
    });
    req.on('error', (error) => received.length < count && reject(error));
  });
}

async function echo(url: string, options?: WebSocket.ClientOptions): Promise<string> {
  const ws = new WebSocket(url, options);
  await once(ws, 'open');
  ws.send('ping from test');
  const [data] = await once(ws, 'message');
  ws.close();
  return (data as Buffer).toString();
}

/** Subscribes and publishes with the sgc protocol on `protocol`; returns the published message as received. */
async function sgcRoundTrip(url: string, protocol: string): Promise<string> {
  const ws = new WebSocket(url, protocol);
  const messages: Array<Record<string, { method?: string; message?: unknown }>> = [];
  let wake = (): void => undefined;
  ws.on('message', (data) => {
    messages.push(JSON.parse(data.toString()) as Record<string, { method?: string }>);
    wake();
  });
  const next = async (method: string): Promise<unknown> => {
    for (;;) {
      const found = messages.find((message) => message.result?.method === method);
      if (found !== undefined) return found.result!.message;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  await once(ws, 'open');
  expect(ws.protocol).toBe(protocol);
  await next('sgc@session');
  ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'sgc@subscribe', params: { channel: 'demo' }, id: 1 }));
  await next('sgc@subscribe');
  ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'sgc@publish', params: { channel: 'demo', message: 'via the sgc protocol' }, id: 2 }));
  const message = await next('sgc@event');
  ws.close();
  return JSON.stringify(message);
}

/** Asks the dataset protocol for every record; returns how many the server announced. */
async function datasetRecordCount(url: string): Promise<number> {
  const ws = new WebSocket(url, 'dataset.esegece.com');
  await once(ws, 'open');
  ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'sgc@dataset@req@records', id: 1 }));
  for (;;) {
    const [data] = (await once(ws, 'message')) as [Buffer];
    const result = (JSON.parse(data.toString()) as { result?: { method?: string; dataset_recordcount?: number } }).result;
    if (result?.method === 'sgc@dataset@req@records@start') {
      ws.close();
      return result.dataset_recordcount!;
    }
  }
}

describe('sgc serve', () => {
  it('serves the demo page, the built-in page, an echo and the SSE clock on one port, and stops on SIGTERM', async () => {
    const { child, url } = await serve('--host', '127.0.0.1');
    const page = await request(`${url}/`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(await page.body.text()).toContain('sgc for Node.js');
    const script = await request(`${url}/demo.js`);
    expect(await script.body.text()).toContain('EventSource');

    expect(await echo(`${url.replace('http', 'ws')}/any/path`)).toBe('ping from test');
    expect(await sgcRoundTrip(url.replace('http', 'ws'), 'esegece.com')).toBe('"via the sgc protocol"');
    expect(await sgcRoundTrip(url.replace('http', 'ws'), 'webrtc.esegece.com')).toBe('"via the sgc protocol"');
    expect(await datasetRecordCount(url.replace('http', 'ws'))).toBe(3);
    const ticks = await events(`${url}/clock`, 2);
    expect(ticks[1]!.type).toBe('tick');
    expect(Number.isNaN(Date.parse(ticks[1]!.data))).toBe(false);

    child.kill('SIGTERM');
    const [exitCode] = await once(child, 'exit');
    expect(exitCode).toBe(0);
  });

  it('serves --root and asks for the --users credentials on pages and WebSockets', async () => {
    await writeFile(join(dir, 'index.html'), '<p>my root</p>');
    await writeFile(join(dir, 'users.txt'), '# demo users\nana=secret\n');
    const { url } = await serve('--root', dir, '--users', join(dir, 'users.txt'));
    const refused = await request(`${url}/`);
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['www-authenticate']).toContain('Basic realm="sgc"');
    await refused.body.dump();
    const authorization = `Basic ${Buffer.from('ana:secret').toString('base64')}`;
    const page = await request(`${url}/`, { headers: { authorization } });
    expect(await page.body.text()).toBe('<p>my root</p>');

    const ws = new WebSocket(url.replace('http', 'ws'));
    const [, response] = await once(ws, 'unexpected-response');
    expect(response.statusCode).toBe(401);
    expect(await echo(url.replace('http', 'ws'), { headers: { authorization } })).toBe('ping from test');
  });

  it('serves https and wss with --tls-cert and --tls-key', async () => {
    const certs = testCertificates();
    await writeFile(join(dir, 'server.crt'), certs.serverCert);
    await writeFile(join(dir, 'server.key'), certs.serverKey);
    const { url } = await serve('--tls-cert', join(dir, 'server.crt'), '--tls-key', join(dir, 'server.key'));
    expect(url).toMatch(/^https:/);
    const localhost = url.replace('127.0.0.1', 'localhost');
    const dispatcher = new Agent({ connect: { ca: certs.ca } });
    const page = await request(`${localhost}/`, { dispatcher });
    expect(page.statusCode).toBe(200);
    await page.body.dump();
    await dispatcher.close();
    expect(await echo(localhost.replace('https', 'wss'), { ca: certs.ca })).toBe('ping from test');
  });

  it('exits with 2 on bad flags', async () => {
    for (const args of [['--tls-cert', 'only-cert.pem'], ['--port', 'x'], ['--users', join(dir, 'missing.txt')]]) {
      const child = spawn(process.execPath, [main, 'serve', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += chunk));
      const [exitCode] = await once(child, 'exit');
      expect(exitCode, stderr).toBe(2);
      expect(stderr).toMatch(/^sgc: /);
    }
  });
});
