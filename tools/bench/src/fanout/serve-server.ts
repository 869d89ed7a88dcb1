/**
 * The body of a fan-out server child: one implementation's server, which
 * sends bursts when the parent asks, timed and CPU-marked the same way for
 * every bench. A bench's `server-child.ts` only says how to start its servers
 * and what one message's payload is. The child exits when the parent's IPC
 * channel closes.
 *
 * @module
 */
import { serveCommands } from '../ipc/serve.js';
import { cpuMark } from '../child/measure.js';
import { epochMs } from '../util/time.js';
import type { FanoutServerCommands } from './commands.js';
import type { FanoutTerms } from './fanout-suite.js';

/**
 * A running server that can send one message to all its connections.
 *
 * @typeParam P - a message's payload: bytes for WebSocket, text for SSE
 */
export interface FanoutServer<P> {
  readonly port: number;
  /** Open connections as the server counts them. */
  connectionCount(): number;
  /**
   * Sends `payload` as one message to every open connection, the way the
   * implementation's documentation shows.
   *
   * @returns the number of connections it was sent to
   */
  broadcast(payload: P): number;
}

/** How a bench's server child differs from another's. */
export interface FanoutServerSpec<I extends string, P> {
  readonly terms: FanoutTerms;
  /** Starts a server of `impl` on the bench host, port chosen by the OS. */
  start(impl: I): Promise<FanoutServer<P>>;
  /** A payload of `size` bytes or characters. */
  payload(size: number): P;
}

/**
 * Starts answering the parent's commands. Call once, in a server child's entry module.
 *
 * @param spec - the bench's servers and payload
 */
export function serveFanoutServer<I extends string, P>(spec: FanoutServerSpec<I, P>): void {
  let server: FanoutServer<P> | undefined;
  const running = (): FanoutServer<P> => {
    if (!server) throw new Error(`the ${spec.terms.children} server is not started`);
    return server;
  };
  serveCommands<FanoutServerCommands<I>>({
    start: async ({ impl }) => {
      if (server) throw new Error(`the ${spec.terms.children} server is already running in this process`);
      server = await spec.start(impl);
      return { port: server.port };
    },
    connections: async () => ({ count: running().connectionCount() }),
    burst: async ({ messages, size }) => {
      const target = running();
      // One payload for the whole burst, as an application broadcasting one event to everyone would.
      const payload = spec.payload(size);
      const cpu = cpuMark();
      const startedAtMs = epochMs();
      let sent = 0;
      for (let i = 0; i < messages; i++) sent += target.broadcast(payload);
      return { startedAtMs, cpu, sent };
    },
    mark: async () => cpuMark(),
  });
}
