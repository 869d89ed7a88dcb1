/**
 * The static bench: requests per second for a static file from sgc's
 * `HttpServer` against a plain `node:http` server (the floor), per file size,
 * in A/B rounds (sgc, http, sgc, http, ...) so drifting machine load hits
 * both alike.
 *
 * @module
 */
import { ephemeralPortCount, idleCountProblem, openFileLimit } from '../idle/limits.js';
import { describeError } from '../util/time.js';
import { formatNumber } from '../util/format.js';
import { loadWindowLine, recordMeasurement, type LoadFiguresStyle, type SizeRoundFailure } from '../util/size-rounds.js';
import type { LoadWindow } from '../util/load-window.js';
import { measureStatic, warmUpStatic, type StaticSample } from './measure-static.js';
import { createStaticFiles, type StaticFiles } from './static-files.js';
import { startStaticRig, type StaticRig } from './static-rig.js';
import { STATIC_IMPLS, type StaticImpl } from './static-servers.js';

/** Pool connections of the load generator, each with one request in flight. */
export const STATIC_CONNECTIONS = 16;

/** What the static bench runs. */
export interface StaticConfig {
  /** File sizes in bytes. */
  readonly sizes: readonly number[];
  /** A/B rounds; each round measures both servers once per size. */
  readonly rounds: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

/** A measurement that failed. */
export type StaticFailure = SizeRoundFailure<StaticImpl>;

/** Everything the static bench measured. */
export interface StaticRun {
  readonly sizes: readonly number[];
  readonly connections: number;
  readonly samples: StaticSample[];
  readonly failures: StaticFailure[];
  /** Why the bench did not run at all (sgc does not load, no temporary directory, ...). */
  skipped: string | undefined;
}

/** Requests per second, then server and load-child CPU per request. */
const STATIC_FIGURES: LoadFiguresStyle = { op: 'req', load: 'load', rateWidth: 7, usWidth: 6 };

/** After this many failed measurements the bench stops: something is broken, and each costs a window. */
const MAX_FAILURES = 3;

/**
 * Runs the static bench.
 *
 * @param config - sizes, rounds and timing
 * @param log - receives one progress line per measurement
 * @returns samples, failures, and why it was skipped if it was
 */
export async function runStatic(config: StaticConfig, log: (line: string) => void): Promise<StaticRun> {
  const run: StaticRun = { sizes: config.sizes, connections: STATIC_CONNECTIONS, samples: [], failures: [], skipped: undefined };
  const window: LoadWindow = { warmupMs: config.warmupMs, measureMs: config.measureMs, connections: STATIC_CONNECTIONS };
  const problem = idleCountProblem(STATIC_CONNECTIONS, openFileLimit(), ephemeralPortCount());
  if (problem) return skip(run, problem, log);
  let files: StaticFiles;
  try {
    files = await createStaticFiles(config.sizes);
  } catch (error) {
    return skip(run, `cannot write the files: ${describeError(error)}`, log);
  }
  let rig: StaticRig | undefined;
  try {
    try {
      rig = await startStaticRig(files);
    } catch (error) {
      return skip(run, describeError(error), log);
    }
    for (const size of config.sizes) for (const impl of STATIC_IMPLS) await warmUpStatic(rig, impl, size, window);
    await measureRounds(rig, config, window, run, log);
  } finally {
    rig?.kill();
    await files.remove().catch(() => {});
  }
  return run;
}

/** Measures every size in A/B rounds, until done or after {@link MAX_FAILURES} failed measurements. */
async function measureRounds(rig: StaticRig, config: StaticConfig, window: LoadWindow, run: StaticRun, log: (line: string) => void): Promise<void> {
  for (const size of config.sizes) {
    for (let round = 1; round <= config.rounds; round++) {
      for (const impl of STATIC_IMPLS) {
        if (await recordMeasurement(run, { impl, size, round }, config.rounds, () => measureStatic(rig, impl, size, round, window), progressLine, log)) continue;
        if (run.failures.length >= MAX_FAILURES) {
          log(`  static: stopped after ${run.failures.length} failed measurements`);
          return;
        }
      }
    }
  }
}

function skip(run: StaticRun, reason: string, log: (line: string) => void): StaticRun {
  run.skipped = reason;
  log(`  SKIP static: ${reason}`);
  return run;
}

function progressLine(sample: StaticSample, rounds: number): string {
  const figures = { perSec: sample.requestsPerSec, serverUs: sample.serverUsPerRequest, loadUs: sample.loadUsPerRequest };
  return (
    loadWindowLine(sample, rounds, figures, STATIC_FIGURES) +
    (sample.errors > 0 ? `  ${formatNumber(sample.errors)} errors (${sample.errorTexts[0] ?? '?'})` : '')
  );
}
