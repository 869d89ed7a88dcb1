/**
 * Options of {@link HttpServer}.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocketServerOptions } from '@sgc/server';
import type { HttpRequest } from './http-request.js';
import type { HttpResponse } from './http-response.js';
import type { HttpSessionOptions } from './sessions/http-sessions.js';
import type { SseOptions } from './sse/sse-options.js';

/**
 * Answers an HTTP request (the manual's `OnCommandGet` / `OnCommandOther`). Set fields of the
 * response (`status`, `contentText`, `contentType`, `authRealm`), call `serveFile()`, or write
 * `response.raw` yourself. A handler that does none of these passes the request on: to the
 * document root, then 404.
 */
export type RequestHandler = (request: HttpRequest, response: HttpResponse) => void | Promise<void>;

/**
 * Limits in the spirit of the manual's HTTP.SYS server (`Timeouts`, `MaxConnections`): each
 * maps onto Node's HTTP server.
 */
export interface HttpLimits {
  /** Milliseconds to receive a request head (HTTP.SYS `HeaderWait`). @defaultValue the server's `handshakeTimeout`, 10000 */
  headersTimeout?: number;
  /** Milliseconds to receive a whole request, body included (`EntityBody`). @defaultValue 30000 */
  requestTimeout?: number;
  /** Milliseconds an idle keep-alive connection stays open (`IdleConnection`). @defaultValue 5000 */
  idleTimeout?: number;
  /** Largest request body `request.body()` reads, in bytes; larger bodies get 413. @defaultValue 1 MiB */
  maxBodySize?: number;
  /**
   * Bytes per second for all file bodies together (static files, `serveFile`, the built-in files):
   * the manual's HTTP.SYS `MaxBandwidth`; 0 for no limit. WebSocket and SSE traffic has its own `throttle`.
   * @defaultValue 0
   */
  maxBandwidth?: number;
  /** Most sockets a binding holds at once, HTTP and WebSocket together (`MaxConnections`); 0 for no limit. @defaultValue 0 */
  maxSockets?: number;
}

/** Options of {@link HttpServer}: everything a `WebSocketServer` takes, and HTTP. */
export interface HttpServerOptions extends WebSocketServerOptions {
  /** Serve static files from this directory (the manual's `DocumentRoot`). */
  documentRoot?: string;
  /** Files served for a directory request. @defaultValue ['index.html', 'index.htm'] */
  indexFiles?: readonly string[];
  /** Answers GET and HEAD requests (the manual's `OnCommandGet`), before the document root. */
  commandGet?: RequestHandler;
  /** Answers every other method (the manual's `OnCommandOther`). */
  commandOther?: RequestHandler;
  /** Server-sent events on any path whose request accepts `text/event-stream` (the manual's `FallBack.ServerSentEvents`). @defaultValue on */
  sse?: SseOptions | false;
  /** HTTP sessions (the manual's `SessionState`), kept in the backplane's store. @defaultValue off */
  sessions?: HttpSessionOptions;
  /** Serve the built-in test page `/sgcWebSockets.html` and the protocol pages (the manual's `Options.HTMLFiles`). @defaultValue true */
  htmlFiles?: boolean;
  /** Serve the built-in scripts `/sgcWebSockets.js`, `/esegece.com.js`, ... (the manual's `Options.JavascriptFiles`). @defaultValue true */
  javascriptFiles?: boolean;
  /** HTTP limits and timeouts. */
  limits?: HttpLimits;
  /** Sends `Connection: keep-alive` and keeps idle connections for `limits.idleTimeout` (the manual's `KeepAlive`). @defaultValue true */
  keepAlive?: boolean;
  /** Called when a request handler throws or rejects; the client gets 500. */
  onRequestError?: (error: unknown, request: IncomingMessage) => void;
}
