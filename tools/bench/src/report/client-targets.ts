/**
 * The client issue's targets: the throttle holds its configured rate within
 * 5 %, per rate and direction. Plus one bound that follows from the reconnect
 * bench's own watchdog settings (not from the issue): once the server listens
 * again, the client is back within one maximum backoff step.
 *
 * @module
 */
import type { ReconnectSummaryRow } from '../reconnect/reconnect-summary.js';
import { RECONNECT_WATCHDOG } from '../reconnect/watchdog.js';
import type { ThrottleSummaryRow } from '../throttle/throttle-summary.js';
import { THROTTLE_TOLERANCE } from '../throttle/throttle-summary.js';
import { formatBitRate, formatNumber } from '../util/format.js';
import type { TargetResult } from './targets.js';

/**
 * Slack on top of `maxDelay` for the handshake and a late timer on a loaded
 * machine: the attempt after the server is back starts at most `maxDelay` later.
 */
const RECONNECT_SLACK_MS = 100;

/** ws has neither a throttle nor a watchdog: there is nothing to compare. */
const NO_WS = '-';

/**
 * Checks the throttle rows against the tolerance.
 *
 * @param rows - from `summarizeThrottle`
 * @returns one result per rate and direction
 */
export function throttleTargets(rows: readonly ThrottleSummaryRow[]): TargetResult[] {
  const percent = Math.round(THROTTLE_TOLERANCE * 100);
  return rows.map((row) => ({
    target: `throttle ${row.direction} ${formatBitRate(row.bitsPerSecond)}, measured/configured`,
    limit: `${(1 - THROTTLE_TOLERANCE).toFixed(2)}-${(1 + THROTTLE_TOLERANCE).toFixed(2)}x (±${percent}%)`,
    sgc: row.ratio === undefined ? '-' : `${row.ratio.toFixed(3)}x`,
    wsThisRun: NO_WS,
    wsEarlier: NO_WS,
    verdict: row.verdict,
  }));
}

/**
 * Checks the p90 of listening → reconnected against the watchdog bound.
 *
 * @param rows - from `summarizeReconnect`
 * @returns the result, or none when nothing was measured
 */
export function reconnectTargets(rows: readonly ReconnectSummaryRow[]): TargetResult[] {
  const p90 = rows.find((row) => row.metric === 'afterListenMs')?.p90;
  if (p90 === undefined) return [];
  const limit = RECONNECT_WATCHDOG.maxDelay + RECONNECT_SLACK_MS;
  return [
    {
      target: 'reconnect after listening, p90 (watchdog bound, not an issue target)',
      limit: `<= ${limit} ms`,
      sgc: `${formatNumber(p90, 1)} ms`,
      wsThisRun: NO_WS,
      wsEarlier: NO_WS,
      verdict: p90 <= limit ? 'PASS' : 'FAIL',
    },
  ];
}
