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

  it('serves the sgc protocol page and esegece.com.js, a classic script that defines sgcws', async () => {
    const base = await start();
    const page = await get(`${base}/esegece.com.html`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<script src="/esegece.com.js"></script>');
    for (const button of ['open', 'close', 'status', 'subscribe', 'unsubscribe', 'publish', 'rpc', 'starttransaction', 'commit', 'rollback', 'getsession']) {
      expect(page.body).toContain(`id="${button}"`);
    }

    const script = await get(`${base}/esegece.com.js`);
    expect(script.status).toBe(200);
    expect(script.type).toBe('text/javascript; charset=utf-8');
    for (const global of ['sgcws', 'sgcWebSocket', 'sgcWSStreamRead']) expect(script.body).toContain(global);
    expect(script.body).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('serves the presence page and presence.esegece.com.js, a classic script that defines sgcws_presence', async () => {
    const base = await start();
    const [page, script] = await Promise.all([get(`${base}/presence.esegece.com.html`), get(`${base}/presence.esegece.com.js`)]);
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.body).toContain('<script src="/presence.esegece.com.js"></script>');
    for (const id of ['open', 'close', 'name', 'info', 'join', 'subscribe', 'unsubscribe', 'publish', 'getmembers', 'members', 'log']) {
      expect(page.body).toContain(`id="${id}"`);
    }
    expect(script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    for (const global of ['sgcws_presence', 'sgcWebSocket', 'sgcWSStreamRead']) expect(script.body).toContain(global);
    expect(script.body).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('serves the WebRTC page and webrtc.esegece.com.js, a classic script that defines sgcws_webrtc', async () => {
    const base = await start();
    const [page, script] = await Promise.all([get(`${base}/webrtc.esegece.com.html`), get(`${base}/webrtc.esegece.com.js`)]);
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.body).toContain('<script src="/webrtc.esegece.com.js"></script>');
    for (const id of ['url', 'open', 'close', 'channel', 'connect', 'disconnect', 'local', 'remote', 'log']) expect(page.body).toContain(`id="${id}"`);
    expect(script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    for (const global of ['sgcws_webrtc', 'sgcws', 'sgcWebSocket', 'sgcWSStreamRead']) expect(script.body).toContain(global);
    expect(script.body).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('serves the dataset page and dataset.esegece.com.js, a classic script that defines sgcws_dataset', async () => {
    const base = await start();
    const [page, script] = await Promise.all([get(`${base}/dataset.esegece.com.html`), get(`${base}/dataset.esegece.com.js`)]);
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.body).toContain('<script src="/dataset.esegece.com.js"></script>');
    for (const id of ['url', 'open', 'close', 'subscribeall', 'unsubscribeall', 'synchronize', 'getmetadata', 'records', 'record', 'new', 'update', 'delete', 'log']) {
      expect(page.body).toContain(`id="${id}"`);
    }
    expect(script).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    for (const global of ['sgcws_dataset', 'sgcws', 'sgcWebSocket', 'sgcWSStreamRead']) expect(script.body).toContain(global);
    expect(script.body).not.toMatch(/^\s*(import|export)\s/m);
  });

  it('turns the pages off with htmlFiles: false and the scripts with javascriptFiles: false', async () => {
    const pages = ['/sgcWebSockets.html', '/esegece.com.html', '/presence.esegece.com.html', '/webrtc.esegece.com.html', '/dataset.esegece.com.html'];
    const scripts = ['/sgcWebSockets.js', '/esegece.com.js', '/presence.esegece.com.js', '/webrtc.esegece.com.js', '/dataset.esegece.com.js'];
    const statuses = async (base: string, paths: string[]) => Promise.all(paths.map(async (path) => (await get(`${base}${path}`)).status));
    let base = await start({ htmlFiles: false });
    expect(await statuses(base, pages)).toEqual(pages.map(() => 404));
    expect(await statuses(base, scripts)).toEqual(scripts.map(() => 200));
    await server!.stop();
    base = await start({ javascriptFiles: false });
    expect(await statuses(base, scripts)).toEqual(scripts.map(() => 404));
    expect(await statuses(base, pages)).toEqual(pages.map(() => 200));
  });
});
