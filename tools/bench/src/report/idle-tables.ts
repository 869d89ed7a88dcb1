/**
 * The idle bench's printed tables: server memory per connection, then sgc/ws.
 *
 * @module
 */
import type { IdleRatioRow, IdleSummaryRow } from '../idle/idle-summary.js';
import { renderTable } from './table.js';
import { formatNumber, formatRatio } from '../util/format.js';

/**
 * Renders the per-connection memory table (KiB = 1024 bytes).
 *
 * @param rows - from `summarizeIdle`
 * @returns the table
 */
export function idleMediansTable(rows: readonly IdleSummaryRow[]): string {
  const kib = (bytes: number | undefined): string => formatNumber(bytes === undefined ? undefined : bytes / 1024, 2);
  return renderTable(
    [
      { header: 'connections', align: 'right' },
      { header: 'impl', align: 'left' },
      { header: 'heap KiB/conn', align: 'right' },
      { header: 'RSS KiB/conn', align: 'right' },
      { header: 'external KiB/conn', align: 'right' },
      { header: 'rounds', align: 'right' },
    ],
    rows.map((row) => [formatNumber(row.count), row.impl, kib(row.heapPerConn), kib(row.rssPerConn), kib(row.externalPerConn), String(row.rounds)]),
  );
}

/**
 * Renders the sgc/ws ratios.
 *
 * @param rows - from `idleRatios`
 * @returns the table
 */
export function idleRatiosTable(rows: readonly IdleRatioRow[]): string {
  return renderTable(
    [
      { header: 'connections', align: 'right' },
      { header: 'sgc/ws heap', align: 'right' },
      { header: 'sgc/ws RSS', align: 'right' },
    ],
    rows.map((row) => [formatNumber(row.count), formatRatio(row.sgcOverWsHeap), formatRatio(row.sgcOverWsRss)]),
  );
}
