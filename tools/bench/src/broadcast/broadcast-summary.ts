/**
 * Medians over rounds of the broadcast bursts, and the sgc/ws ratios.
 *
 * @module
 */
import { median, relativeSpread } from '../util/stats.js';
import { BROADCAST_IMPLS, type BroadcastImpl } from './broadcast-servers.js';
import type { BroadcastSample } from './measure-burst.js';

/** Medians over rounds for one implementation. */
export interface BroadcastSummaryRow {
  readonly impl: BroadcastImpl;
  readonly connections: number;
  /** Messages per burst. */
  readonly messages: number;
  readonly rounds: number;
  readonly deliveriesPerSec: number | undefined;
  readonly serverUsPerDelivery: number | undefined;
  /** (max - min) / median of the delivery rate over rounds. */
  readonly spread: number | undefined;
}

/** sgc over ws, each the median of per-round ratios (both bursts of a round over the same connections). */
export interface BroadcastRatios {
  readonly sgcOverWsRate: number | undefined;
  readonly sgcOverWsServerCpu: number | undefined;
}

/**
 * Summarizes the samples per implementation.
 *
 * @param samples - every broadcast sample of the run
 * @returns one row per implementation with samples, sgc first
 */
export function summarizeBroadcast(samples: readonly BroadcastSample[]): BroadcastSummaryRow[] {
  const rows: BroadcastSummaryRow[] = [];
  for (const impl of BROADCAST_IMPLS) {
    const mine = samples.filter((s) => s.impl === impl);
    const first = mine[0];
    if (!first) continue;
    rows.push({
      impl,
      connections: first.connections,
      messages: first.messages,
      rounds: mine.length,
      deliveriesPerSec: median(mine.map((s) => s.deliveriesPerSec)),
      serverUsPerDelivery: median(mine.map((s) => s.serverUsPerDelivery)),
      spread: relativeSpread(mine.map((s) => s.deliveriesPerSec)),
    });
  }
  return rows;
}

/**
 * Computes sgc/ws, pairing the samples by round.
 *
 * @param samples - every broadcast sample of the run
 * @returns the ratios (`undefined` without a round that measured both)
 */
export function broadcastRatios(samples: readonly BroadcastSample[]): BroadcastRatios {
  const paired = (metric: (s: BroadcastSample) => number): number | undefined => {
    const ratios: number[] = [];
    for (const sgc of samples.filter((s) => s.impl === 'sgc')) {
      const ws = samples.find((s) => s.impl === 'ws' && s.round === sgc.round);
      if (ws && metric(ws) > 0) ratios.push(metric(sgc) / metric(ws));
    }
    return median(ratios);
  };
  return { sgcOverWsRate: paired((s) => s.deliveriesPerSec), sgcOverWsServerCpu: paired((s) => s.serverUsPerDelivery) };
}
