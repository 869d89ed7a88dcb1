/**
 * One echo measurement: the round-trip loops of the client child are the
 * load, measured in one window of the shared method ({@link measureLoadWindow}).
 *
 * @module
 */
import type { ImplName } from '../impl/types.js';
import type { EchoPair } from './echo-pair.js';
import type { ClientMark, CpuMark } from '../ipc/commands.js';
import { cpuUsBetween } from '../util/cpu.js';
import { measureLoadWindow, warmUpLoad, type LoadSession, type LoadWindow } from '../util/load-window.js';

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
export async function measureEcho(pair: EchoPair, size: number, round: number, window: LoadWindow): Promise<EchoSample> {
  const {
    server: [server0, server1],
    load: [client0, client1],
    stopped: { failures },
  } = await measureLoadWindow(echoSession(pair, size, window.connections), window);
  if (failures.length > 0) throw new Error(`connection failures: ${failures.slice(0, 3).join('; ')}`);
  const roundTrips = client1.roundTrips - client0.roundTrips;
  if (roundTrips <= 0) throw new Error('no round trip completed in the measured window');
  const elapsedMs = client1.atMs - client0.atMs;
  const serverCpuUs = cpuUsBetween(server0, server1);
  const clientCpuUs = cpuUsBetween(client0, client1);
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
}

/**
 * Runs every payload size once, unmeasured, on a freshly started pair (see
 * {@link warmUpLoad}).
 *
 * @param pair - the new pair
 * @param sizes - payload sizes of the run
 * @param window - warm-up length per size and connection count
 */
export async function warmUpPair(pair: EchoPair, sizes: readonly number[], window: LoadWindow): Promise<void> {
  for (const size of sizes) await warmUpLoad(echoSession(pair, size, window.connections), window.warmupMs);
}

/** The client child's round-trip loops at one size, against the pair's server. */
function echoSession(pair: EchoPair, size: number, connections: number): LoadSession<CpuMark, ClientMark, { failures: readonly string[] }> {
  const { server, client } = pair;
  return {
    start: (timeoutMs) => client.call('echoStart', { port: pair.port, size, connections }, timeoutMs),
    markServer: (timeoutMs) => server.call('mark', {}, timeoutMs),
    markLoad: (timeoutMs) => client.call('mark', {}, timeoutMs),
    stop: (timeoutMs) => client.call('echoStop', {}, timeoutMs),
  };
}
