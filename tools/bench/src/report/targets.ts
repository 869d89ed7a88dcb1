/**
 * The targets for sgc, checked against this run's ratios, with the
 * figures measured for ws earlier (WS-ANCHORS.md §4) next to them.
 *
 * @module
 */
import type { EchoRatioRow } from '../echo/echo-summary.js';
import type { IdleRatioRow, IdleSummaryRow } from '../idle/idle-summary.js';
import { formatNumber, formatRatio, formatSize } from '../util/format.js';

/** One target's outcome. */
export interface TargetResult {
  readonly target: string;
  readonly limit: string;
  /** sgc's figure this run, formatted. */
  readonly sgc: string;
  /** ws's figure this run, formatted. */
  readonly wsThisRun: string;
  /** ws's figure from the earlier measurement. */
  readonly wsEarlier: string;
  /** `n/a` when sgc (or the comparison side) was not measured. */
  readonly verdict: 'PASS' | 'FAIL' | 'n/a';
}

/** CPU targets: sgc's (server + client) CPU per round trip over the net floor's. */
const CPU_TARGETS = [
  { size: 64, maxOverFloor: 1.1, wsEarlier: '~1.3x' },
  { size: 64 << 10, maxOverFloor: 1.6, wsEarlier: '~5x' },
] as const;

/** ws's heap per idle connection measured earlier (2.7-3.2 KB at 1k-10k). */
const WS_EARLIER_IDLE_HEAP = '~2.6 KB';

/**
 * Checks every target this run has data for.
 *
 * @param echo - ratios per payload size (empty if the echo bench was skipped)
 * @param idle - sgc/ws ratios per connection count (empty if the idle bench was skipped)
 * @param idleRows - per-implementation medians, for the ws figure
 * @returns one result per target
 */
export function checkTargets(echo: readonly EchoRatioRow[], idle: readonly IdleRatioRow[], idleRows: readonly IdleSummaryRow[]): TargetResult[] {
  const results: TargetResult[] = [];
  for (const target of CPU_TARGETS) {
    const row = echo.find((r) => r.size === target.size);
    if (!row) continue;
    results.push({
      target: `CPU/RT vs net floor, ${formatSize(target.size)}`,
      limit: `<= ${target.maxOverFloor.toFixed(2)}x`,
      sgc: formatRatio(row.sgcOverFloorCpu),
      wsThisRun: formatRatio(row.wsOverFloorCpu),
      wsEarlier: target.wsEarlier,
      verdict: verdict(row.sgcOverFloorCpu, target.maxOverFloor),
    });
  }
  for (const row of idle) {
    const ws = idleRows.find((r) => r.impl === 'ws' && r.count === row.count);
    results.push({
      target: `idle heap/conn vs ws, ${formatNumber(row.count)} conns`,
      limit: '<= 1.00x',
      sgc: formatRatio(row.sgcOverWsHeap),
      wsThisRun: ws?.heapPerConn === undefined ? '-' : `${formatNumber(ws.heapPerConn / 1024, 2)} KiB`,
      wsEarlier: WS_EARLIER_IDLE_HEAP,
      verdict: verdict(row.sgcOverWsHeap, 1),
    });
  }
  return results;
}

function verdict(measured: number | undefined, limit: number): TargetResult['verdict'] {
  if (measured === undefined) return 'n/a';
  return measured <= limit ? 'PASS' : 'FAIL';
}
