/**
 * The runner of a fan-out bench: one server's burst against another's, over
 * the same connections from the same client processes, in rounds that
 * alternate the implementations (sgc, baseline, sgc, baseline, ...), after
 * unmeasured warm-up bursts.
 *
 * @module
 */
import { ephemeralPortCount, idleCountProblem, openFileLimit } from '../idle/limits.js';
import { describeError } from '../util/time.js';
import { formatNumber } from '../util/format.js';
import { startFanoutRig, type FanoutRig } from './fanout-rig.js';
import type { BurstShape, FanoutSuite, FanoutTerms } from './fanout-suite.js';
import { measureBurst, type FanoutSample } from './measure-burst.js';

/** What a fan-out bench runs. */
export interface FanoutConfig {
  /** Connections to each server. */
  readonly connections: number;
  readonly rounds: number;
}

/** A burst that failed. */
export interface FanoutFailure<I extends string> {
  readonly impl: I;
  /** 0 for a warm-up burst. */
  readonly round: number;
  readonly error: string;
}

/** Everything a fan-out bench measured. */
export interface FanoutRun<I extends string> {
  readonly shape: BurstShape;
  readonly samples: FanoutSample<I>[];
  readonly failures: FanoutFailure<I>[];
  /** Why the bench did not run at all (too low `ulimit -n`, sgc does not load, ...). */
  skipped: string | undefined;
}

/** Unmeasured bursts per implementation first, so JIT compilation stays out of round 1. */
const WARMUP_BURSTS = 2;

/**
 * Runs a fan-out bench.
 *
 * @param suite - the bench
 * @param config - connections and rounds
 * @param log - receives one progress line per burst
 * @param startRig - starts the children (a bench with its own checks of the connections passes its own)
 * @returns samples, failures, and why it was skipped if it was
 */
export async function runFanout<I extends string>(
  suite: FanoutSuite<I>,
  config: FanoutConfig,
  log: (line: string) => void,
  startRig: (connections: number) => Promise<FanoutRig<I>> = (connections) => startFanoutRig(suite, connections),
): Promise<FanoutRun<I>> {
  const { terms } = suite;
  const run: FanoutRun<I> = { shape: suite.shape, samples: [], failures: [], skipped: undefined };
  const skip = (reason: string): FanoutRun<I> => {
    run.skipped = reason;
    log(`  SKIP ${terms.bench}: ${reason}`);
    return run;
  };
  // Each server child holds every connection, each client child a share of them to each server. Ephemeral
  // ports only need to be unique per destination, so each server's connections need `connections` of them.
  const problem = idleCountProblem(config.connections, openFileLimit(), ephemeralPortCount());
  if (problem) return skip(problem);
  let rig: FanoutRig<I>;
  try {
    rig = await startRig(config.connections);
  } catch (error) {
    return skip(describeError(error));
  }
  try {
    for (const { impl, round } of schedule(suite.impls, config.rounds)) {
      try {
        const sample = await measureBurst(rig, impl, round, run.shape, terms);
        if (round === 0) continue;
        run.samples.push(sample);
        log(progressLine(sample, config.rounds, terms));
      } catch (error) {
        const message = describeError(error);
        run.failures.push({ impl, round, error: message });
        log(`  ${impl.padEnd(4)} ${round === 0 ? 'warm-up' : `round ${round}/${config.rounds}`} FAILED: ${message}`);
        // Messages of the failed burst may still be on their way and would count for the next one.
        log(`  ${terms.bench}: stopped after a failed burst`);
        return run;
      }
    }
  } finally {
    rig.kill();
  }
  return run;
}

/** The bursts in order: the unmeasured warm-up ones as round 0, then the rounds, each over every implementation. */
function schedule<I extends string>(impls: readonly I[], rounds: number): { impl: I; round: number }[] {
  const steps = impls.flatMap((impl) => Array.from({ length: WARMUP_BURSTS }, () => ({ impl, round: 0 })));
  for (let round = 1; round <= rounds; round++) steps.push(...impls.map((impl) => ({ impl, round })));
  return steps;
}

function progressLine(sample: FanoutSample<string>, rounds: number, terms: FanoutTerms): string {
  return (
    `  ${sample.impl.padEnd(4)} round ${sample.round}/${rounds}` +
    `  ${formatNumber(sample.connections)} ${terms.clients} x ${sample.messages} ${terms.messages}` +
    `  ${formatNumber(sample.deliveriesPerSec).padStart(9)} deliveries/s` +
    `  server ${formatNumber(sample.serverUsPerDelivery, 2).padStart(5)} µs/delivery` +
    `  (${formatNumber(sample.elapsedMs)} ms)`
  );
}
