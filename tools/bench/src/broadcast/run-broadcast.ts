/**
 * The broadcast bench: sgc's `broadcast()` against ws's loop over its
 * clients, run by the shared fan-out runner ({@link runFanout}).
 *
 * @module
 */
import { runFanout, type FanoutConfig, type FanoutRun } from '../fanout/run-fanout.js';
import type { BroadcastImpl } from './broadcast-servers.js';
import { BROADCAST_SUITE } from './broadcast-suite.js';

/** What the broadcast bench runs: clients on each server, and rounds. */
export type BroadcastConfig = FanoutConfig;

/** Everything the broadcast bench measured. */
export type BroadcastRun = FanoutRun<BroadcastImpl>;

/**
 * Runs the broadcast bench.
 *
 * @param config - connections and rounds
 * @param log - receives one progress line per burst
 * @returns samples, failures, and why it was skipped if it was
 */
export function runBroadcast(config: BroadcastConfig, log: (line: string) => void): Promise<BroadcastRun> {
  return runFanout(BROADCAST_SUITE, config, log);
}
