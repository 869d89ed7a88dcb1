/**
 * The Hono adapter, for Hono served by `@hono/node-server`: the app keeps its routes and gains
 * sgc's WebSocket and server-sent events on the same port. Typed structurally: `@sgc/http-server`
 * depends neither on Hono nor on `@hono/node-server`.
 *
 * @module
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, SgcError } from '@sgc/frame';
import type { HttpServer } from '../http-server.js';
import { createAttached, type AttachOptions, type AttachableServer } from './attach.js';

/**
 * What the adapter needs of a Hono context: `c.env`, which `@hono/node-server` sets to the Node
 * request and response (its `HttpBindings`: `{ incoming, outgoing }`).
 */
export interface HonoLikeContext {
  /** The bindings; `{ incoming, outgoing }` under `@hono/node-server`. */
  readonly env: unknown;
}

/** A Hono middleware: `(c, next) => Promise<Response | undefined>`. */
export type HonoMiddleware = (c: HonoLikeContext, next: () => Promise<void>) => Promise<Response | undefined>;

/** What {@link mountHono} needs of a Hono app: `use(middleware)`. */
export interface HonoLikeApp {
  /**
   * Adds a middleware for every path.
   *
   * @param middleware - the middleware
   */
  use(middleware: HonoMiddleware): unknown;
}

/**
 * The response header by which `@hono/node-server` (1.10 to 2.x) recognises its `RESPONSE_ALREADY_SENT`.
 *
 * @internal
 */
export const HONO_ALREADY_SENT_HEADER = 'x-hono-already-sent';

/**
 * The same marker as `@hono/node-server`'s `RESPONSE_ALREADY_SENT`: a response without a body
 * carrying {@link HONO_ALREADY_SENT_HEADER}, which tells `@hono/node-server` that the Node
 * response was written elsewhere. It is made here, when this module loads, rather than imported:
 * `@hono/node-server` replaces the global `Response` with a lighter class once a server is
 * created, and that class's body-less responses are written out again (a second `writeHead`),
 * so the marker must come from the platform's `Response`, made before any `serve()` call, as
 * `@hono/node-server`'s own module makes it when imported first.
 */
const RESPONSE_ALREADY_SENT = new Response(null, { headers: { [HONO_ALREADY_SENT_HEADER]: 'true' } });

/**
 * A Hono middleware that hands the requests sgc serves (event streams, SSE post-backs, the
 * session endpoint, the built-in pages) to `sgc.handleRequest`, through `c.env.incoming` and
 * `c.env.outgoing`, and answers them with the equivalent of `@hono/node-server`'s
 * `RESPONSE_ALREADY_SENT`; every other request goes on with `next()`. WebSocket upgrades do not
 * go through Hono: attach `sgc` to the server `serve()` returns ({@link mountHono} does both).
 *
 * Add it before the routes (Hono runs handlers in the order they were added) and before
 * middleware that reads request bodies.
 *
 * @param sgc - the sgc server, attached to the app's Node server
 * @returns the middleware
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_STATE`, from the middleware, when
 *   the app is not served by `@hono/node-server` over HTTP/1 (no `c.env.incoming` / `c.env.outgoing`)
 * @example
 * ```ts
 * const app = new Hono();
 * const server = createAdaptorServer({ fetch: app.fetch });
 * const sgc = createAttached(server);
 * app.use(sgcHono(sgc));
 * app.get('/api/items', (c) => c.json(items));
 * await sgc.start();
 * server.listen(8080);
 * ```
 */
export function sgcHono(sgc: HttpServer): HonoMiddleware {
  return async (c, next) => {
    const { incoming, outgoing } = nodeBindings(c.env);
    if (sgc.handleRequest(incoming, outgoing)) return RESPONSE_ALREADY_SENT;
    await next();
    return undefined;
  };
}

/**
 * Mounts sgc on a Hono app served by `@hono/node-server` in one line: attaches an sgc server to
 * the app's Node server, adds {@link sgcHono} to the app (at once, so call it before adding
 * routes), and starts it. Works with the server `serve()` returns and with the one
 * `createAdaptorServer()` returns (listening or not).
 *
 * Stop sgc before closing the server (`await sgc.stop(); server.close()`): its WebSocket and SSE
 * connections would keep `server.close()` waiting.
 *
 * @param app - the Hono app
 * @param server - the app's Node server, from `serve()` or `createAdaptorServer()`
 * @param options - sgc's settings; see {@link AttachOptions}. @defaultValue `{}`
 * @returns the started sgc server
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` when `server` is an HTTP/2 server
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { serve } from '@hono/node-server';
 * import { mountHono } from '@sgc/http-server';
 *
 * const app = new Hono();
 * const server = serve({ fetch: app.fetch, port: 8080 });
 * const sgc = await mountHono(app, server);
 * app.get('/api/items', (c) => c.json(items));
 * sgc.on('message', (conn, text) => conn.send(text));   // WebSocket echo on ws://host:8080/
 * sgc.broadcast('hello', { channel: '/news' });          // to EventSource('/news')
 * ```
 */
export async function mountHono(app: HonoLikeApp, server: AttachableServer, options: AttachOptions = {}): Promise<HttpServer> {
  const sgc = createAttached(server, options);
  app.use(sgcHono(sgc));
  await sgc.start();
  return sgc;
}

/** `c.env` as `@hono/node-server`'s HTTP/1 bindings. */
function nodeBindings(env: unknown): { incoming: IncomingMessage; outgoing: ServerResponse } {
  const bindings = env as { incoming?: unknown; outgoing?: unknown } | undefined;
  const incoming = bindings?.incoming;
  const outgoing = bindings?.outgoing;
  if (incoming instanceof IncomingMessage && outgoing instanceof ServerResponse) return { incoming, outgoing };
  throw new SgcError(ErrorCode.InvalidState, "sgcHono needs @hono/node-server's HTTP/1 bindings (c.env.incoming and c.env.outgoing)");
}
