import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';
import { RedisBackplane } from '@sgc/server';
import { HttpServer, type HttpServerOptions, type RequestHandler } from '../src/index.js';
import { startHttpServer } from './fixtures/http-server.js';

let server: HttpServer | undefined;

async function start(options: HttpServerOptions = {}): Promise<string> {
  const started = await startHttpServer(options);
  server = started.server;
  return started.base;
}

describe('request handlers', () => {
  it("answers GET through commandGet with the manual's fields, and passes untouched requests on to 404", async () => {
    const base = await start({
      commandGet: (req, res) => {
        if (req.document === '/hello world') {
          res.contentText = `hello ${req.query.get('name') ?? ''} from ${req.remoteIP}`;
          res.contentType = 'text/plain; charset=utf-8';
          res.headers['x-served-by'] = 'sgc';
        }
        if (req.document === '/created') res.status = 201;
      },
    });
    const hello = await request(`${base}/hello%20world?name=ana`);
    expect(hello.statusCode).toBe(200);
    expect(hello.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(hello.headers['x-served-by']).toBe('sgc');
    expect(await hello.body.text()).toBe('hello ana from 127.0.0.1');

    const created = await request(`${base}/created`);
    expect(created.statusCode).toBe(201);
    await created.body.dump();

    const head = await request(`${base}/hello%20world`, { method: 'HEAD' });
    expect(head.statusCode).toBe(200);
    expect(Number(head.headers['content-length'])).toBe('hello  from 127.0.0.1'.length);
    expect(await head.body.text()).toBe('');

    const missing = await request(`${base}/nothing`);
    expect(missing.statusCode).toBe(404);
    await missing.body.dump();
  });

  it('answers other methods through commandOther, reading the body within maxBodySize', async () => {
    const base = await start({
      limits: { maxBodySize: 16 },
      commandOther: async (req, res) => {
        res.contentText = `${req.method} ${await req.text()}`;
      },
    });
    const posted = await request(`${base}/echo`, { method: 'POST', body: 'small body' });
    expect(await posted.body.text()).toBe('POST small body');
    const put = await request(`${base}/echo`, { method: 'PUT', body: 'x' });
    expect(await put.body.text()).toBe('PUT x');
    const large = await request(`${base}/echo`, { method: 'POST', body: 'x'.repeat(100) });
    expect(large.statusCode).toBe(413);
    await large.body.dump();
  });

  it('asks for Basic credentials with authRealm and reads them back', async () => {
    const base = await start({
      commandGet: (req, res) => {
        if (req.authUsername === 'admin' && req.authPassword === 'pa:ss') res.contentText = 'welcome';
        else res.authRealm = 'admin "area"';
      },
    });
    const challenged = await request(`${base}/admin`);
    expect(challenged.statusCode).toBe(401);
    expect(challenged.headers['www-authenticate']).toBe('Basic realm="admin \\"area\\"", charset="UTF-8"');
    await challenged.body.dump();
    const authorization = `Basic ${Buffer.from('admin:pa:ss').toString('base64')}`;
    const allowed = await request(`${base}/admin`, { headers: { authorization } });
    expect(await allowed.body.text()).toBe('welcome');
  });

  it('answers 500 when a handler fails, reports it, and keeps serving', async () => {
    const failures: unknown[] = [];
    const base = await start({
      onRequestError: (error) => failures.push(error),
      commandGet: (req, res) => {
        if (req.document === '/boom') throw new Error('boom');
        res.contentText = 'fine';
      },
    });
    const failed = await request(`${base}/boom`);
    expect(failed.statusCode).toBe(500);
    await failed.body.dump();
    expect(failures).toEqual([new Error('boom')]);
    expect(await (await request(`${base}/ok`)).body.text()).toBe('fine');
  });

  it('serves WebSocket and HTTP on one port, keeping HTTP connections alive', async () => {
    const base = await start({ commandGet: (_req, res) => void (res.contentText = 'http') });
    server!.on('message', (conn, text) => conn.send(`ws ${text}`));
    const ws = new WebSocket(base.replace('http', 'ws'));
    await once(ws, 'open');
    ws.send('hi');
    const [reply] = await once(ws, 'message');
    expect((reply as Buffer).toString()).toBe('ws hi');
    ws.close();
    await once(ws, 'close');

    const first = await request(`${base}/a`);
    expect(first.headers.connection).toBe('keep-alive');
    expect(await first.body.text()).toBe('http');
  });

  it('closes connections after each response with keepAlive off', async () => {
    const base = await start({ keepAlive: false, commandGet: (_req, res) => void (res.contentText = 'once') });
    const response = await request(`${base}/`);
    expect(response.headers.connection).toBe('close');
    await response.body.dump();
  });
});

describe('document root', () => {
  it('serves files after the handler passes, with the index file, and serveFile from a handler', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sgc-root-'));
    try {
      await writeFile(join(root, 'start.html'), '<p>start</p>');
      await writeFile(join(root, 'data.json'), '{"a":1}');
      const outside = join(root, 'data.json');
      const base = await start({
        documentRoot: root,
        indexFiles: ['start.html'],
        commandGet: async (req, res) => {
          if (req.document === '/data.json') res.contentText = 'the handler comes first';
          if (req.document === '/report') await res.serveFile(outside);
        },
      });
      expect(await (await request(`${base}/`)).body.text()).toBe('<p>start</p>');
      expect(await (await request(`${base}/data.json`)).body.text()).toBe('the handler comes first');
      const report = await request(`${base}/report`);
      expect(report.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(await report.body.text()).toBe('{"a":1}');
      const missing = await request(`${base}/%2e%2e/etc/passwd`);
      expect(missing.statusCode).toBe(404);
      await missing.body.dump();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('maxBandwidth', () => {
  it('caps all file bodies together', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sgc-bandwidth-'));
    try {
      const size = 96 * 1024;
      await writeFile(join(root, 'a.bin'), Buffer.alloc(size, 1));
      await writeFile(join(root, 'b.bin'), Buffer.alloc(size, 2));
      const bytesPerSecond = 256 * 1024;
      const base = await start({ documentRoot: root, limits: { maxBandwidth: bytesPerSecond } });
      const started = performance.now();
      const bodies = await Promise.all(['a', 'b'].map(async (name) => (await request(`${base}/${name}.bin`)).body.arrayBuffer()));
      const elapsed = performance.now() - started;
      expect(bodies.map((body) => body.byteLength)).toEqual([size, size]);
      expect(new Uint8Array(bodies[1]!).every((byte) => byte === 2)).toBe(true);
      // A lower bound only: the two bodies share one bucket, so together they cannot beat its rate
      // (less the first burst of 50 ms); how much slower a loaded machine is does not matter.
      expect(elapsed).toBeGreaterThanOrEqual(((2 * size) / bytesPerSecond) * 1000 - 50 - 25);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('option checks', () => {
  it('refuses a negative bandwidth and a bad session timeout', () => {
    expect(() => new HttpServer({ limits: { maxBandwidth: -1 } })).toThrow(expect.objectContaining({ code: 'SGC_ERR_INVALID_ARGUMENT' }));
    expect(() => new HttpServer({ sessions: { timeout: 0 } })).toThrow(expect.objectContaining({ code: 'SGC_ERR_INVALID_ARGUMENT' }));
  });
});

describe('HTTP sessions', () => {
  it('starts sessions, keeps their data across requests, and ends them', async () => {
    const events: string[] = [];
    const base = await start({
      sessions: { autoStart: true, timeout: 60_000 },
      commandGet: async (req, res) => {
        const session = req.session!;
        if (req.document === '/end') {
          await server!.sessions!.end(session.id);
          res.contentText = 'ended';
          return;
        }
        const visits = Number(session.data.visits ?? 0) + 1;
        session.data.visits = visits;
        res.contentText = `visit ${visits}`;
      },
    });
    const sessions = server!.sessions!;
    sessions.on('create', (session) => events.push(`create ${session.remoteIP}`));
    sessions.on('start', () => events.push('start'));
    sessions.on('end', (_id, reason) => events.push(`end ${reason}`));
    sessions.on('invalid', () => events.push('invalid'));

    const first = await request(`${base}/`);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^sgcsession=[0-9a-f-]{36}$/);
    expect(String(first.headers['set-cookie'])).toContain('HttpOnly');
    expect(await first.body.text()).toBe('visit 1');
    const second = await request(`${base}/`, { headers: { cookie } });
    expect(second.headers['set-cookie']).toBeUndefined();
    expect(await second.body.text()).toBe('visit 2');
    expect(await (await request(`${base}/end`, { headers: { cookie } })).body.text()).toBe('ended');

    const afterEnd = await request(`${base}/`, { headers: { cookie } });
    expect(await afterEnd.body.text()).toBe('visit 1');
    expect(events).toEqual(['create 127.0.0.1', 'start', 'end ended', 'invalid', 'create 127.0.0.1', 'start']);
  });

  it('shares sessions between nodes through the Redis backplane', async () => {
    const prefix = `sgc-test-sessions-${randomUUID()}`;
    /** Counts the session's requests and names the node that answered. */
    const counter =
      (node: string): RequestHandler =>
      (req, res) => {
        const session = req.session!;
        session.data.hits = Number(session.data.hits ?? 0) + 1;
        res.contentText = `${node} ${String(session.data.hits)}`;
      };
    const nodes = ['a', 'b'].map(
      (node) =>
        new HttpServer({
          host: '127.0.0.1',
          port: 0,
          sessions: { autoStart: true },
          commandGet: counter(node),
          backplane: new RedisBackplane({ prefix }),
        }),
    );
    const [nodeA, nodeB] = nodes as [HttpServer, HttpServer];
    await Promise.all(nodes.map((node) => node.start()));
    try {
      const first = await request(`http://127.0.0.1:${nodeA.port}/`);
      const cookie = String(first.headers['set-cookie']).split(';')[0]!;
      expect(await first.body.text()).toBe('a 1');
      const second = await request(`http://127.0.0.1:${nodeB.port}/`, { headers: { cookie } });
      expect(second.headers['set-cookie']).toBeUndefined();
      expect(await second.body.text()).toBe('b 2');
      const id = cookie.split('=')[1]!;
      expect(await nodeB.sessions!.end(id)).toBe(true);
      expect(await nodeA.sessions!.get(id)).toBeUndefined();
    } finally {
      await Promise.all(nodes.map((node) => node.stop()));
    }
  });

  it('reports a session that timed out', async () => {
    const base = await start({ sessions: { autoStart: true, timeout: 100 }, commandGet: (_req, res) => void (res.contentText = 'x') });
    const ended = once(server!.sessions!, 'end');
    await (await request(`${base}/`)).body.dump();
    const [, reason] = await ended;
    expect(reason).toBe('timeout');
  });
});
