/**
 * The broadcast bench: sgc's `broadcast()` against ws's loop over its
 * clients, over the same connections from the same client processes, in
 * rounds that alternate the two (sgc, ws, sgc, ws, ...).
 *
 * @module
 */
import { ephemeralPortCount, idleCountProblem, openFileLimit } from '../idle/limits.js';
import { describeError } from '../util/time.js';
import { formatNumber } from '../util/format.js';
import { BROADCAST_IMPLS, type BroadcastImpl } from './broadcast-servers.js';
import { startBroadcastRig, type BroadcastRig } from './broadcast-rig.js';
import { measureBurst, type BroadcastSample, type BurstShape } from './measure-burst.js';

/** What the broadcast bench runs. */
export interface BroadcastConfig {
  /** Connections to each server. */
  readonly connections: number;
  readonly rounds: number;
}

/** A burst that failed. */
export interface BroadcastFailure {
  readonly impl: BroadcastImpl;
  /** 0 for a warm-up burst. */
  readonly round: number;
  readonly error: string;
}

/** Everything the broadcast bench measured. */
export interface BroadcastRun {
  readonly shape: BurstShape;
  readonly samples: BroadcastSample[];
  readonly failures: BroadcastFailure[];
  /** Why the bench did not run at all (too low `ulimit -n`, sgc does not load, ...). */
  skipped: string | undefined;
}

/** The burst: 20 messages of 64 B to every connection, 200,000 deliveries at 10,000 connections. */
export const BROADCAST_SHAPE: BurstShape = { messages: 20, size: 64 };

/** Unmeasured bursts per implementation first, so JIT compilation stays out of round 1. */
const WARMUP_BURSTS = 2;

/**
 * Runs the broadcast bench.
 *
 * @param config - connections and rounds
 * @param log - receives one progress line per burst
 * @returns samples, failures, and why it was skipped if it was
 */
export async function runBroadcast(config: BroadcastConfig, log: (line: string) => void): Promise<BroadcastRun> {
  const run: BroadcastRun = { shape: BROADCAST_SHAPE, samples: [], failures: [], skipped: undefined };
  // Each server child holds every connection, each client child a share of them to each server. Ephemeral
  // ports only need to be unique per destination, so each server's connections need `connections` of them.
  const problem = idleCountProblem(config.connections, openFileLimit(), ephemeralPortCount());
  if (problem) return skip(run, problem, log);
  let rig: BroadcastRig;
  try {
    rig = await startBroadcastRig(config.connections);
  } catch (error) {
    return skip(run, describeError(error), log);
  }
  try {
    for (const { impl, round } of schedule(config.rounds)) {
      try {
        const sample = await measureBurst(rig, impl, round, run.shape);
        if (round === 0) continue;
        run.samples.push(sample);
        log(progressLine(sample, config.rounds));
      } catch (error) {
        const message = describeError(error);
        run.failures.push({ impl, round, error: message });
        log(`  ${impl.padEnd(4)} ${round === 0 ? 'warm-up' : `round ${round}/${config.rounds}`} FAILED: ${message}`);
        // Messages of the failed burst may still be on their way and would count for the next one.
        log('  broadcast: stopped after a failed burst');
        return run;
      }
    }
  } finally {
    rig.kill();
  }
  return run;
}

/** The bursts in order: the unmeasured warm-up ones as round 0, then the rounds, each over both implementations. */
function schedule(rounds: number): { impl: BroadcastImpl; round: number }[] {
  const steps = BROADCAST_IMPLS.flatMap((impl) => Array.from({ length: WARMUP_BURSTS }, () => ({ impl, round: 0 })));
  for (let round = 1; round <= rounds; round++) steps.push(...BROADCAST_IMPLS.map((impl) => ({ impl, round })));
  return steps;
}

function skip(run: BroadcastRun, reason: string, log: (line: string) => void): BroadcastRun {
  run.skipped = reason;
  log(`  SKIP broadcast: ${reason}`);
  return run;
}

function progressLine(sample: BroadcastSample, rounds: number): string {
  return (
    `  ${sample.impl.padEnd(4)} round ${sample.round}/${rounds}` +
    `  ${formatNumber(sample.connections)} clients x ${sample.messages} messages` +
    `  ${formatNumber(sample.deliveriesPerSec).padStart(9)} deliveries/s` +
    `  server ${formatNumber(sample.serverUsPerDelivery, 2).padStart(5)} µs/delivery` +
    `  (${formatNumber(sample.elapsedMs)} ms)`
  );
}
