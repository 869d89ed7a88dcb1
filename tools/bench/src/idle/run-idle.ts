/**
 * The idle-memory bench: for each connection count, A/B rounds over the
 * implementations, each measurement in fresh processes (memory, unlike CPU,
 * carries over from whatever a process did before).
 *
 * @module
 */
import type { ImplName, SkippedImpl } from '../impl/types.js';
import { ImplUnavailableError, measureIdle, type IdleSample, type IdleWindow } from './measure-idle.js';
import { ephemeralPortCount, idleCountProblem, openFileLimit } from './limits.js';
import { describeError } from '../util/time.js';
import { formatNumber } from '../util/format.js';

/** What the idle bench runs. */
export interface IdleConfig extends IdleWindow {
  readonly impls: readonly ImplName[];
  readonly counts: readonly number[];
  readonly rounds: number;
}

/** A measurement that failed. */
export interface IdleFailure {
  readonly impl: ImplName;
  readonly count: number;
  readonly round: number;
  readonly error: string;
}

/** Everything the idle bench measured. */
export interface IdleRun {
  readonly samples: IdleSample[];
  readonly failures: IdleFailure[];
  readonly skipped: SkippedImpl[];
  /** Connection counts this machine cannot hold, and why. */
  readonly skippedCounts: { readonly count: number; readonly reason: string }[];
}

/**
 * Runs the idle-memory bench.
 *
 * @param config - implementations, counts, rounds and batch size
 * @param log - receives one progress line per measurement
 * @returns samples, failures and what was skipped
 */
export async function runIdle(config: IdleConfig, log: (line: string) => void): Promise<IdleRun> {
  const run: IdleRun = { samples: [], failures: [], skipped: [], skippedCounts: [] };
  const fdLimit = openFileLimit();
  const ports = ephemeralPortCount();
  if (fdLimit === undefined) log('  warning: cannot read ulimit -n; trying every count anyway');
  for (const count of config.counts) {
    const problem = idleCountProblem(count, fdLimit, ports);
    if (problem) {
      run.skippedCounts.push({ count, reason: problem });
      log(`  SKIP ${formatNumber(count)} connections: ${problem}`);
      continue;
    }
    // A failed count is not retried in later rounds: it would most likely fail the same way.
    const failedHere = new Set<ImplName>();
    for (let round = 1; round <= config.rounds; round++) {
      for (const impl of config.impls) {
        if (failedHere.has(impl) || run.skipped.some((s) => s.impl === impl)) continue;
        try {
          const sample = await measureIdle(impl, count, round, config);
          run.samples.push(sample);
          log(progressLine(sample, config.rounds));
        } catch (error) {
          const message = describeError(error);
          if (error instanceof ImplUnavailableError) {
            run.skipped.push({ impl, reason: message });
            log(`  SKIP ${impl}: ${message}`);
          } else {
            run.failures.push({ impl, count, round, error: message });
            failedHere.add(impl);
            log(`  ${formatNumber(count).padStart(6)} conns round ${round}/${config.rounds}  ${impl.padEnd(4)} FAILED: ${message}`);
          }
        }
      }
    }
  }
  return run;
}

function progressLine(sample: IdleSample, rounds: number): string {
  return (
    `  ${formatNumber(sample.count).padStart(6)} conns round ${sample.round}/${rounds}  ${sample.impl.padEnd(4)}` +
    `  heap ${formatNumber(sample.heapPerConn / 1024, 2).padStart(6)} KiB/conn` +
    `  rss ${formatNumber(sample.rssPerConn / 1024, 2).padStart(6)} KiB/conn` +
    `  (opened in ${formatNumber(sample.openMs)} ms)`
  );
}
