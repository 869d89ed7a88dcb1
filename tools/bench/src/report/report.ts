/**
 * Turns a run's raw samples into the summaries, ratios and target checks
 * that are printed and saved.
 *
 * @module
 */
import type { ImplName } from '../impl/types.js';
import type { EchoRun } from '../echo/run-echo.js';
import type { IdleRun } from '../idle/run-idle.js';
import { echoRatios, summarizeEcho, type EchoRatioRow, type EchoSummaryRow } from '../echo/echo-summary.js';
import { idleRatios, summarizeIdle, type IdleRatioRow, type IdleSummaryRow } from '../idle/idle-summary.js';
import { checkTargets, type TargetResult } from './targets.js';
import { echoMediansTable, echoRatiosTable } from './echo-tables.js';
import { idleMediansTable, idleRatiosTable } from './idle-tables.js';
import { targetsTable } from './targets-table.js';

/** Everything derived from a run. */
export interface Report {
  readonly echo: { readonly medians: EchoSummaryRow[]; readonly ratios: EchoRatioRow[] } | undefined;
  readonly idle: { readonly medians: IdleSummaryRow[]; readonly ratios: IdleRatioRow[] } | undefined;
  readonly targets: TargetResult[];
}

/**
 * Summarizes a run.
 *
 * @param impls - implementations in table order
 * @param sizes - echo sizes in table order
 * @param echo - the echo run, if it ran
 * @param idle - the idle run, if it ran
 * @returns summaries, ratios and target checks
 */
export function buildReport(
  impls: readonly ImplName[],
  sizes: readonly number[],
  echo: EchoRun | undefined,
  idle: (IdleRun & { readonly counts: readonly number[] }) | undefined,
): Report {
  const echoPart = echo && { medians: summarizeEcho(echo.samples, impls, sizes), ratios: echoRatios(echo.samples, sizes) };
  const measuredCounts = idle?.counts.filter((count) => idle.samples.some((s) => s.count === count)) ?? [];
  const idlePart = idle && { medians: summarizeIdle(idle.samples, impls, measuredCounts), ratios: idleRatios(idle.samples, measuredCounts) };
  return { echo: echoPart, idle: idlePart, targets: checkTargets(echoPart?.ratios ?? [], idlePart?.ratios ?? [], idlePart?.medians ?? []) };
}

/**
 * Renders the report's tables with their headings.
 *
 * @param report - from {@link buildReport}
 * @returns the text to print
 */
export function renderReport(report: Report): string {
  const parts: string[] = [];
  if (report.echo) {
    parts.push(
      'Echo round trips: medians over rounds (CPU = user + system of each process, µs per round trip)',
      echoMediansTable(report.echo.medians),
      '',
      'Ratios (median of per-round ratios; floor = net with length-prefix framing)',
      echoRatiosTable(report.echo.ratios),
      '',
    );
  }
  if (report.idle) {
    parts.push(
      'Idle connections: server memory growth per connection after GC (KiB = 1024 B)',
      idleMediansTable(report.idle.medians),
      '',
      idleRatiosTable(report.idle.ratios),
      '',
    );
  }
  if (report.targets.length > 0) parts.push('Targets', targetsTable(report.targets), '');
  return parts.join('\n');
}
