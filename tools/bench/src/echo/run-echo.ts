/**
 * The echo bench: every implementation, every payload size, in A/B rounds
 * (sgc, ws, net, sgc, ws, net, ...) so drifting machine load hits all of them
 * alike.
 *
 * @module
 */
import type { ImplName, SkippedImpl } from '../impl/types.js';
import { startEchoPair, type EchoPair } from './echo-pair.js';
import { measureEcho, warmUpPair, type EchoSample, type EchoWindow } from './measure-echo.js';
import { describeError } from '../util/time.js';
import { formatNumber, formatSize } from '../util/format.js';

/** What the echo bench runs. */
export interface EchoConfig extends EchoWindow {
  readonly impls: readonly ImplName[];
  readonly sizes: readonly number[];
  readonly rounds: number;
}

/** A measurement that failed. */
export interface EchoFailure {
  readonly impl: ImplName;
  readonly size: number;
  readonly round: number;
  readonly error: string;
}

/** Everything the echo bench measured. */
export interface EchoRun {
  readonly samples: EchoSample[];
  readonly failures: EchoFailure[];
  readonly skipped: SkippedImpl[];
}

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
          try {
            const sample = await measureEcho(pair, size, round, config);
            run.samples.push(sample);
            log(progressLine(sample, config.rounds));
          } catch (error) {
            const message = describeError(error);
            run.failures.push({ impl, size, round, error: message });
            log(`  ${formatSize(size).padEnd(7)} round ${round}/${config.rounds}  ${impl.padEnd(4)} FAILED: ${message}`);
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
    }
  } finally {
    for (const pair of pairs.values()) pair.kill();
  }
  return run;
}

function progressLine(sample: EchoSample, rounds: number): string {
  return (
    `  ${formatSize(sample.size).padEnd(7)} round ${sample.round}/${rounds}  ${sample.impl.padEnd(4)}` +
    ` ${formatNumber(sample.rtPerSec).padStart(8)} RT/s` +
    `  server ${formatNumber(sample.serverUsPerRt, 1).padStart(7)} µs/RT` +
    `  client ${formatNumber(sample.clientUsPerRt, 1).padStart(7)} µs/RT`
  );
}
