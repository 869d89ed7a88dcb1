/**
 * The throttle bench: for each configured rate, the sgc client's send and
 * receive throttles, in rounds that go through every rate and direction in
 * turn (1 send, 1 receive, 4 send, ...), so drifting machine load hits them alike.
 *
 * @module
 */
import { describeError } from '../util/time.js';
import { formatBitRate, formatNumber, formatSize } from '../util/format.js';
import { measureRate, THROTTLE_DIRECTIONS, type ThrottleDirection, type ThrottleSample, type ThrottleWindow } from './measure-rate.js';
import { startThrottleRig, type ThrottleRig } from './throttle-rig.js';
import { throttleVerdict } from './throttle-summary.js';

/** What the throttle bench runs. */
export interface ThrottleConfig extends ThrottleWindow {
  /** Configured rates in bits per second. */
  readonly rates: readonly number[];
  readonly rounds: number;
}

/** A measurement that failed. */
export interface ThrottleFailure {
  readonly direction: ThrottleDirection;
  readonly bitsPerSecond: number;
  readonly round: number;
  readonly error: string;
}

/** Everything the throttle bench measured. */
export interface ThrottleRun {
  readonly samples: ThrottleSample[];
  readonly failures: ThrottleFailure[];
  /** Why the bench did not run at all (sgc does not load, say). */
  skipped: string | undefined;
}

/** After this many failures the bench stops: something is broken, not slow. */
const MAX_FAILURES = 3;

/**
 * Runs the throttle bench.
 *
 * @param config - rates, rounds and timing
 * @param log - receives one progress line per measurement
 * @returns samples, failures, and why it was skipped if it was
 */
export async function runThrottle(config: ThrottleConfig, log: (line: string) => void): Promise<ThrottleRun> {
  const run: ThrottleRun = { samples: [], failures: [], skipped: undefined };
  let rig: ThrottleRig | undefined;
  try {
    for (let round = 1; round <= config.rounds; round++) {
      for (const bitsPerSecond of config.rates) {
        for (const direction of THROTTLE_DIRECTIONS) {
          if (run.skipped !== undefined || run.failures.length >= MAX_FAILURES) return run;
          if (!rig) {
            try {
              rig = await startThrottleRig();
            } catch (error) {
              run.skipped = describeError(error);
              log(`  SKIP throttle: ${run.skipped}`);
              return run;
            }
          }
          try {
            const sample = await measureRate(rig, direction, bitsPerSecond, round, config);
            run.samples.push(sample);
            log(progressLine(sample, config.rounds));
          } catch (error) {
            const message = describeError(error);
            run.failures.push({ direction, bitsPerSecond, round, error: message });
            log(`  ${formatBitRate(bitsPerSecond).padStart(11)} ${direction.padEnd(7)} round ${round}/${config.rounds} FAILED: ${message}`);
            // Fresh processes for the next measurement: the failed ones may be in any state.
            rig.kill();
            rig = undefined;
            if (run.failures.length >= MAX_FAILURES) log(`  throttle: stopped after ${run.failures.length} failures`);
          }
        }
      }
    }
  } finally {
    rig?.kill();
  }
  return run;
}

function progressLine(sample: ThrottleSample, rounds: number): string {
  return (
    `  ${formatBitRate(sample.bitsPerSecond).padStart(11)} ${sample.direction.padEnd(7)} round ${sample.round}/${rounds}` +
    `  ${formatNumber(sample.frameBitsPerSecond / 1e6, 3).padStart(7)} Mbit/s measured  ${sample.ratio.toFixed(3)}x` +
    `  ${throttleVerdict(sample.ratio)}  (${formatNumber(sample.messages)} x ${formatSize(sample.messageSize)} in ${formatNumber(sample.spanMs)} ms)`
  );
}
