/**
 * The static bench's printed tables: medians per size and implementation,
 * then the sgc/floor ratios per size.
 *
 * @module
 */
import type { StaticRatioRow, StaticSummaryRow } from '../static/static-summary.js';
import { renderTable } from './table.js';
import { formatNumber, formatRatio, formatSize } from '../util/format.js';

/**
 * Renders the medians table.
 *
 * @param rows - from `summarizeStatic`
 * @returns the table
 */
export function staticMediansTable(rows: readonly StaticSummaryRow[]): string {
  return renderTable(
    [
      { header: 'file', align: 'right' },
      { header: 'impl', align: 'left' },
      { header: 'requests/s', align: 'right' },
      { header: 'server µs/req', align: 'right' },
      { header: 'load µs/req', align: 'right' },
      { header: 'errors', align: 'right' },
      { header: 'spread', align: 'right' },
      { header: 'rounds', align: 'right' },
    ],
    rows.map((row) => [
      formatSize(row.size),
      row.impl,
      formatNumber(row.requestsPerSec),
      formatNumber(row.serverUsPerRequest, 1),
      formatNumber(row.loadUsPerRequest, 1),
      formatNumber(row.errors),
      row.spread === undefined ? '-' : `${Math.round(row.spread * 100)}%`,
      String(row.rounds),
    ]),
  );
}

/**
 * Renders the ratios.
 *
 * @param rows - from `staticRatios`
 * @returns the table
 */
export function staticRatiosTable(rows: readonly StaticRatioRow[]): string {
  return renderTable(
    [
      { header: 'file', align: 'right' },
      { header: 'sgc/http requests/s', align: 'right' },
      { header: 'sgc/http server CPU', align: 'right' },
    ],
    rows.map((row) => [formatSize(row.size), formatRatio(row.sgcOverFloorRate), formatRatio(row.sgcOverFloorServerCpu)]),
  );
}
