/**
 * The targets table: limit, sgc's figure, ws's figure now and earlier, verdict.
 *
 * @module
 */
import type { TargetResult } from './targets.js';
import { renderTable } from './table.js';

/**
 * Renders the targets table.
 *
 * @param results - from `checkTargets`
 * @returns the table
 */
export function targetsTable(results: readonly TargetResult[]): string {
  return renderTable(
    [
      { header: 'target (sgc)', align: 'left' },
      { header: 'limit', align: 'right' },
      { header: 'sgc', align: 'right' },
      { header: 'ws this run', align: 'right' },
      { header: 'ws earlier', align: 'right' },
      { header: 'verdict', align: 'left' },
    ],
    results.map((r) => [r.target, r.limit, r.sgc, r.wsThisRun, r.wsEarlier, r.verdict]),
  );
}
