/**
 * The echo bench's printed tables: medians per implementation and size, then
 * the ratios.
 *
 * @module
 */
import type { EchoRatioRow, EchoSummaryRow } from '../echo/echo-summary.js';
import { renderTable } from './table.js';
import { formatNumber, formatRatio, formatSize } from '../util/format.js';

/**
 * Renders the medians table.
 *
 * @param rows - from `summarizeEcho`
 * @returns the table
 */
export function echoMediansTable(rows: readonly EchoSummaryRow[]): string {
  return renderTable(
    [
      { header: 'payload', align: 'left' },
      { header: 'impl', align: 'left' },
      { header: 'RT/s', align: 'right' },
      { header: 'server µs/RT', align: 'right' },
      { header: 'client µs/RT', align: 'right' },
      { header: 'total µs/RT', align: 'right' },
      { header: 'spread', align: 'right' },
      { header: 'rounds', align: 'right' },
    ],
    rows.map((row) => [
      formatSize(row.size),
      row.impl,
      formatNumber(row.rtPerSec),
      formatNumber(row.serverUsPerRt, 1),
      formatNumber(row.clientUsPerRt, 1),
      formatNumber(row.totalUsPerRt, 1),
      row.spread === undefined ? '-' : `${Math.round(row.spread * 100)}%`,
      String(row.rounds),
    ]),
  );
}

/**
 * Renders the ratios table.
 *
 * @param rows - from `echoRatios`
 * @returns the table
 */
export function echoRatiosTable(rows: readonly EchoRatioRow[]): string {
  return renderTable(
    [
      { header: 'payload', align: 'left' },
      { header: 'sgc/floor CPU', align: 'right' },
      { header: 'ws/floor CPU', align: 'right' },
      { header: 'sgc/ws RT/s', align: 'right' },
      { header: 'sgc/ws server CPU', align: 'right' },
    ],
    rows.map((row) => [
      formatSize(row.size),
      formatRatio(row.sgcOverFloorCpu),
      formatRatio(row.wsOverFloorCpu),
      formatRatio(row.sgcOverWsThroughput),
      formatRatio(row.sgcOverWsServerCpu),
    ]),
  );
}
