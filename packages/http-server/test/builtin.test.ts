import { beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { type HttpServer, type HttpServerOptions } from '../src/index.js';
import { startHttpServer } from './fixtures/http-server.js';
import { bundleBrowserJs } from './fixtures/browser-js.js';

let server: HttpServer | undefined;
beforeAll(() => bundleBrowserJs());

async function start(options: HttpServerOptions = {}): Promise<string> {
  const started = await startHttpServer(options);
  server = started.server;
  return started.base;
}

async function get(url: string, method: 'GET' | 'HEAD' | 'POST' = 'GET'): Promise<{ status: number; type: unknown; body: string }> {
  const response = await request(url, { method });
  return { status: response.statusCode, type: response.headers['content-type'], body: await response.body.text() };
}

describe('built-in files', () => {
  it('serves the test page and the browser library from @sgc/browser-js', async () => {
    const base = await start();
    const page = await get(`${base}/sgcWebSockets.html`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<script src="/sgcWebSockets.js"></script>');
    for (const button of ['open', 'close', 'status', 'send']) expect(page.body).toContain(`id="${button}"`);

    const script = await get(`${base}/sgcWebSockets.js?v=1`);
    expect(script.status).toBe(200);
    expect(script.type).toBe('text/javascript; charset=utf-8');
    // A classic script (no import/export) that defines the manual's globals.
    expect(script.body).toContain('sgcWebSocket');
    expect(script.body).toContain('sgcWSStreamRead');
    expect(script.body).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('answers HEAD with the headers only, and leaves other methods to the application', async () => {
    const base = await start();
    const head = await get(`${base}/sgcWebSockets.js`, 'HEAD');
    expect(head).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: '' });
    expect((await get(`${base}/sgcWebSockets.js`, 'POST')).status).toBe(404);
  });

  it('turns the page off with htmlFiles: false and the script with javascriptFiles: false', async () => {
    let base = await start({ htmlFiles: false });
    expect((await get(`${base}/sgcWebSockets.html`)).status).toBe(404);
    expect((await get(`${base}/sgcWebSockets.js`)).status).toBe(200);
    await server!.stop();
    base = await start({ javascriptFiles: false });
    expect((await get(`${base}/sgcWebSockets.js`)).status).toBe(404);
    expect((await get(`${base}/sgcWebSockets.html`)).status).toBe(200);
  });

  it('serves nothing for the protocol libraries that are not built yet', async () => {
    const base = await start();
    for (const path of ['/esegece.com.js', '/dataset.esegece.com.js', '/presence.esegece.com.js', '/webrtc.esegece.com.js', '/esegece.com.html']) {
      expect((await get(`${base}${path}`)).status).toBe(404);
    }
  });
});
