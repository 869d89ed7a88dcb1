/**
 * `@sgc/http-server`: HTTP and WebSocket on one port (the manual's
 * TsgcWebSocketHTTPServer): static files, request handlers, sessions, server-sent
 * events, and the WebSocket-to-TCP proxy server.
 *
 * @packageDocumentation
 */
export { HttpServer } from './http-server.js';
export type { HttpServerOptions, HttpLimits, RequestHandler } from './http-server-options.js';
export { HttpRequest } from './http-request.js';
export { HttpResponse, type FileSender } from './http-response.js';
export { HttpSession, type StoredSession } from './sessions/http-session.js';
export { HttpSessions, type HttpSessionOptions, type HttpSessionEvents } from './sessions/http-sessions.js';
export { SseSession } from './sse/sse-session.js';
export { SseEndpoint, acceptsEventStream, SSE_CONNECTION_EVENT, SSE_CONNECTION_PARAM } from './sse/sse-endpoint.js';
export { EventHistory } from './sse/event-history.js';
export { resolveSseOptions, type SseOptions, type ResolvedSseOptions } from './sse/sse-options.js';
export * from './proxy/index.js';
export { attachSgc, createAttached, type AttachOptions, type AttachableServer } from './adapters/attach.js';
export { sgcExpress, mountExpress, type ExpressMiddleware, type ExpressLikeApp } from './adapters/express.js';
export {
  sgcFastify,
  mountFastify,
  type FastifyOnRequestHook,
  type FastifyLikeInstance,
  type FastifyLikeRequest,
  type FastifyLikeReply,
} from './adapters/fastify.js';
export { sgcHono, mountHono, type HonoMiddleware, type HonoLikeApp, type HonoLikeContext } from './adapters/hono.js';
