/**
 * The SSE bench's server process: one implementation's SSE server, which
 * sends bursts of events when the parent asks. Started by the fan-out rig
 * through `ChildHandle`; it exits when the parent's IPC channel closes.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { serveFanoutServer } from '../fanout/serve-server.js';
import { SSE_SUITE } from './sse-suite.js';
import { startSseServer, type SseImpl } from './sse-servers.js';

serveFanoutServer<SseImpl, string>({
  terms: SSE_SUITE.terms,
  start: startSseServer,
  // Hex: one line, no SSE field syntax.
  payload: (size) => randomBytes(Math.ceil(size / 2)).toString('hex').slice(0, size),
});
