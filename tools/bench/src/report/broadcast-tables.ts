/**
 * The broadcast bench's printed tables: medians per implementation, then the
 * sgc/ws ratios.
 *
 * @module
 */
import type { BroadcastRatios, BroadcastSummaryRow } from '../broadcast/broadcast-summary.js';
import { renderTable } from './table.js';
import { formatNumber, formatRatio } from '../util/format.js';

/**
 * Renders the medians table. The connection count is a column because
 * `--quick` runs fewer than the full 10,000.
 *
 * @param rows - from `summarizeBroadcast`
 * @returns the table
 */
export function broadcastMediansTable(rows: readonly BroadcastSummaryRow[]): string {
  return renderTable(
    [
      { header: 'clients', align: 'right' },
      { header: 'messages/burst', align: 'right' },
      { header: 'impl', align: 'left' },
      { header: 'deliveries/s', align: 'right' },
      { header: 'server µs/delivery', align: 'right' },
      { header: 'spread', align: 'right' },
      { header: 'rounds', align: 'right' },
    ],
    rows.map((row) => [
      formatNumber(row.connections),
      formatNumber(row.messages),
      row.impl,
      formatNumber(row.deliveriesPerSec),
      formatNumber(row.serverUsPerDelivery, 2),
      row.spread === undefined ? '-' : `${Math.round(row.spread * 100)}%`,
      String(row.rounds),
    ]),
  );
}

/**
 * Renders the ratios.
 *
 * @param ratios - from `broadcastRatios`
 * @param connections - the clients each server had
 * @returns the table
 */
export function broadcastRatiosTable(ratios: BroadcastRatios, connections: number): string {
  return renderTable(
    [
      { header: 'clients', align: 'right' },
      { header: 'sgc/ws deliveries/s', align: 'right' },
      { header: 'sgc/ws server CPU', align: 'right' },
    ],
    [[formatNumber(connections), formatRatio(ratios.sgcOverWsRate), formatRatio(ratios.sgcOverWsServerCpu)]],
  );
}
