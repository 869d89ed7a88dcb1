/**
 * Opens server-sent events streams as connections of the server: each stream is a
 * connection with transport `sse`, subscribed to the channel named by its path, as
 * the manual says, so `broadcast(text, { channel: '/news' })` reaches it.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatSseEvent, type SseEvent } from '@sgc/frame';
import type { ServerConnection, WebSocketServer } from '@sgc/server';
import { EventHistory } from './event-history.js';
import type { ResolvedSseOptions } from './sse-options.js';
import { SseSession } from './sse-session.js';

/**
 * The query parameter of a message an SSE client posts back: the connection id the stream
 * announced in its first event, `sgc@connection`.
 */
export const SSE_CONNECTION_PARAM = 'sgcConnection';
/** The event that tells a stream's browser its connection id. */
export const SSE_CONNECTION_EVENT = 'sgc@connection';

/**
 * Tells whether a request asks for an event stream: a GET whose `Accept` names `text/event-stream`.
 *
 * @param request - the request
 * @returns `true` for an `EventSource` request
 */
export function acceptsEventStream(request: IncomingMessage): boolean {
  return request.method === 'GET' && /(^|,)\s*text\/event-stream\s*(;|,|$)/i.test(request.headers.accept ?? '');
}

/**
 * The SSE side of an HTTP server.
 *
 * @example
 * ```ts
 * const sse = new SseEndpoint(server, resolveSseOptions());
 * if (acceptsEventStream(request)) sse.open(request, response);
 * ```
 */
export class SseEndpoint {
  readonly #server: WebSocketServer;
  readonly #options: ResolvedSseOptions;
  readonly #history: EventHistory;
  readonly #streams = new Set<SseSession>();
  #heartbeat: NodeJS.Timeout | undefined;

  /**
   * @param server - the server the streams become connections of
   * @param options - retry, heartbeat, replay and high-water mark
   */
  constructor(server: WebSocketServer, options: ResolvedSseOptions) {
    this.#server = server;
    this.#options = options;
    this.#history = new EventHistory(options.replay);
  }

  /**
   * Answers an event-stream request: writes the stream's head and `retry`, sends the events a
   * reconnecting browser missed, and adds the connection to the server.
   *
   * @param request - the request
   * @param response - its response
   * @returns the new connection
   */
  open(request: IncomingMessage, response: ServerResponse): ServerConnection {
    const url = request.url ?? '/';
    const channel = url.split('?')[0]!;
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    // Each event must reach the browser at once, not wait for Nagle's algorithm.
    response.socket?.setNoDelay(true);
    let session: SseSession | undefined;
    const conn = this.#server.adopt(
      {
        ip: request.socket.remoteAddress ?? '',
        port: request.socket.remotePort ?? 0,
        url,
        protocol: '',
        extensions: '',
        transport: 'sse',
      },
      request.rawHeaders,
      (handler) => {
        session = new SseSession(response, handler, this.#options.highWaterMark);
        return session;
      },
    );
    const stream = session!;
    this.#streams.add(stream);
    response.once('close', () => this.#streams.delete(stream));
    stream.write(`retry: ${this.#options.retry}\n\n`);
    // A named event: plain EventSource users never see it; sgcWebSocket posts back with it.
    stream.sendEvent({ event: SSE_CONNECTION_EVENT, data: conn.id });
    const lastEventId = request.headers['last-event-id'];
    if (typeof lastEventId === 'string') {
      for (const event of this.#history.since(channel, lastEventId)) stream.sendEvent(event);
    }
    conn.subscribe(channel);
    this.#startHeartbeat();
    return conn;
  }

  /**
   * Sends one event with a type, id or retry to one SSE connection.
   *
   * @param conn - an SSE connection
   * @param event - the event
   * @returns `false` when the connection is not an open SSE stream or is at its high-water mark
   * @throws TypeError for fields that cannot be written
   */
  sendEvent(conn: ServerConnection, event: SseEvent): boolean {
    return conn.session instanceof SseSession && conn.session.sendEvent(event);
  }

  /**
   * Sends an event to every SSE stream of a channel on every node, and keeps it for replay on this node.
   *
   * @param channel - the channel (a stream's path)
   * @param event - the event
   * @returns the number of local connections reached
   * @throws TypeError for fields that cannot be written
   */
  broadcastEvent(channel: string, event: SseEvent): number {
    this.#history.record(channel, event);
    // Field text: SSE streams send it as it is (see SseSession.send), on every node.
    return this.#server.broadcast(formatSseEvent(event), { channel });
  }

  /**
   * Answers a message an SSE client posts back (`POST <path>?sgcConnection=<id>`): the body is
   * delivered as a text message of that connection, as a WebSocket's would be.
   *
   * @param request - the request
   * @param body - its body, already read
   * @returns `false` when the request names no open SSE connection of the same client address
   */
  deliver(request: IncomingMessage, body: string): boolean {
    const id = new URL(request.url ?? '/', 'http://localhost').searchParams.get(SSE_CONNECTION_PARAM);
    const conn = id === null ? undefined : this.#server.connections.get(id);
    // The id is an unguessable UUID; the address check also keeps it from working elsewhere if it leaks.
    if (conn === undefined || !(conn.session instanceof SseSession) || conn.ip !== request.socket.remoteAddress) return false;
    conn.session.receive(body);
    return true;
  }

  /**
   * Tells whether a request posts a message back to an SSE connection.
   *
   * @param request - the request
   * @returns `true` for a POST with the `sgcConnection` parameter
   */
  isPostBack(request: IncomingMessage): boolean {
    return request.method === 'POST' && (request.url ?? '').includes(`${SSE_CONNECTION_PARAM}=`);
  }

  /** Stops the heartbeat (the streams themselves close with the server's connections). */
  stop(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  #startHeartbeat(): void {
    if (this.#heartbeat !== undefined || this.#options.heartbeat === 0) return;
    this.#heartbeat = setInterval(() => {
      for (const stream of this.#streams) stream.comment('heartbeat');
    }, this.#options.heartbeat).unref();
  }
}
