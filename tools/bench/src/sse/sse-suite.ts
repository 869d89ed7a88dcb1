/**
 * The SSE bench as a fan-out bench (`src/fanout/`): sgc's `HttpServer`
 * (`server.broadcast(text, { channel })`) against a plain `node:http` server
 * writing to an array of responses (the floor), bursts of events to
 * event-stream clients.
 *
 * @module
 */
import type { FanoutSuite } from '../fanout/fanout-suite.js';
import { SSE_IMPLS, type SseImpl } from './sse-servers.js';

/** The bench, its children, its burst and its words. */
export const SSE_SUITE: FanoutSuite<SseImpl> = {
  impls: SSE_IMPLS,
  // 50 events of 64 characters to every stream, 50,000 deliveries at 1,000 streams. More events than the
  // broadcast bench's 20, because there are fewer streams and a burst must last long enough to time.
  shape: { messages: 50, size: 64 },
  terms: { bench: 'sse', children: 'SSE', clients: 'streams', connections: 'streams', messages: 'events', sent: 'wrote' },
  directory: new URL('.', import.meta.url),
  openBatch: 100,
};
