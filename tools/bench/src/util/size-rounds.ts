/**
 * The bookkeeping of the benches that measure each size in A/B rounds, one
 * load window per measurement (echo, static files): each measurement ends as
 * a sample with its progress line, or as a failure with its `FAILED` line, and
 * both benches' lines are laid out alike so their logs read alike:
 * `  1 KiB   round 2/5  sgc    3,275 req/s  server  230.8 µs/req  load   92.7 µs/req`.
 *
 * @module
 */
import { describeError } from './time.js';
import { formatNumber, formatSize } from './format.js';

/** Which measurement: implementation, size, A/B round. */
export interface SizeRound<I extends string = string> {
  readonly impl: I;
  readonly size: number;
  readonly round: number;
}

/** A measurement that failed. */
export interface SizeRoundFailure<I extends string> extends SizeRound<I> {
  readonly error: string;
}

/** Where a bench keeps what it measured. */
export interface SizeRoundRun<I extends string, S> {
  readonly samples: S[];
  readonly failures: SizeRoundFailure<I>[];
}

/** The figures of one window (`measureLoadWindow`). */
export interface LoadFigures {
  /** Operations per second: round trips, requests. */
  readonly perSec: number;
  /** Server CPU per operation, in µs. */
  readonly serverUs: number;
  /** The load process's CPU per operation, in µs. */
  readonly loadUs: number;
}

/** How a bench names and aligns those figures. */
export interface LoadFiguresStyle {
  /** The operation: `RT`, `req`. */
  readonly op: string;
  /** The load process: `client`, `load`. */
  readonly load: string;
  /** Columns of the rate and of each CPU figure. */
  readonly rateWidth: number;
  readonly usWidth: number;
}

/**
 * The start of a line: size, round and implementation.
 *
 * @param at - which measurement
 * @param rounds - rounds in all
 * @returns the label, to be followed by the figures or `FAILED: …`
 */
export function sizeRoundLabel(at: SizeRound, rounds: number): string {
  return `  ${formatSize(at.size).padEnd(7)} round ${at.round}/${rounds}  ${at.impl.padEnd(4)}`;
}

/**
 * A whole line for a measurement that succeeded.
 *
 * @param at - which measurement
 * @param rounds - rounds in all
 * @param figures - the rate and the CPU per operation
 * @param style - the bench's units and columns
 * @returns the line
 */
export function loadWindowLine(at: SizeRound, rounds: number, figures: LoadFigures, style: LoadFiguresStyle): string {
  return (
    sizeRoundLabel(at, rounds) +
    ` ${formatNumber(figures.perSec).padStart(style.rateWidth)} ${style.op}/s` +
    `  server ${formatNumber(figures.serverUs, 1).padStart(style.usWidth)} µs/${style.op}` +
    `  ${style.load} ${formatNumber(figures.loadUs, 1).padStart(style.usWidth)} µs/${style.op}`
  );
}

/**
 * Takes one measurement and records it in the run, with its line in the log.
 *
 * @param run - receives the sample or the failure
 * @param at - which measurement
 * @param rounds - rounds in all, for the lines
 * @param measure - takes the measurement
 * @param progressLine - the line of a sample
 * @param log - receives the line
 * @returns whether the measurement succeeded (after a failure the bench decides what follows)
 */
export async function recordMeasurement<I extends string, S>(
  run: SizeRoundRun<I, S>,
  at: SizeRound<I>,
  rounds: number,
  measure: () => Promise<S>,
  progressLine: (sample: S, rounds: number) => string,
  log: (line: string) => void,
): Promise<boolean> {
  try {
    const sample = await measure();
    run.samples.push(sample);
    log(progressLine(sample, rounds));
    return true;
  } catch (error) {
    const message = describeError(error);
    run.failures.push({ impl: at.impl, size: at.size, round: at.round, error: message });
    log(`${sizeRoundLabel(at, rounds)} FAILED: ${message}`);
    return false;
  }
}
