/**
 * The commands of the SSE bench's client children (`sse/client-child.ts`):
 * the shared fan-out ones, and one more for the events a stream receives on
 * opening. Its server children answer the shared `FanoutServerCommands`.
 *
 * @module
 */
import type { FanoutClientCommands } from '../fanout/commands.js';
import type { StreamOpenings } from './event-counter.js';

/** Commands of an SSE client child. Streams are grouped by the port of their server. */
// Type aliases, not interfaces: only aliases are assignable to the index-signature type `CommandMap`.
export type SseClientCommands = FanoutClientCommands & {
  /** What the streams to `port` have received besides `data:` events of the default type, summed. */
  openings: { args: { port: number }; result: StreamOpenings };
};
