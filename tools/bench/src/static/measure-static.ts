/**
 * One static measurement: the load child's request loops against one server
 * are the load, measured in one window of the echo bench's method
 * ({@link measureLoadWindow}).
 *
 * @module
 */
import type { CpuMark } from '../ipc/commands.js';
import { cpuUsBetween } from '../util/cpu.js';
import { measureLoadWindow, warmUpLoad, type LoadSession, type LoadWindow } from '../util/load-window.js';
import type { LoadMark } from './commands.js';
import { staticUrlPath } from './static-files.js';
import type { RunningStaticServer, StaticRig } from './static-rig.js';
import type { StaticImpl } from './static-servers.js';

/** Which measurement a sample is: implementation, file size, A/B round. */
export interface StaticSampleKey {
  readonly impl: StaticImpl;
  readonly size: number;
  readonly round: number;
}

/** What a window counted: responses, and the CPU each process used. */
export interface StaticCounts {
  /** Good responses (status 200, whole file) inside the measured window. */
  readonly requests: number;
  /** Bad responses and failed requests inside the window. */
  readonly errors: number;
  /** The first few error texts of the session, when there were errors. */
  readonly errorTexts: readonly string[];
  /** Length of the window by the load child's clock. */
  readonly elapsedMs: number;
  /** CPU time (user + system, all threads) each process used inside the window. */
  readonly serverCpuUs: number;
  readonly loadCpuUs: number;
}

/** One implementation, one file size, one round: the counts and the figures derived from them. */
export interface StaticSample extends StaticSampleKey, StaticCounts {
  readonly requestsPerSec: number;
  readonly serverUsPerRequest: number;
  /** The load generator's CPU per request: near a full core's worth, it is the bottleneck. */
  readonly loadUsPerRequest: number;
}

/**
 * Measures one implementation at one file size.
 *
 * @param rig - the running children
 * @param impl - which server
 * @param size - which file
 * @param round - the A/B round, recorded in the sample (0 = warm-up)
 * @param window - warm-up, window length and connections
 * @returns the sample
 * @throws Error when no good response arrives in the window or a child does not answer in time
 */
export async function measureStatic(rig: StaticRig, impl: StaticImpl, size: number, round: number, window: LoadWindow): Promise<StaticSample> {
  const server = rig.servers.get(impl);
  if (!server) throw new Error(`no ${impl} server in the rig`);
  const {
    server: [server0, server1],
    load: [load0, load1],
    stopped: { errors: errorTexts },
  } = await measureLoadWindow(staticSession(rig, server, size, window.connections), window);
  const requests = load1.requests - load0.requests;
  const errors = load1.errors - load0.errors;
  if (requests <= 0) throw new Error(`no good response in the measured window (${errors} errors${errorTexts.length > 0 ? `: ${errorTexts.join('; ')}` : ''})`);
  return staticSample(
    { impl, size, round },
    { requests, errors, errorTexts, elapsedMs: load1.atMs - load0.atMs, serverCpuUs: cpuUsBetween(server0, server1), loadCpuUs: cpuUsBetween(load0, load1) },
  );
}

/**
 * Derives the per-second and per-request figures of a window's counts.
 *
 * @param key - which measurement
 * @param counts - what the window counted (`requests` at least 1)
 * @returns the sample; error texts only when there were errors
 */
export function staticSample(key: StaticSampleKey, counts: StaticCounts): StaticSample {
  const { requests, elapsedMs } = counts;
  return {
    ...key,
    ...counts,
    errorTexts: counts.errors > 0 ? counts.errorTexts : [],
    requestsPerSec: (requests * 1000) / elapsedMs,
    serverUsPerRequest: counts.serverCpuUs / requests,
    loadUsPerRequest: counts.loadCpuUs / requests,
  };
}

/**
 * Runs the load unmeasured for a while (see {@link warmUpLoad}).
 *
 * @param rig - the running children
 * @param impl - which server
 * @param size - which file
 * @param window - the warm-up length and connections
 */
export async function warmUpStatic(rig: StaticRig, impl: StaticImpl, size: number, window: LoadWindow): Promise<void> {
  const server = rig.servers.get(impl);
  if (server) await warmUpLoad(staticSession(rig, server, size, window.connections), window.warmupMs);
}

/** The load child's pool requesting the file of `size` from one server. */
function staticSession(rig: StaticRig, server: RunningStaticServer, size: number, connections: number): LoadSession<CpuMark, LoadMark, { errors: readonly string[] }> {
  const { load } = rig;
  return {
    start: (timeoutMs) => load.call('loadStart', { port: server.port, path: staticUrlPath(size), size, connections }, timeoutMs),
    markServer: (timeoutMs) => server.child.call('mark', {}, timeoutMs),
    markLoad: (timeoutMs) => load.call('mark', {}, timeoutMs),
    stop: (timeoutMs) => load.call('loadStop', {}, timeoutMs),
  };
}
