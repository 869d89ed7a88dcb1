/**
 * The printed tables of a fan-out bench: medians per implementation, then the
 * sgc/baseline ratios. The broadcast and SSE tables are these with their
 * bench's words (`clients` and `messages/burst`, `streams` and `events/burst`).
 *
 * @module
 */
import type { FanoutRatios, FanoutSummaryRow } from '../fanout/fanout-summary.js';
import type { FanoutTerms } from '../fanout/fanout-suite.js';
import { renderTable } from './table.js';
import { formatNumber, formatRatio } from '../util/format.js';

/**
 * Renders the medians table. The connection count is a column because
 * `--quick` runs fewer than the full run.
 *
 * @param rows - from `summarizeFanout`
 * @param terms - the bench's words for the count and message columns
 * @returns the table
 */
export function fanoutMediansTable(rows: readonly FanoutSummaryRow<string>[], terms: FanoutTerms): string {
  return renderTable(
    [
      { header: terms.clients, align: 'right' },
      { header: `${terms.messages}/burst`, align: 'right' },
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
 * @param ratios - from `fanoutRatios`
 * @param connections - the connections each server had
 * @param terms - the bench's word for the count column
 * @returns the table
 */
export function fanoutRatiosTable(ratios: FanoutRatios, connections: number, terms: FanoutTerms): string {
  return renderTable(
    [
      { header: terms.clients, align: 'right' },
      { header: `${ratios.pair} deliveries/s`, align: 'right' },
      { header: `${ratios.pair} server CPU`, align: 'right' },
    ],
    [[formatNumber(connections), formatRatio(ratios.rate), formatRatio(ratios.serverCpu)]],
  );
}
