/**
 * The processes of the SSE bench: the shared fan-out rig (a server child per
 * implementation, a few client children holding the same number of event
 * streams to each server), and before any burst a check of what each stream
 * received on opening, so that the burst counts start from a known state.
 *
 * @module
 */
import type { ChildHandle } from '../ipc/child-handle.js';
import { startFanoutRig, type FanoutRig } from '../fanout/fanout-rig.js';
import { delay } from '../util/time.js';
import { sumOpenings, type StreamOpenings } from './event-counter.js';
import type { SseClientCommands } from './commands.js';
import type { SseImpl } from './sse-servers.js';
import { SSE_SUITE } from './sse-suite.js';

/** The event sgc's HttpServer sends first on every stream, with the connection id as its data. */
export const SGC_CONNECTION_EVENT = 'sgc@connection';

/** Bound on one `openings` call, as on the fan-out rig's other calls to its children. */
const CALL_TIMEOUT_MS = 20_000;

/** How long the clients may take to receive their opening events. */
const SETTLE_TIMEOUT_MS = 15_000;

/** The running children, every stream open and checked. */
export interface SseRig extends FanoutRig<SseImpl, SseClientCommands> {
  /** What the streams to each server received on opening, summed over all of them. */
  readonly openings: ReadonlyMap<SseImpl, StreamOpenings>;
}

/**
 * What `count` streams of `impl` receive on opening, before any burst. sgc
 * writes `retry: 3000` (not an event: it has no data) and then an
 * `sgc@connection` event with the connection id on each; the floor writes nothing.
 *
 * @param impl - which server
 * @param count - streams
 * @returns the expected sums (comments, i.e. heartbeats, are not predicted)
 */
export function expectedOpenings(impl: SseImpl, count: number): StreamOpenings {
  return impl === 'sgc'
    ? { messages: 0, named: { [SGC_CONNECTION_EVENT]: count }, retries: count, comments: 0 }
    : { messages: 0, named: {}, retries: 0, comments: 0 };
}

/**
 * Compares what the streams received on opening with {@link expectedOpenings}.
 *
 * @param impl - which server
 * @param count - streams
 * @param got - the sums the clients report
 * @returns what differs, or `undefined` when everything but the comments matches
 */
export function openingsProblem(impl: SseImpl, count: number, got: StreamOpenings): string | undefined {
  const want = expectedOpenings(impl, count);
  const differences: string[] = [];
  if (got.messages !== want.messages) differences.push(`${got.messages} data events (expected ${want.messages})`);
  if (got.retries !== want.retries) differences.push(`${got.retries} retry lines (expected ${want.retries})`);
  for (const type of new Set([...Object.keys(want.named), ...Object.keys(got.named)])) {
    const n = got.named[type] ?? 0;
    const expected = want.named[type] ?? 0;
    if (n !== expected) differences.push(`${n} ${type} events (expected ${expected})`);
  }
  return differences.length === 0 ? undefined : `the ${impl} streams received ${differences.join(', ')} on opening`;
}

/**
 * Starts the servers and the client children, opens `streams` event streams to
 * each server, and checks what they received on opening.
 *
 * @param streams - streams per server
 * @returns the ready rig
 * @throws Error when a child, a library or a stream fails, or the opening events are not as expected (nothing is left running then)
 */
export async function startSseRig(streams: number): Promise<SseRig> {
  const openings = new Map<SseImpl, StreamOpenings>();
  const rig = await startFanoutRig<SseImpl, SseClientCommands>(SSE_SUITE, streams, async (impl, port, clients) => {
    openings.set(impl, await waitForOpenings(clients, port, impl, streams));
  });
  return { ...rig, openings };
}

/** Polls the clients until the opening events are all in (they may trail the response head), or gives up with what differs. */
async function waitForOpenings(clients: readonly ChildHandle<SseClientCommands>[], port: number, impl: SseImpl, streams: number): Promise<StreamOpenings> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const got = sumOpenings(await Promise.all(clients.map((client) => client.call('openings', { port }, CALL_TIMEOUT_MS))));
    const problem = openingsProblem(impl, streams, got);
    if (problem === undefined) return got;
    if (Date.now() > deadline) throw new Error(problem);
    await delay(50);
  }
}
