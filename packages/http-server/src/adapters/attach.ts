/**
 * Attaching sgc to an HTTP server another framework owns (the manual's "WebBroker bridge"):
 * the framework keeps its routes, sgc adds WebSocket and server-sent events on the same port.
 *
 * @module
 */
import { Server as NodeHttpServer } from 'node:http';
import type { Http2SecureServer, Http2Server } from 'node:http2';
import { Server as NodeHttpsServer } from 'node:https';
import { ErrorCode, SgcError } from '@sgc/frame';
import { HttpServer } from '../http-server.js';
import type { HttpServerOptions } from '../http-server-options.js';

/**
 * Options of an sgc server attached to another framework's HTTP server: every
 * {@link HttpServerOptions} except those about listening (`server`, `host`, `port`, `bindings`,
 * `tls`), which the framework's server settles. The framework answers the requests sgc leaves,
 * so `documentRoot`, `commandGet`, `commandOther` and `keepAlive` have no effect there.
 */
export type AttachOptions = Omit<HttpServerOptions, 'server' | 'host' | 'port' | 'bindings' | 'tls'>;

/**
 * The servers the adapters accept: Node's HTTP and HTTPS servers. HTTP/2 servers are in the type
 * because frameworks type their servers so (`@hono/node-server`'s `serve()` returns the union),
 * but sgc attaches to HTTP/1 ones only and refuses the others when called.
 */
export type AttachableServer = NodeHttpServer | NodeHttpsServer | Http2Server | Http2SecureServer;

/**
 * Creates an sgc server on an existing `http.Server` or `https.Server` without starting it: its
 * `upgrade` requests will become WebSocket connections once `start()` is called. The adapters
 * create theirs with this, so that their middleware can hold the server before it starts.
 *
 * @param server - the framework's HTTP/1 server, listening or not
 * @param options - sgc's settings; see {@link AttachOptions}. @defaultValue `{}`
 * @returns the sgc server, not started
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` when `server` is not an
 *   `http.Server` or `https.Server` (an HTTP/2 server, for example)
 * @example
 * ```ts
 * const sgc = createAttached(server, { allowedOrigins: ['https://example.com'] });
 * app.use(sgcExpress(sgc));
 * await sgc.start();
 * ```
 */
export function createAttached(server: AttachableServer, options: AttachOptions = {}): HttpServer {
  return new HttpServer({ ...options, server: http1(server) });
}

/** The server, when it is an HTTP/1 one (frameworks' server types include HTTP/2 ones). */
function http1(server: AttachableServer): NodeHttpServer | NodeHttpsServer {
  if (server instanceof NodeHttpServer || server instanceof NodeHttpsServer) return server;
  throw new SgcError(ErrorCode.InvalidArgument, 'sgc attaches to an http.Server or https.Server (not HTTP/2)');
}

/**
 * Creates an sgc server on an existing `http.Server` or `https.Server` and starts it: WebSocket
 * upgrades on that server become sgc connections. The requests sgc answers itself (event
 * streams, SSE post-backs, the session endpoint, the built-in pages) still need the framework to
 * hand them over: use the framework's adapter ({@link mountExpress}, {@link mountFastify},
 * {@link mountHono}), or call `sgc.handleRequest(req, res)` first in your own request handler.
 *
 * Stop it with `await sgc.stop()` before closing the HTTP server: its WebSocket and SSE
 * connections would otherwise keep `server.close()` waiting.
 *
 * @param server - the framework's server, e.g. what `app.listen()` or `http.createServer(app)` returns
 * @param options - sgc's settings; see {@link AttachOptions}. @defaultValue `{}`
 * @returns the started sgc server
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` when `server` is not an
 *   `http.Server` or `https.Server`
 * @example
 * ```ts
 * const server = http.createServer((req, res) => sgc.handleRequest(req, res) || legacy(req, res));
 * const sgc = await attachSgc(server);
 * sgc.on('message', (conn, text) => conn.send(text));
 * server.listen(8080);
 * ```
 */
export async function attachSgc(server: AttachableServer, options: AttachOptions = {}): Promise<HttpServer> {
  const sgc = createAttached(server, options);
  await sgc.start();
  return sgc;
}
