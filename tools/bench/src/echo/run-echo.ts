/**
 * The echo bench: every implementation, every payload size, in A/B rounds
 * (sgc, ws, net, sgc, ws, net, ...) so drifting machine load hits all of them
 * alike.
 *
 * @module
 */
import type { ImplName, SkippedImpl } from '../impl/types.js';
import { startEchoPair, type EchoPair } from './echo-pair.js';
import { measureEcho, warmUpPair, type EchoSample } from './measure-echo.js';
import type { LoadWindow } from '../util/load-window.js';
import { describeError } from '../util/time.js';
import { loadWindowLine, recordMeasurement, type LoadFiguresStyle, type SizeRoundFailure } from '../util/size-rounds.js';

/** What the echo bench runs. */
export interface EchoConfig extends LoadWindow {
  readonly impls: readonly ImplName[];
  readonly sizes: readonly number[];
  readonly rounds: number;
}

/** A measurement that failed. */
export type EchoFailure = SizeRoundFailure<ImplName>;

/** Everything the echo bench measured. */
export interface EchoRun {
  readonly samples: EchoSample[];
  readonly failures: EchoFailure[];
  readonly skipped: SkippedImpl[];
}

/** Round trips per second, then server and client CPU per round trip. */
const ECHO_FIGURES: LoadFiguresStyle = { op: 'RT', load: 'client', rateWidth: 8, usWidth: 7 };

/** After this many failed sizes an implementation is dropped, so a broken one cannot eat the time budget. */
const MAX_FAILED_SIZES = 2;

/**
 * Runs the echo bench.
 *
 * @param config - implementations, sizes, rounds and timing
 * @param log - receives one progress line per measurement
 * @returns samples, failures and skipped implementations
 */
export async function runEcho(config: EchoConfig, log: (line: string) => void): Promise<EchoRun> {
  const run: EchoRun = { samples: [], failures: [], skipped: [] };
  const pairs = new Map<ImplName, EchoPair>();
  const failedSizes = new Map<ImplName, number>();
  const skip = (impl: ImplName, reason: string): void => {
    run.skipped.push({ impl, reason });
    log(`  SKIP ${impl}: ${reason}`);
  };
  const isSkipped = (impl: ImplName): boolean => run.skipped.some((s) => s.impl === impl);
  try {
    for (const size of config.sizes) {
      // An implementation that failed at this size sits out its remaining rounds here.
      const failedHere = new Set<ImplName>();
      for (let round = 1; round <= config.rounds; round++) {
        for (const impl of config.impls) {
          if (isSkipped(impl) || failedHere.has(impl)) continue;
          let pair = pairs.get(impl);
          if (!pair) {
            try {
              pair = await startEchoPair(impl);
              pairs.set(impl, pair);
              await warmUpPair(pair, config.sizes, config);
            } catch (error) {
              skip(impl, describeError(error));
              continue;
            }
          }
          if (await recordMeasurement(run, { impl, size, round }, config.rounds, () => measureEcho(pair, size, round, config), progressLine, log)) continue;
          failedHere.add(impl);
          // Fresh processes for the next size: the failed ones may be in any state.
          pair.kill();
          pairs.delete(impl);
          const failures = (failedSizes.get(impl) ?? 0) + 1;
          failedSizes.set(impl, failures);
          if (failures >= MAX_FAILED_SIZES) skip(impl, `dropped after failing at ${failures} sizes`);
        }
      }
    }
  } finally {
    for (const pair of pairs.values()) pair.kill();
  }
  return run;
}

function progressLine(sample: EchoSample, rounds: number): string {
  return loadWindowLine(sample, rounds, { perSec: sample.rtPerSec, serverUs: sample.serverUsPerRt, loadUs: sample.clientUsPerRt }, ECHO_FIGURES);
}
