/**
 * The throttle bench's printed table: measured rate against configured rate,
 * per direction, with the issue's ±5 % verdict.
 *
 * @module
 */
import type { ThrottleSummaryRow } from '../throttle/throttle-summary.js';
import { renderTable } from './table.js';
import { formatBitRate, formatNumber, formatSize } from '../util/format.js';

/**
 * Renders the throttle table.
 *
 * @param rows - from `summarizeThrottle`
 * @returns the table
 */
export function throttleTable(rows: readonly ThrottleSummaryRow[]): string {
  return renderTable(
    [
      { header: 'direction', align: 'left' },
      { header: 'configured', align: 'right' },
      { header: 'message', align: 'right' },
      { header: 'measured Mbit/s', align: 'right' },
      { header: 'ratio', align: 'right' },
      { header: 'spread', align: 'right' },
      { header: 'rounds', align: 'right' },
      { header: 'verdict', align: 'left' },
    ],
    rows.map((row) => [
      row.direction,
      formatBitRate(row.bitsPerSecond),
      formatSize(row.messageSize),
      formatNumber(row.measuredBitsPerSecond === undefined ? undefined : row.measuredBitsPerSecond / 1e6, 3),
      row.ratio === undefined ? '-' : `${row.ratio.toFixed(3)}x`,
      row.spread === undefined ? '-' : `${(row.spread * 100).toFixed(1)}%`,
      String(row.rounds),
      row.verdict,
    ]),
  );
}
