/**
 * One idle-memory measurement: a fresh server child, a warm-up, a baseline
 * after GC, N idle connections from a client child, and a reading after GC.
 *
 * @module
 */
import type { ImplName } from '../impl/types.js';
import type { MemorySnapshot } from '../ipc/commands.js';
import { startClientChild, startServerChild, type ClientChild, type ServerChild } from '../ipc/children.js';
import { delay, describeError } from '../util/time.js';

/** One implementation, one connection count, one round. */
export interface IdleSample {
  readonly impl: ImplName;
  readonly count: number;
  readonly round: number;
  /** Server memory growth per connection, in bytes. */
  readonly heapPerConn: number;
  readonly rssPerConn: number;
  readonly externalPerConn: number;
  readonly baseline: MemorySnapshot;
  readonly loaded: MemorySnapshot;
  /** How long opening the connections took. */
  readonly openMs: number;
}

/** How the connections are opened. */
export interface IdleWindow {
  /** Connections opened concurrently. */
  readonly batch: number;
}

/** Thrown when an implementation cannot even start; the runner then skips it for good. */
export class ImplUnavailableError extends Error {
  override readonly name = 'ImplUnavailableError';
}

/** Connections opened and closed before the baseline, so first-use costs are not charged per connection. */
const WARM_CONNECTIONS = 100;
const START_TIMEOUT_MS = 20_000;
/** Memory readings run several full GCs over a large heap. */
const MEMORY_TIMEOUT_MS = 60_000;
/** Lets the server finish whatever follows the handshake before the reading (when it cannot count). */
const SETTLE_MS = 300;
/** Upper bound on waiting for the server's own count to match. */
const COUNT_WAIT_MS = 15_000;

/**
 * Measures server memory per idle connection.
 *
 * @param impl - which implementation
 * @param count - idle connections
 * @param round - recorded in the sample
 * @param window - batch size
 * @returns the sample
 * @throws ImplUnavailableError when the implementation does not load or start
 * @throws Error when connections fail or a child does not answer in time
 */
export async function measureIdle(impl: ImplName, count: number, round: number, window: IdleWindow): Promise<IdleSample> {
  let server: ServerChild | undefined;
  let client: ClientChild | undefined;
  try {
    let port: number;
    try {
      server = await startServerChild(`${impl} idle server`);
      ({ port } = await server.call('start', { impl }, START_TIMEOUT_MS));
      client = await startClientChild(`${impl} idle client`);
      await client.call('load', { impl }, START_TIMEOUT_MS);
    } catch (error) {
      throw new ImplUnavailableError(describeError(error));
    }
    await client.call('idleOpen', { port, count: WARM_CONNECTIONS, batch: window.batch }, openTimeout(WARM_CONNECTIONS));
    await client.call('idleClose', {}, openTimeout(WARM_CONNECTIONS));
    await waitForCount(server, 0);
    const baseline = await server.call('memory', {}, MEMORY_TIMEOUT_MS);
    const { ms } = await client.call('idleOpen', { port, count, batch: window.batch }, openTimeout(count));
    await waitForCount(server, count);
    const loaded = await server.call('memory', {}, MEMORY_TIMEOUT_MS);
    if (loaded.connections !== null && loaded.connections !== count) {
      throw new Error(`server holds ${loaded.connections} connections, expected ${count}`);
    }
    return {
      impl,
      count,
      round,
      heapPerConn: (loaded.heapUsed - baseline.heapUsed) / count,
      rssPerConn: (loaded.rss - baseline.rss) / count,
      externalPerConn: (loaded.external - baseline.external) / count,
      baseline,
      loaded,
      openMs: ms,
    };
  } finally {
    client?.kill();
    server?.kill();
  }
}

/** Opening is bounded by a fixed part plus a generous per-connection allowance (10k takes seconds, not minutes). */
function openTimeout(count: number): number {
  return 30_000 + count * 10;
}

/** Waits (bounded) until the server counts `expected` connections; servers that cannot count get a fixed settle time. */
async function waitForCount(server: ServerChild, expected: number): Promise<void> {
  const deadline = Date.now() + COUNT_WAIT_MS;
  for (;;) {
    const { count } = await server.call('connections', {}, START_TIMEOUT_MS);
    if (count === null) return delay(SETTLE_MS);
    if (count === expected) return;
    if (Date.now() > deadline) throw new Error(`server counts ${count} connections, expected ${expected}`);
    await delay(50);
  }
}
