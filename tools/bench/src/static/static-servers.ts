/**
 * The two static file servers the static bench compares: sgc's `HttpServer`
 * with a `documentRoot`, and the floor, a plain `node:http` server that
 * streams the same file from disk with only the headers it must send. The
 * floor knows its files' sizes in advance and checks nothing; sgc resolves the
 * path safely, stats and opens the file, and sends validators, so the
 * difference is the price of those.
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { BENCH_HOST } from '../impl/types.js';
import { loadSgcHttpServerModule } from '../impl/sgc-api.js';
import { listenOnBenchHost } from '../impl/listen.js';
import type { StaticFile } from './static-files.js';

/** sgc, and `http`: plain `node:http`, the floor. */
export type StaticImpl = 'sgc' | 'http';

/** Both, in the order each round measures them. */
export const STATIC_IMPLS: readonly StaticImpl[] = ['sgc', 'http'];

/** A running static file server. */
export interface StaticServer {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts a server of `impl` on {@link BENCH_HOST}, port chosen by the OS, serving `root`.
 *
 * @param impl - which server
 * @param root - the document root
 * @param files - the files in it (the floor serves exactly these)
 * @returns the running server
 * @throws Error when sgc cannot be loaded or the server does not start
 */
export async function startStaticServer(impl: StaticImpl, root: string, files: readonly StaticFile[]): Promise<StaticServer> {
  return impl === 'sgc' ? startSgc(root) : startFloor(root, files);
}

async function startSgc(root: string): Promise<StaticServer> {
  const { HttpServer } = await loadSgcHttpServerModule();
  const server = new HttpServer({ host: BENCH_HOST, port: 0, documentRoot: root });
  await server.start();
  return { port: server.port, stop: () => server.stop() };
}

async function startFloor(root: string, files: readonly StaticFile[]): Promise<StaticServer> {
  const byPath = new Map(files.map((file) => [file.urlPath, { path: join(root, file.urlPath.slice(1)), size: file.size }]));
  const server = createServer((request, response) => {
    const file = request.method === 'GET' ? byPath.get(request.url ?? '') : undefined;
    if (!file) {
      response.writeHead(404, { 'content-length': 0 }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html', 'content-length': file.size });
    // Streamed from disk like HttpServer does, so both do the same I/O.
    const stream = createReadStream(file.path);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  });
  return {
    port: await listenOnBenchHost(server),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
