/**
 * HTTP and WebSocket on one port (the manual's TsgcWebSocketHTTPServer): every
 * `WebSocketServer` feature, plus request handlers, a document root, sessions and
 * server-sent events.
 *
 * @module
 */
import type { IncomingMessage, Server as NodeHttpServer, ServerResponse } from 'node:http';
import { ErrorCode, SgcError, type SseEvent } from '@sgc/frame';
import { RateLimiter } from '@sgc/frame/node';
import { WebSocketServer, type ServerConnection } from '@sgc/server';
import { findBuiltin } from './builtin/find-builtin.js';
import { HttpRequest } from './http-request.js';
import { HttpResponse } from './http-response.js';
import type { HttpServerOptions, RequestHandler } from './http-server-options.js';
import { HttpSessions } from './sessions/http-sessions.js';
import { SseEndpoint, acceptsEventStream } from './sse/sse-endpoint.js';
import { resolveSseOptions } from './sse/sse-options.js';
import { serveFile, serveStatic, type FileOptions } from './static/index.js';

const DEFAULT_MAX_BODY = 1024 * 1024;

/**
 * A WebSocket server that also answers HTTP on the same port.
 *
 * @example
 * ```ts
 * const server = new HttpServer({
 *   host: '127.0.0.1',
 *   port: 8080,
 *   documentRoot: './public',
 *   commandGet: (request, response) => {
 *     if (request.document === '/time') response.contentText = new Date().toISOString();
 *   },
 * });
 * server.on('message', (conn, text) => conn.send(text));           // WebSocket echo
 * setInterval(() => server.broadcast('tick', { channel: '/events' }), 1000); // SSE on /events
 * await server.start();
 * ```
 */
export class HttpServer extends WebSocketServer {
  /** The HTTP sessions, when `sessions` is set (the manual's `SessionList`). */
  readonly sessions: HttpSessions | undefined;
  readonly #http: HttpServerOptions;
  readonly #sse: SseEndpoint | undefined;
  /** How files are sent: the shared bandwidth cap, when there is one. */
  readonly #files: FileOptions;

  /**
   * @param options - see {@link HttpServerOptions}
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for out-of-range limits (a negative `maxBandwidth`) or session settings
   */
  constructor(options: HttpServerOptions = {}) {
    super(options);
    this.#http = options;
    this.#sse = options.sse === false ? undefined : new SseEndpoint(this, resolveSseOptions(options.sse));
    this.sessions = options.sessions ? new HttpSessions(this.backplane, options.sessions) : undefined;
    const maxBandwidth = options.limits?.maxBandwidth ?? 0;
    if (!(maxBandwidth >= 0 && Number.isFinite(maxBandwidth))) {
      throw new SgcError(ErrorCode.InvalidArgument, `limits.maxBandwidth must be 0 or more bytes per second, got ${maxBandwidth}`);
    }
    this.#files = maxBandwidth > 0 ? { bandwidth: new RateLimiter({ bitsPerSecond: maxBandwidth * 8 }) } : {};
    this.on('startup', () => {
      const maxSockets = options.limits?.maxSockets ?? 0;
      if (maxSockets > 0) for (const acceptor of this.acceptors) acceptor.maxConnections = maxSockets;
    });
    this.on('shutdown', () => {
      this.#sse?.stop();
      this.sessions?.close();
    });
  }

  /**
   * Sends one server-sent event with a type, id or retry to an SSE connection.
   *
   * @param conn - the connection (transport `sse`)
   * @param event - the event
   * @returns `false` when it is not an open SSE connection, or is at its high-water mark
   * @throws TypeError for fields that cannot be written (a line break in `event` or `id`)
   * @example
   * ```ts
   * server.on('connect', (conn) => conn.transport === 'sse' && server.sendEvent(conn, { event: 'hello', data: 'welcome' }));
   * ```
   */
  sendEvent(conn: ServerConnection, event: SseEvent): boolean {
    return this.#sse?.sendEvent(conn, event) ?? false;
  }

  /**
   * Sends a server-sent event to every stream of a channel (a path), on every node; with an `id`
   * it is kept so that browsers reconnecting with `Last-Event-ID` get it again.
   *
   * @param channel - the path the streams were opened on, e.g. `/events`
   * @param event - the event
   * @returns the number of local connections reached
   * @throws TypeError for fields that cannot be written
   * @example
   * ```ts
   * server.broadcastEvent('/prices', { event: 'price', id: String(seq++), data: JSON.stringify(quote) });
   * ```
   */
  broadcastEvent(channel: string, event: SseEvent): number {
    return this.#sse?.broadcastEvent(channel, event) ?? 0;
  }

  /**
   * Applies the request limits (`headersTimeout`, `requestTimeout`, `idleTimeout`) to each
   * binding's HTTP server.
   *
   * @param http - the binding's HTTP server
   */
  protected override configureHttpServer(http: NodeHttpServer): void {
    const limits = this.#http.limits ?? {};
    if (limits.headersTimeout !== undefined) http.headersTimeout = limits.headersTimeout;
    http.requestTimeout = limits.requestTimeout ?? 30_000;
    http.keepAliveTimeout = limits.idleTimeout ?? 5000;
  }

  /**
   * Answers the requests sgc itself serves: plug-in and session-auth endpoints, event streams,
   * messages SSE clients post back, and the built-in pages and scripts. Mounted in another
   * framework, call it first and hand on what it leaves (see the adapters).
   *
   * @param request - the HTTP request
   * @param response - its response
   * @returns `true` when the request is answered here (possibly asynchronously)
   * @example
   * ```ts
   * app.use((req, res, next) => sgc.handleRequest(req, res) || next());
   * ```
   */
  override handleRequest(request: IncomingMessage, response: ServerResponse): boolean {
    if (super.handleRequest(request, response)) return true;
    // A stopped server mounted in another framework leaves every request to the framework.
    if (!this.active) return false;
    const sse = this.#sse;
    if (sse !== undefined && acceptsEventStream(request)) {
      this.#guard(this.#openStream(sse, request, response), request, response);
      return true;
    }
    if (sse?.isPostBack(request) === true) {
      this.#guard(this.#postBack(sse, request, response), request, response);
      return true;
    }
    const builtin = findBuiltin(request, this.#http);
    if (builtin === undefined) return false;
    const sent = serveFile(request, response, builtin, this.#files).then((served) => served || answer(response, 404, 'Not Found'));
    this.#guard(sent, request, response);
    return true;
  }

  protected override serveHttp(request: IncomingMessage, response: ServerResponse): void {
    if (this.#http.keepAlive === false) response.setHeader('Connection', 'close');
    this.#guard(this.#serve(request, response), request, response);
  }

  async #openStream(sse: SseEndpoint, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (await this.#admitStream(request, response)) sse.open(request, response);
  }

  async #postBack(sse: SseEndpoint, raw: IncomingMessage, response: ServerResponse): Promise<void> {
    const request = new HttpRequest(raw, this.#http.limits?.maxBodySize ?? DEFAULT_MAX_BODY);
    const delivered = sse.deliver(raw, await request.text());
    answer(response, delivered ? 204 : 404, 'Unknown connection');
  }

  #guard(work: Promise<unknown>, request: IncomingMessage, response: ServerResponse): void {
    work.catch((error: unknown) => this.#failed(error, request, response));
  }

  async #serve(raw: IncomingMessage, rawResponse: ServerResponse): Promise<void> {
    const reading = raw.method === 'GET' || raw.method === 'HEAD';
    const handler = reading ? this.#http.commandGet : this.#http.commandOther;
    // The request and response wrappers (a URL parse among them) only serve handlers and sessions.
    if ((handler !== undefined || this.sessions !== undefined) && (await this.#handle(raw, rawResponse, handler))) return;
    const root = this.#http.documentRoot;
    if (reading && root !== undefined) {
      const index = this.#http.indexFiles;
      const served = await serveStatic(raw, rawResponse, { root, ...this.#files, ...(index ? { index } : {}) });
      if (served) return;
    }
    answer(rawResponse, 404, 'Not Found');
  }

  /** Runs the session and the handler; `true` when the handler answered. */
  async #handle(raw: IncomingMessage, rawResponse: ServerResponse, handler: RequestHandler | undefined): Promise<boolean> {
    const request = new HttpRequest(raw, this.#http.limits?.maxBodySize ?? DEFAULT_MAX_BODY);
    const response = new HttpResponse(rawResponse, request, (req, res, path) => serveFile(req.raw, res, path, this.#files));
    if (this.sessions !== undefined) request.session = await this.sessions.attach(request, rawResponse);
    if (handler !== undefined) await handler(request, response);
    if (request.session !== undefined) await this.sessions?.persist(request.session);
    if (!response.handled) return false;
    response.finish();
    return true;
  }

  /** The WebSocket handshake's checks, for an event stream: origin, connection limit, authentication. */
  async #admitStream(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    // EventSource sends no Origin on same-origin requests, so only a present one is checked.
    const origin = request.headers.origin;
    if (origin !== undefined && !this.originAllowed(origin)) {
      answer(response, 403, 'Origin not allowed');
      return false;
    }
    if (this.atConnectionLimit) {
      answer(response, 503, 'Too many connections');
      return false;
    }
    const authenticator = this.authenticator;
    if (authenticator === undefined) return true;
    const auth = await authenticator.authenticateUpgrade(request).catch(() => undefined);
    if (auth !== undefined) return true;
    // No Basic challenge: a browser would hold the EventSource at a login prompt instead of failing it.
    answer(response, 401, 'Authentication failed');
    return false;
  }

  #failed(error: unknown, request: IncomingMessage, response: ServerResponse): void {
    this.#http.onRequestError?.(error, request);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const status = (error as { status?: number }).status === 413 ? 413 : 500;
    answer(response, status, status === 413 ? 'Payload Too Large' : 'Internal Server Error');
  }
}

function answer(response: ServerResponse, status: number, text: string): void {
  const body = status === 204 ? '' : `${text}\n`;
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  response.end(response.req.method === 'HEAD' ? undefined : body);
}
