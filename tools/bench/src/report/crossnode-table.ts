/**
 * The cross-node bench's printed table: latency per path over all publishes.
 *
 * @module
 */
import type { CrossnodePath, CrossnodeSummaryRow } from '../crossnode/crossnode-summary.js';
import { renderTable } from './table.js';
import { formatNumber } from '../util/format.js';

/** Row labels: where each latency runs from and to. */
const LABELS: Record<CrossnodePath, string> = {
  sameNode: 'same node: A -> client on A',
  crossNode: 'cross node: A -> Redis -> B -> client on B',
  redisHop: 'Redis hop: cross - same, per publish',
};

/**
 * Renders the cross-node table.
 *
 * @param rows - from `summarizeCrossnode`
 * @returns the table
 */
export function crossnodeTable(rows: readonly CrossnodeSummaryRow[]): string {
  const ms = (value: number | undefined): string => formatNumber(value, 3);
  return renderTable(
    [
      { header: 'path', align: 'left' },
      { header: 'publishes', align: 'right' },
      { header: 'median ms', align: 'right' },
      { header: 'p99 ms', align: 'right' },
      { header: 'min ms', align: 'right' },
      { header: 'max ms', align: 'right' },
    ],
    rows.map((row) => [LABELS[row.path], formatNumber(row.publishes), ms(row.median), ms(row.p99), ms(row.min), ms(row.max)]),
  );
}
