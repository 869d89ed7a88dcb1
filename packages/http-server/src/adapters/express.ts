/**
 * The Express adapter: an Express app keeps its routes and gains sgc's WebSocket and
 * server-sent events on the same port. Typed structurally: `@sgc/http-server` does not depend
 * on Express.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpServer } from '../http-server.js';
import { createAttached, type AttachOptions, type AttachableServer } from './attach.js';

/**
 * A connect-style middleware, as Express (4 and 5) and Connect take them: `(req, res, next)`.
 */
export type ExpressMiddleware = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/** What {@link mountExpress} needs of an Express application (or router): `use(middleware)`. */
export interface ExpressLikeApp {
  /**
   * Adds a middleware at the end of the app's stack.
   *
   * @param middleware - the middleware
   */
  use(middleware: ExpressMiddleware): unknown;
}

/**
 * An Express middleware that hands the requests sgc serves (event streams, SSE post-backs, the
 * session endpoint, the built-in pages) to `sgc.handleRequest` and passes every other one on
 * with `next()`. WebSocket upgrades do not go through Express: attach `sgc` to the app's HTTP
 * server (`server` option, {@link attachSgc} or {@link mountExpress}).
 *
 * Mount it at the root (sgc reads `req.url` to pick the SSE channel) and before body parsers
 * such as `express.json()` (SSE post-backs read their own bodies). Routes added before it win
 * over sgc for the paths they match.
 *
 * @param sgc - the sgc server, attached to the app's HTTP server
 * @returns the middleware
 * @example
 * ```ts
 * const app = express();
 * const server = http.createServer(app);
 * const sgc = createAttached(server);
 * app.use(sgcExpress(sgc));
 * app.get('/api/items', (req, res) => res.json(items));
 * await sgc.start();
 * server.listen(8080);
 * ```
 */
export function sgcExpress(sgc: HttpServer): ExpressMiddleware {
  return (request, response, next) => {
    if (!sgc.handleRequest(request, response)) next();
  };
}

/**
 * Mounts sgc on an Express app in one line: creates an sgc server attached to the app's HTTP
 * server, adds {@link sgcExpress} to the app (at once, so call it before adding routes and body
 * parsers), and starts it. Works with the server `http.createServer(app)` returns (before or
 * after `listen()`) and with the one `app.listen()` returns.
 *
 * Stop sgc before closing the HTTP server (`await sgc.stop(); server.close()`): its WebSocket and
 * SSE connections would keep `server.close()` waiting.
 *
 * @param app - the Express application (or a router mounted at the root)
 * @param server - the app's HTTP(S) server
 * @param options - sgc's settings; see {@link AttachOptions}. @defaultValue `{}`
 * @returns the started sgc server
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` when `server` is not an `http.Server` or `https.Server`
 * @example
 * ```ts
 * import express from 'express';
 * import http from 'node:http';
 * import { mountExpress } from '@sgc/http-server';
 *
 * const app = express();
 * const server = http.createServer(app);
 * const sgc = await mountExpress(app, server);
 * app.get('/api/items', (req, res) => res.json(items));
 * sgc.on('message', (conn, text) => conn.send(text));   // WebSocket echo on ws://host:8080/
 * sgc.broadcast('hello', { channel: '/news' });          // to EventSource('/news')
 * server.listen(8080);
 * ```
 */
export async function mountExpress(app: ExpressLikeApp, server: AttachableServer, options: AttachOptions = {}): Promise<HttpServer> {
  const sgc = createAttached(server, options);
  app.use(sgcExpress(sgc));
  await sgc.start();
  return sgc;
}
