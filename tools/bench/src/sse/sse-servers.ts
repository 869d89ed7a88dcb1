/**
 * The two SSE servers the SSE bench compares: sgc's `HttpServer`, where each
 * event stream on {@link SSE_PATH} is a server connection subscribed to the
 * channel of that path and `server.broadcast(text, { channel })` reaches it,
 * and the floor, a plain `node:http` server that keeps the open responses in
 * an array and writes `data: …\n\n` to each.
 *
 * @module
 */
import { createServer, type ServerResponse } from 'node:http';
import { BENCH_HOST } from '../impl/types.js';
import { loadSgcHttpServerModule } from '../impl/sgc-api.js';
import { listenOnBenchHost } from '../impl/listen.js';
import type { FanoutServer } from '../fanout/serve-server.js';

/** sgc, and `http`: plain `node:http`, the floor. */
export type SseImpl = 'sgc' | 'http';

/** Both, in the order each round measures them. */
export const SSE_IMPLS: readonly SseImpl[] = ['sgc', 'http'];

/** The path the clients open their streams on; for sgc also the channel broadcast to. */
export const SSE_PATH = '/fanout';

/** A running SSE server: it sends `text` as one event (`data: text`) to every open stream. */
export type SseServer = FanoutServer<string>;

/**
 * Starts a server of `impl` on {@link BENCH_HOST}, port chosen by the OS.
 *
 * @param impl - which server
 * @returns the running server
 * @throws Error when sgc cannot be loaded or the server does not start
 */
export async function startSseServer(impl: SseImpl): Promise<SseServer> {
  return impl === 'sgc' ? startSgc() : startFloor();
}

async function startSgc(): Promise<SseServer> {
  const { HttpServer } = await loadSgcHttpServerModule();
  // Default SSE settings (retry 3000 ms, a heartbeat comment every 15 s): what an application gets.
  const server = new HttpServer({ host: BENCH_HOST, port: 0 });
  await server.start();
  return { port: server.port, connectionCount: () => server.count, broadcast: (text) => server.broadcast(text, { channel: SSE_PATH }) };
}

async function startFloor(): Promise<SseServer> {
  const streams: ServerResponse[] = [];
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== SSE_PATH || !(request.headers.accept ?? '').includes('text/event-stream')) {
      response.writeHead(404, { 'content-length': 0 }).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    response.flushHeaders();
    // Like sgc: each event leaves at once, not after Nagle's delay.
    response.socket?.setNoDelay(true);
    streams.push(response);
    response.once('close', () => {
      const at = streams.indexOf(response);
      if (at >= 0) streams.splice(at, 1);
    });
  });
  return {
    port: await listenOnBenchHost(server),
    connectionCount: () => streams.length,
    broadcast: (text) => {
      // Formatted once per event, written to each stream: the least a server can do.
      const event = `data: ${text}\n\n`;
      for (const response of streams) response.write(event);
      return streams.length;
    },
  };
}
