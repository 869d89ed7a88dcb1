/**
 * The Fastify adapter: a Fastify app keeps its routes and gains sgc's WebSocket and
 * server-sent events on the same port. Typed structurally: `@sgc/http-server` does not depend
 * on Fastify.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpServer } from '../http-server.js';
import { createAttached, type AttachOptions, type AttachableServer } from './attach.js';

/** What the adapter needs of a Fastify request: the Node request. */
export interface FastifyLikeRequest {
  /** The Node request. */
  readonly raw: IncomingMessage;
}

/** What the adapter needs of a Fastify reply: the Node response, and taking it over. */
export interface FastifyLikeReply {
  /** The Node response. */
  readonly raw: ServerResponse;
  /** Tells Fastify that the response is written elsewhere. */
  hijack(): unknown;
}

/** A callback-style Fastify `onRequest` hook. */
export type FastifyOnRequestHook = (request: FastifyLikeRequest, reply: FastifyLikeReply, done: (error?: Error) => void) => void;

/** What {@link mountFastify} needs of a Fastify instance: its HTTP server and `addHook`. */
export interface FastifyLikeInstance {
  /** The instance's HTTP(S) server (`fastify.server`), created with the instance. */
  readonly server: AttachableServer;
  /**
   * Adds an `onRequest` hook.
   *
   * @param name - `'onRequest'`
   * @param hook - the hook
   */
  addHook(name: 'onRequest', hook: FastifyOnRequestHook): unknown;
  /**
   * Adds a `preClose` hook, run by `fastify.close()` before the server closes.
   *
   * @param name - `'preClose'`
   * @param hook - the hook
   */
  addHook(name: 'preClose', hook: () => Promise<void>): unknown;
}

/**
 * A Fastify `onRequest` hook that hands the requests sgc serves (event streams, SSE
 * post-backs, the session endpoint, the built-in pages) to `sgc.handleRequest` and hijacks the
 * reply for them; every other request goes on through Fastify's routing, body parsing and 404
 * as usual. It runs before body parsing, so SSE post-backs keep their bodies. WebSocket
 * upgrades do not go through Fastify: attach `sgc` to `fastify.server` ({@link mountFastify}
 * does both).
 *
 * Add it on the root instance (not inside an encapsulated plug-in) so that it sees every
 * request, including those that end in Fastify's 404.
 *
 * @param sgc - the sgc server, attached to `fastify.server`
 * @returns the hook
 * @example
 * ```ts
 * const app = Fastify();
 * const sgc = createAttached(app.server);
 * app.addHook('onRequest', sgcFastify(sgc));
 * await sgc.start();
 * await app.listen({ port: 8080 });
 * ```
 */
export function sgcFastify(sgc: HttpServer): FastifyOnRequestHook {
  return (request, reply, done) => {
    if (!sgc.handleRequest(request.raw, reply.raw)) {
      done();
      return;
    }
    // sgc writes the response; Fastify's lifecycle stops here (done is not called, as Fastify's hooks
    // do when they answer a request themselves).
    reply.hijack();
  };
}

/**
 * Mounts sgc on a Fastify instance in one line: attaches an sgc server to `fastify.server`, adds
 * {@link sgcFastify} as an `onRequest` hook and a `preClose` hook that stops sgc (so
 * `fastify.close()` closes sgc's WebSocket and SSE connections instead of waiting for them), and
 * starts it. Call it before `fastify.listen()` / `fastify.ready()`, from the root instance.
 *
 * @param fastify - the Fastify instance
 * @param options - sgc's settings; see {@link AttachOptions}. @defaultValue `{}`
 * @returns the started sgc server
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` when the instance's server is an HTTP/2 one
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { mountFastify } from '@sgc/http-server';
 *
 * const app = Fastify();
 * const sgc = await mountFastify(app);
 * app.get('/api/items', async () => items);
 * sgc.on('message', (conn, text) => conn.send(text));   // WebSocket echo on ws://host:8080/
 * sgc.broadcast('hello', { channel: '/news' });          // to EventSource('/news')
 * await app.listen({ port: 8080 });
 * ```
 */
export async function mountFastify(fastify: FastifyLikeInstance, options: AttachOptions = {}): Promise<HttpServer> {
  const sgc = createAttached(fastify.server, options);
  fastify.addHook('onRequest', sgcFastify(sgc));
  fastify.addHook('preClose', () => sgc.stop());
  await sgc.start();
  return sgc;
}
