/**
 * The SSE bench: fan-out of server-sent events from sgc's `HttpServer`
 * against a plain `node:http` server (the floor), run by the shared fan-out
 * runner ({@link runFanout}) on a rig that also checks what each stream
 * received on opening.
 *
 * @module
 */
import { runFanout, type FanoutRun } from '../fanout/run-fanout.js';
import type { StreamOpenings } from './event-counter.js';
import { startSseRig } from './sse-rig.js';
import type { SseImpl } from './sse-servers.js';
import { SSE_SUITE } from './sse-suite.js';

/** What the SSE bench runs. */
export interface SseConfig {
  /** Streams to each server. */
  readonly streams: number;
  readonly rounds: number;
}

/** Everything the SSE bench measured. */
export interface SseRun extends FanoutRun<SseImpl> {
  /** What the streams to each server received on opening (checked before the first burst). */
  readonly openings: Partial<Record<SseImpl, StreamOpenings>>;
}

/**
 * Runs the SSE bench.
 *
 * @param config - streams and rounds
 * @param log - receives one progress line per burst
 * @returns samples, failures, what the streams received on opening, and why it was skipped if it was
 */
export async function runSse(config: SseConfig, log: (line: string) => void): Promise<SseRun> {
  let openings: SseRun['openings'] = {};
  const run = await runFanout(SSE_SUITE, { connections: config.streams, rounds: config.rounds }, log, async (streams) => {
    const rig = await startSseRig(streams);
    openings = Object.fromEntries(rig.openings);
    return rig;
  });
  return { ...run, openings };
}
