import { createHash } from 'node:crypto';
import { readdir, readlink, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveFile, serveStatic, type StaticOptions } from '../src/static/index.js';
import { BIG_SIZE, BLOB, HELLO_TEXT, makeStaticTree, type StaticTree } from './fixtures/static/tree.js';
import { NOT_FOUND_BODY, startServer, type TestServer } from './fixtures/static/server.js';

let tree: StaticTree;
let server: TestServer;
const agent = new Agent();

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

async function fetchPath(path: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' | 'POST' = 'GET'): Promise<Reply> {
  const response = await request(`http://127.0.0.1:${server.port}${path}`, { method, headers, dispatcher: agent });
  return { status: response.statusCode, headers: response.headers, body: Buffer.from(await response.body.arrayBuffer()) };
}

beforeAll(async () => {
  tree = await makeStaticTree();
  const options: StaticOptions = { root: tree.root, contentTypes: { log: 'text/x-log' } };
  server = await startServer(async (req, res) => {
    // Handler routes for serveFile: the path is chosen by the handler, not the client.
    if (req.url === '/serve-file/blob') return serveFile(req, res, join(tree.root, 'blob.bin'), { cacheControl: 'max-age=60' });
    if (req.url === '/serve-file/missing') return serveFile(req, res, join(tree.root, 'missing.bin'));
    return serveStatic(req, res, options);
  });
});

afterAll(async () => {
  await agent.close();
  await server?.close();
  await tree?.remove();
});

describe('serveStatic content', () => {
  it.each([
    ['/hello.txt', 'text/plain; charset=utf-8'],
    ['/page.html', 'text/html; charset=utf-8'],
    ['/style.css', 'text/css; charset=utf-8'],
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/data.json', 'application/json; charset=utf-8'],
    ['/blob.bin', 'application/octet-stream'],
    ['/noext', 'application/octet-stream'],
    ['/app.log', 'text/x-log; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const reply = await fetchPath(path);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(type);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends utf-8 text and binary files byte for byte, with their length', async () => {
    const text = await fetchPath('/hello.txt');
    expect(text.body.toString('utf8')).toBe(HELLO_TEXT);
    expect(text.headers['content-length']).toBe(String(Buffer.byteLength(HELLO_TEXT)));
    const blob = await fetchPath('/blob.bin');
    expect(blob.body.equals(BLOB)).toBe(true);
    expect(blob.headers['content-length']).toBe('4096');
  });

  it('decodes percent-encoded names once and follows symbolic links that stay inside the root', async () => {
    expect((await fetchPath('/a%20b.txt')).body.toString()).toBe('spaced');
    expect((await fetchPath('/link-in')).body.toString()).toBe(HELLO_TEXT);
  });

  it('sends an empty file with Content-Length 0', async () => {
    const reply = await fetchPath('/empty.txt', { Range: 'bytes=0-' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe('0');
    expect(reply.body.length).toBe(0);
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const get = await fetchPath('/blob.bin');
    const head = await fetchPath('/blob.bin', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'accept-ranges', 'cache-control']) {
      expect(head.headers[name], name).toBe(get.headers[name]);
    }
  });

  it('leaves other methods and missing files to the caller', async () => {
    expect((await fetchPath('/hello.txt', {}, 'POST')).body.toString()).toBe(NOT_FOUND_BODY);
    const missing = await fetchPath('/nope.txt');
    expect([missing.status, missing.body.toString()]).toEqual([404, NOT_FOUND_BODY]);
  });

  it('streams a large file completely', async () => {
    const reply = await fetchPath('/big.bin');
    expect(reply.body.length).toBe(BIG_SIZE);
    const expected = createHash('sha256').update(Buffer.alloc(BIG_SIZE, 'abcdefgh')).digest('hex');
    expect(createHash('sha256').update(reply.body).digest('hex')).toBe(expected);
  });
});

describe('serveStatic validators and conditional requests', () => {
  it('sends a weak ETag from size and mtime, Last-Modified, Cache-Control and Accept-Ranges', async () => {
    const stats = await stat(join(tree.root, 'hello.txt'));
    const reply = await fetchPath('/hello.txt');
    expect(reply.headers.etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    expect(reply.headers['last-modified']).toBe(stats.mtime.toUTCString());
    expect(reply.headers['cache-control']).toBe('no-cache');
    expect(reply.headers['accept-ranges']).toBe('bytes');
  });

  it('answers 304 to a matching If-None-Match (single, listed, weakly compared, or *), without a body', async () => {
    const { headers } = await fetchPath('/hello.txt');
    const etag = String(headers.etag);
    for (const value of [etag, `"other", ${etag}`, etag.slice(2), '*']) {
      const reply = await fetchPath('/hello.txt', { 'If-None-Match': value });
      expect(reply.status, value).toBe(304);
      expect(reply.body.length).toBe(0);
      expect(reply.headers.etag).toBe(etag);
      expect(reply.headers['cache-control']).toBe('no-cache');
    }
    expect((await fetchPath('/hello.txt', { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('answers 304 to If-Modified-Since at or after Last-Modified, 200 before it', async () => {
    const { headers } = await fetchPath('/hello.txt');
    const lastModified = String(headers['last-modified']);
    expect((await fetchPath('/hello.txt', { 'If-Modified-Since': lastModified })).status).toBe(304);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await fetchPath('/hello.txt', { 'If-Modified-Since': earlier })).status).toBe(200);
    expect((await fetchPath('/hello.txt', { 'If-Modified-Since': 'not a date' })).status).toBe(200);
  });

  it('lets If-None-Match override If-Modified-Since (RFC 9110 §13.1.3)', async () => {
    const { headers } = await fetchPath('/hello.txt');
    const reply = await fetchPath('/hello.txt', { 'If-None-Match': '"other"', 'If-Modified-Since': String(headers['last-modified']) });
    expect(reply.status).toBe(200);
  });

  it('answers 412 when If-Match or If-Unmodified-Since fails', async () => {
    const { headers } = await fetchPath('/hello.txt');
    const lastModified = Date.parse(String(headers['last-modified']));
    expect((await fetchPath('/hello.txt', { 'If-Match': '"other"' })).status).toBe(412);
    // Our tag is weak and If-Match compares strongly (§13.1.1): even our own tag fails.
    expect((await fetchPath('/hello.txt', { 'If-Match': String(headers.etag) })).status).toBe(412);
    expect((await fetchPath('/hello.txt', { 'If-Match': '*' })).status).toBe(200);
    expect((await fetchPath('/hello.txt', { 'If-Unmodified-Since': new Date(lastModified - 1000).toUTCString() })).status).toBe(412);
    expect((await fetchPath('/hello.txt', { 'If-Unmodified-Since': new Date(lastModified).toUTCString() })).status).toBe(200);
  });
});

describe('serveStatic ranges', () => {
  const range = (value: string, extra: Record<string, string> = {}): Promise<Reply> => fetchPath('/blob.bin', { Range: value, ...extra });

  it('answers a closed range with 206, Content-Range and exactly those bytes', async () => {
    const reply = await range('bytes=10-19');
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe('bytes 10-19/4096');
    expect(reply.headers['content-length']).toBe('10');
    expect(reply.body.equals(BLOB.subarray(10, 20))).toBe(true);
  });

  it('answers a suffix range with the last bytes and an open-ended range with the rest', async () => {
    const suffix = await range('bytes=-100');
    expect([suffix.status, suffix.headers['content-range']]).toEqual([206, 'bytes 3996-4095/4096']);
    expect(suffix.body.equals(BLOB.subarray(3996))).toBe(true);
    const open = await range('bytes=4000-');
    expect([open.status, open.headers['content-range']]).toEqual([206, 'bytes 4000-4095/4096']);
    expect(open.body.equals(BLOB.subarray(4000))).toBe(true);
  });

  it('clips a range past the end and takes a suffix longer than the file as the whole file', async () => {
    expect((await range('bytes=4090-9999')).headers['content-range']).toBe('bytes 4090-4095/4096');
    const all = await range('bytes=-10000');
    expect([all.status, all.headers['content-range']]).toEqual([206, 'bytes 0-4095/4096']);
    expect(all.body.equals(BLOB)).toBe(true);
  });

  it('answers an unsatisfiable range with 416 and Content-Range: bytes */size', async () => {
    for (const value of ['bytes=4096-', 'bytes=5000-6000', 'bytes=-0']) {
      const reply = await range(value);
      expect(reply.status, value).toBe(416);
      expect(reply.headers['content-range']).toBe('bytes */4096');
      expect(reply.body.length).toBe(0);
    }
  });

  it('sends the whole file with 200 for several ranges, another unit or invalid syntax', async () => {
    for (const value of ['bytes=0-1,5-6', 'items=0-1', 'bytes=9-3', 'bytes=abc']) {
      const reply = await range(value);
      expect(reply.status, value).toBe(200);
      expect(reply.body.equals(BLOB)).toBe(true);
    }
  });

  it('honours If-Range only while the date still matches', async () => {
    const { headers } = await fetchPath('/blob.bin');
    const lastModified = String(headers['last-modified']);
    expect((await range('bytes=0-9', { 'If-Range': lastModified })).status).toBe(206);
    const stale = await range('bytes=0-9', { 'If-Range': new Date(Date.parse(lastModified) - 1000).toUTCString() });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(BLOB)).toBe(true);
    // An entity tag in If-Range is compared strongly; ours is weak, so the whole file comes back.
    expect((await range('bytes=0-9', { 'If-Range': String(headers.etag) })).status).toBe(200);
    expect((await range('bytes=0-9', { 'If-Range': '"other"' })).status).toBe(200);
  });

  it('ignores Range on HEAD (range handling is defined for GET only)', async () => {
    const reply = await fetchPath('/blob.bin', { Range: 'bytes=0-9' }, 'HEAD');
    expect([reply.status, reply.headers['content-length'], reply.headers['content-range']]).toEqual([200, '4096', undefined]);
  });
});

describe('serveStatic directories', () => {
  it('redirects /dir to /dir/ with 301, keeping the query, when an index exists', async () => {
    const reply = await fetchPath('/sub?x=1');
    expect(reply.status).toBe(301);
    expect(reply.headers.location).toBe('/sub/?x=1');
  });

  it('serves index.html, then index.htm, for /dir/', async () => {
    const sub = await fetchPath('/sub/');
    expect([sub.status, sub.headers['content-type'], sub.body.toString()]).toEqual([200, 'text/html; charset=utf-8', '<h1>sub</h1>']);
    expect((await fetchPath('/htm/')).body.toString()).toBe('<h1>htm</h1>');
  });

  it('never lists a directory and refuses a file with a trailing slash', async () => {
    for (const path of ['/', '/empty', '/empty/', '/hello.txt/']) {
      const reply = await fetchPath(path);
      expect([reply.status, reply.body.toString()], path).toEqual([404, NOT_FOUND_BODY]);
    }
  });
});

describe('serveFile', () => {
  it('sends the chosen file with its options and the range logic', async () => {
    const whole = await fetchPath('/serve-file/blob');
    expect([whole.status, whole.headers['cache-control'], whole.headers['content-type']]).toEqual([200, 'max-age=60', 'application/octet-stream']);
    expect(whole.body.equals(BLOB)).toBe(true);
    const part = await fetchPath('/serve-file/blob', { Range: 'bytes=-4' });
    expect([part.status, part.headers['content-range']]).toEqual([206, 'bytes 4092-4095/4096']);
    expect((await fetchPath('/serve-file/blob', { 'If-None-Match': String(whole.headers.etag) })).status).toBe(304);
  });

  it('resolves false for a missing file, leaving the response to the caller', async () => {
    const reply = await fetchPath('/serve-file/missing');
    expect([reply.status, reply.body.toString()]).toEqual([404, NOT_FOUND_BODY]);
  });
});

/** How many descriptors this process holds open on a file (Linux: /proc/self/fd). */
async function openDescriptors(path: string): Promise<number> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target === path).length;
}

describe('serveStatic streaming', () => {
  it('survives a client that aborts mid-file and keeps serving', async () => {
    const before = server.handled.length;
    const socket = connect(server.port, '127.0.0.1');
    socket.write('GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    let received = 0;
    await new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > 64 * 1024) {
          socket.destroy();
          resolve();
        }
      });
    });
    expect(received).toBeLessThan(BIG_SIZE);
    await expect(server.handled[before]).resolves.toBe(true);
    await vi.waitFor(async () => expect(await openDescriptors(join(tree.root, 'big.bin'))).toBe(0)); // the file was closed
    expect((await fetchPath('/hello.txt')).body.toString()).toBe(HELLO_TEXT);
  });

  it('holds back reads while the client does not read (backpressure)', async () => {
    const before = server.responses.length;
    const socket = connect(server.port, '127.0.0.1');
    socket.write('GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    socket.pause();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const response = server.responses[before];
    expect(response).toBeDefined();
    // Without backpressure the whole 16 MiB would sit in the response's buffer.
    expect(response?.writableLength ?? Infinity).toBeLessThan(1024 * 1024);
    expect(await openDescriptors(join(tree.root, 'big.bin'))).toBe(1); // still streaming
    socket.destroy();
    await expect(server.handled[before]).resolves.toBe(true);
    await vi.waitFor(async () => expect(await openDescriptors(join(tree.root, 'big.bin'))).toBe(0));
  });
});
