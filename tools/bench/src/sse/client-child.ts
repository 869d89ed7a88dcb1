/**
 * An SSE client process: event streams on both servers, counting what
 * arrives, and what each stream received on opening. Started by the fan-out
 * rig through `ChildHandle`; it exits when the parent's IPC channel closes.
 *
 * @module
 */
import { serveCommands } from '../ipc/serve.js';
import { ClientGroups } from '../fanout/client-groups.js';
import type { SseClientCommands } from './commands.js';
import { sumOpenings } from './event-counter.js';
import { SSE_SUITE } from './sse-suite.js';
import { SseStreamClient } from './stream-client.js';

const groups = new ClientGroups<SseStreamClient>((port, handlers) => SseStreamClient.open(port, handlers), SSE_SUITE.terms);

serveCommands<SseClientCommands>({
  ...groups.handlers(),
  openings: async ({ port }) => sumOpenings(groups.get(port).clients.map((client) => client.openings)),
});
