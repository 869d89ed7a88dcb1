/**
 * The cross-node bench: publish latency from sgc node A to a client on node B
 * through Redis, next to the same publish's latency to a client on node A.
 * Skipped, with a line saying so, when Redis does not answer.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { describeError } from '../util/time.js';
import { formatNumber } from '../util/format.js';
import { median } from '../util/stats.js';
import { startCrossnodeRig, type CrossnodeRig } from './crossnode-rig.js';
import type { PublishLatency } from './latency-probe.js';
import { BENCH_REDIS, BENCH_REDIS_URL, pingRedis } from './redis-ping.js';

/** What the cross-node bench runs. */
export interface CrossnodeConfig {
  /** Measured publishes. */
  readonly publishes: number;
}

/** Everything the cross-node bench measured. */
export interface CrossnodeRun {
  /** The Redis key and channel prefix of this run, or `null` when it never started. */
  readonly prefix: string | null;
  /** One entry per measured publish. */
  readonly latencies: PublishLatency[];
  readonly failures: string[];
  /** Why the bench did not run at all: no Redis, sgc does not load, ... */
  skipped: string | undefined;
}

/** Unmeasured publishes first: JIT, and the first use of each Redis connection. */
const WARMUP_PUBLISHES = 50;

/**
 * Far above a loaded machine's worst publish (milliseconds); Redis pub/sub
 * may drop a message, and then this is how long it takes to say so.
 */
const PUBLISH_TIMEOUT_MS = 2000;

/**
 * Runs the cross-node bench.
 *
 * @param config - how many publishes
 * @param log - receives the progress lines
 * @returns the latencies, failures, and why it was skipped if it was
 */
export async function runCrossnode(config: CrossnodeConfig, log: (line: string) => void): Promise<CrossnodeRun> {
  const noRedis = await pingRedis(BENCH_REDIS.host, BENCH_REDIS.port);
  if (noRedis !== undefined) {
    const run: CrossnodeRun = { prefix: null, latencies: [], failures: [], skipped: undefined };
    return skip(run, `no Redis on ${BENCH_REDIS.host}:${BENCH_REDIS.port} (${noRedis})`, log);
  }
  // Its own prefix: neither an earlier run's leftover keys nor a test sharing this Redis can reach it.
  const prefix = `sgc-bench-${randomUUID()}`;
  const run: CrossnodeRun = { prefix, latencies: [], failures: [], skipped: undefined };
  let rig: CrossnodeRig;
  try {
    rig = await startCrossnodeRig(BENCH_REDIS_URL, prefix);
  } catch (error) {
    return skip(run, describeError(error), log);
  }
  try {
    await publish(rig, WARMUP_PUBLISHES);
    run.latencies.push(...(await publish(rig, config.publishes)));
    log(progressLine(run.latencies));
  } catch (error) {
    run.failures.push(describeError(error));
    log(`  crossnode FAILED: ${describeError(error)}`);
  } finally {
    for (const error of await rig.stop()) run.failures.push(error);
  }
  return run;
}

async function publish(rig: CrossnodeRig, count: number): Promise<PublishLatency[]> {
  // Bounded by a fixed part plus 20 ms per publish (they take about a millisecond; each has its own timeout too).
  const { latencies } = await rig.probe.call('publish', { count, timeoutMs: PUBLISH_TIMEOUT_MS }, 30_000 + count * 20);
  return latencies;
}

function skip(run: CrossnodeRun, reason: string, log: (line: string) => void): CrossnodeRun {
  run.skipped = reason;
  log(`  SKIP crossnode: ${reason}`);
  return run;
}

function progressLine(latencies: readonly PublishLatency[]): string {
  const ms = (values: number[]): string => `${formatNumber(median(values), 3)} ms`;
  return (
    `  ${formatNumber(latencies.length)} publishes` +
    `  median same node ${ms(latencies.map((l) => l.sameNodeMs))}, cross node ${ms(latencies.map((l) => l.crossNodeMs))}`
  );
}
