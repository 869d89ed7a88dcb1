/**
 * Suite summaries: the per-category pass/fail table printed to stdout,
 * and the reports written to disk in Autobahn's shapes (`index.json` maps
 * agent -> case id -> {behavior, behaviorClose, duration, remoteCloseCode,
 * reportfile}; one JSON file per case).
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_LIMITS, type Limits } from './limits.js';
import type { CaseResult } from './result.js';
import type { Outcome } from './verdict.js';

/** The harness's own name for the role of the implementation under test. */
export type TesteeRole = 'server' | 'client';

/** Everything a suite run produced. */
export interface SuiteReport {
  agent: string;
  /** Role of the testee (the fuzzer had the other one). */
  testee: TesteeRole;
  results: CaseResult[];
  /** Every case passed (OK or INFORMATIONAL on both verdicts). */
  passed: boolean;
  /** Wall time of the whole run. */
  durationMs: number;
  /** The scaling used (Autobahn's numbers unless reduced). */
  limits: Limits;
  /** Set when the client driver crashed or timed out. */
  driverError?: string;
}

/** One row of the summary table. */
export interface CategoryRow {
  category: string;
  total: number;
  counts: Record<Outcome, number>;
}

const OUTCOMES: Outcome[] = ['OK', 'NON-STRICT', 'FAILED', 'INFORMATIONAL', 'UNIMPLEMENTED'];

/** Autobahn's category names (case/__init__.py). */
export const CATEGORY_NAMES: Record<string, string> = {
  '1': 'Framing',
  '2': 'Pings/Pongs',
  '3': 'Reserved Bits',
  '4': 'Opcodes',
  '5': 'Fragmentation',
  '6': 'UTF-8 Handling',
  '7': 'Close Handling',
  '9': 'Limits/Performance',
  '10': 'Misc',
  '12': 'WebSocket Compression',
  '13': 'Compression Parameters',
};

/**
 * Counts outcomes per top-level category, in numeric order.
 *
 * @param results - case records
 * @returns table rows
 */
export function summarize(results: readonly CaseResult[]): CategoryRow[] {
  const rows = new Map<string, CategoryRow>();
  for (const r of results) {
    const category = r.id.split('.')[0] ?? r.id;
    let row = rows.get(category);
    if (!row) {
      row = { category, total: 0, counts: { OK: 0, 'NON-STRICT': 0, FAILED: 0, INFORMATIONAL: 0, UNIMPLEMENTED: 0 } };
      rows.set(category, row);
    }
    row.total++;
    row.counts[r.outcome]++;
  }
  return [...rows.values()].sort((a, b) => Number(a.category) - Number(b.category));
}

/**
 * Renders the summary table and the list of cases that did not pass.
 *
 * @param report - a finished run
 * @returns printable text
 */
export function formatReport(report: SuiteReport): string {
  const rows = summarize(report.results);
  const header = ['Category', 'Total', ...OUTCOMES];
  const body = rows.map((r) => [`${r.category} ${CATEGORY_NAMES[r.category] ?? ''}`.trim(), String(r.total), ...OUTCOMES.map((o) => String(r.counts[o]))]);
  const totals = OUTCOMES.map((o) => String(rows.reduce((n, r) => n + r.counts[o], 0)));
  body.push(['All', String(report.results.length), ...totals]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [
    `Autobahn-style conformance: ${report.agent} as ${report.testee} (${(report.durationMs / 1000).toFixed(1)} s)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(body[body.length - 1] ?? []),
  ];
  const failing = report.results.filter((r) => !r.passed);
  if (failing.length > 0) {
    out.push('', 'Not passed:');
    for (const r of failing) out.push(`  ${r.id.padEnd(9)} ${r.behavior}/${r.behaviorClose} close=${r.remoteCloseCode ?? '-'}  ${r.behavior === 'OK' ? r.resultClose : r.result}`);
  }
  if (report.driverError) out.push('', `Driver: ${report.driverError}`);
  const reduced = reductions(report);
  if (reduced.length > 0) out.push('', `Reduced run (see Limits): ${reduced.join('; ')}`);
  out.push('', report.passed ? 'RESULT: PASS' : 'RESULT: FAIL');
  return out.join('\n');
}

/** Where a run was smaller than Autobahn's, for the cases it contains. */
function reductions(report: SuiteReport): string[] {
  const l = report.limits;
  const ran = (prefix: string): boolean => report.results.some((r) => r.id.startsWith(prefix));
  const out: string[] = [];
  if (l.deflateMessages !== FULL_LIMITS.deflateMessages && (ran('12.') || ran('13.'))) out.push(`12.x/13.x sent ${l.deflateMessages} messages per case (Autobahn: ${FULL_LIMITS.deflateMessages})`);
  if (l.roundTrips !== FULL_LIMITS.roundTrips && (ran('9.7.') || ran('9.8.'))) out.push(`9.7/9.8 sent ${l.roundTrips} messages per case (Autobahn: ${FULL_LIMITS.roundTrips})`);
  if (l.sizeDivisor !== 1 && ran('9.')) out.push(`9.1-9.6 sizes divided by ${l.sizeDivisor}`);
  return out;
}

/** Default report root: `tools/conformance/reports` (git-ignored). */
export const DEFAULT_REPORT_DIR = fileURLToPath(new URL('../reports/', import.meta.url));

/**
 * File name of a case's detail report, as Autobahn builds it.
 *
 * @param agent - agent name
 * @param id - case id
 * @returns e.g. `ws_case_6_4_1.json`
 */
export function caseReportName(agent: string, id: string): string {
  const clean = agent.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return `${clean}_case_${id.replace(/\./g, '_')}.json`;
}

/**
 * Writes `<dir>/<agent>/index.json` and one JSON file per case.
 *
 * @param report - a finished run
 * @param dir - report root
 * @returns path of index.json
 */
export async function writeReport(report: SuiteReport, dir = DEFAULT_REPORT_DIR): Promise<string> {
  const folder = join(dir, report.agent.replace(/[\\/]/g, '_'));
  await mkdir(folder, { recursive: true });
  const index: Record<string, Record<string, unknown>> = { [report.agent]: {} };
  const entries = index[report.agent] as Record<string, unknown>;
  for (const r of report.results) {
    const reportfile = caseReportName(report.agent, r.id);
    entries[r.id] = { behavior: r.behavior, behaviorClose: r.behaviorClose, duration: r.duration, remoteCloseCode: r.remoteCloseCode, reportfile };
    await writeFile(join(folder, reportfile), JSON.stringify(r, null, 2));
  }
  const path = join(folder, 'index.json');
  await writeFile(path, JSON.stringify(index, null, 3));
  await writeFile(
    join(folder, 'summary.json'),
    JSON.stringify({ agent: report.agent, testee: report.testee, passed: report.passed, durationMs: report.durationMs, limits: report.limits, categories: summarize(report.results) }, null, 2),
  );
  return path;
}
