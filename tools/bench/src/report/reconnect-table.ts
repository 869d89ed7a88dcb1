/**
 * The reconnect bench's printed table: median, p90 and range of each part of
 * the outage.
 *
 * @module
 */
import type { ReconnectMetric, ReconnectSummaryRow } from '../reconnect/reconnect-summary.js';
import { renderTable } from './table.js';
import { formatNumber } from '../util/format.js';

/** Row labels: what each interval runs from and to. */
const LABELS: Record<ReconnectMetric, string> = {
  detectMs: 'kill -> client sees the close',
  restartMs: 'kill -> new server listening',
  afterListenMs: 'listening -> reconnected',
  outageMs: 'kill -> reconnected (outage)',
  attempts: 'attempts (incl. the successful one)',
};

/**
 * Renders the reconnect table.
 *
 * @param rows - from `summarizeReconnect`
 * @returns the table
 */
export function reconnectTable(rows: readonly ReconnectSummaryRow[]): string {
  const cell = (row: ReconnectSummaryRow, value: number | undefined): string =>
    row.metric === 'attempts' ? formatNumber(value, Number.isInteger(value) ? 0 : 1) : formatNumber(value, 1);
  return renderTable(
    [
      { header: 'interval', align: 'left' },
      { header: 'median', align: 'right' },
      { header: 'p90', align: 'right' },
      { header: 'min', align: 'right' },
      { header: 'max', align: 'right' },
    ],
    rows.map((row) => [
      LABELS[row.metric] + (row.metric === 'attempts' ? '' : ', ms'),
      cell(row, row.median),
      cell(row, row.p90),
      cell(row, row.min),
      cell(row, row.max),
    ]),
  );
}
