/**
 * One echo measurement: start the loops, warm up, take CPU marks in both
 * children, wait out the measured window, mark again, stop.
 *
 * @module
 */
import type { ImplName } from '../impl/types.js';
import type { EchoPair } from './echo-pair.js';
import type { CpuMark } from '../ipc/commands.js';
import { delay } from '../util/time.js';

/** One implementation, one payload size, one round. */
export interface EchoSample {
  readonly impl: ImplName;
  readonly size: number;
  readonly round: number;
  /** Round trips completed inside the measured window. */
  readonly roundTrips: number;
  /** Length of the window by the client's clock. */
  readonly elapsedMs: number;
  /** CPU time (user + system, all threads) each process used inside the window. */
  readonly serverCpuUs: number;
  readonly clientCpuUs: number;
  /** The kernel's share of the two above (the floor is mostly system time). */
  readonly serverSystemUs: number;
  readonly clientSystemUs: number;
  readonly rtPerSec: number;
  readonly serverUsPerRt: number;
  readonly clientUsPerRt: number;
  /** Server plus client CPU per round trip: the figure the ratios compare. */
  readonly totalUsPerRt: number;
}

/** Timing of one measurement. */
export interface EchoWindow {
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Concurrent connections, one message in flight each. */
  readonly connections: number;
}

/** Bound on start/stop of a session (they connect or close up to `connections` clients). */
const SESSION_TIMEOUT_MS = 30_000;

/** Bound on a CPU mark; a loaded event loop may take a moment to answer IPC. */
const MARK_TIMEOUT_MS = 10_000;

/**
 * Measures one implementation at one payload size.
 *
 * @param pair - the implementation's running children
 * @param size - payload bytes
 * @param round - the A/B round, recorded in the sample
 * @param window - warm-up, window length and connection count
 * @returns the sample
 * @throws Error when a connection fails, an echo is wrong, nothing completes, or a child does not answer in time
 */
export async function measureEcho(pair: EchoPair, size: number, round: number, window: EchoWindow): Promise<EchoSample> {
  const { server, client } = pair;
  await client.call('echoStart', { port: pair.port, size, connections: window.connections }, SESSION_TIMEOUT_MS);
  let stopped = false;
  try {
    await delay(window.warmupMs);
    // Both marks are requested together so their IPC delays (and the skew between
    // the two processes' windows) are the same at both ends and cancel out.
    const [server0, client0] = await Promise.all([server.call('mark', {}, MARK_TIMEOUT_MS), client.call('mark', {}, MARK_TIMEOUT_MS)]);
    await delay(window.measureMs);
    const [server1, client1] = await Promise.all([server.call('mark', {}, MARK_TIMEOUT_MS), client.call('mark', {}, MARK_TIMEOUT_MS)]);
    const { failures } = await client.call('echoStop', {}, SESSION_TIMEOUT_MS);
    stopped = true;
    if (failures.length > 0) throw new Error(`connection failures: ${failures.slice(0, 3).join('; ')}`);
    const roundTrips = client1.roundTrips - client0.roundTrips;
    if (roundTrips <= 0) throw new Error('no round trip completed in the measured window');
    const elapsedMs = client1.atMs - client0.atMs;
    const serverCpuUs = cpuUs(server1) - cpuUs(server0);
    const clientCpuUs = cpuUs(client1) - cpuUs(client0);
    return {
      impl: pair.impl,
      size,
      round,
      roundTrips,
      elapsedMs,
      serverCpuUs,
      clientCpuUs,
      serverSystemUs: server1.systemUs - server0.systemUs,
      clientSystemUs: client1.systemUs - client0.systemUs,
      rtPerSec: (roundTrips * 1000) / elapsedMs,
      serverUsPerRt: serverCpuUs / roundTrips,
      clientUsPerRt: clientCpuUs / roundTrips,
      totalUsPerRt: (serverCpuUs + clientCpuUs) / roundTrips,
    };
  } finally {
    // After an error mid-window the loops must still stop before the next implementation runs.
    if (!stopped) await client.call('echoStop', {}, SESSION_TIMEOUT_MS).catch(() => {});
  }
}

/**
 * Runs every payload size once, unmeasured, on a freshly started pair, so
 * that JIT compilation of each size's code paths does not land in the first
 * round's window (it showed up as a 10-20 % slower round 1).
 *
 * Best effort: a size that fails here fails again, and is reported, when measured.
 *
 * @param pair - the new pair
 * @param sizes - payload sizes of the run
 * @param window - warm-up length per size and connection count
 */
export async function warmUpPair(pair: EchoPair, sizes: readonly number[], window: EchoWindow): Promise<void> {
  for (const size of sizes) {
    try {
      await pair.client.call('echoStart', { port: pair.port, size, connections: window.connections }, SESSION_TIMEOUT_MS);
      await delay(window.warmupMs);
    } catch {
      // Reported by the measurement instead.
    } finally {
      await pair.client.call('echoStop', {}, SESSION_TIMEOUT_MS).catch(() => {});
    }
  }
}

function cpuUs(mark: CpuMark): number {
  return mark.userUs + mark.systemUs;
}
