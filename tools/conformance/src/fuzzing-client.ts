/**
 * The fuzzing client: tests a WebSocket server that echoes every text and
 * binary message, one fresh connection per case, as Autobahn's
 * `wstest -m fuzzingclient` does.
 *
 * @module
 */
import { allCases, selectCases } from './cases/index.js';
import type { CaseDefinition } from './case-definition.js';
import { connectWebSocket } from './client-connect.js';
import { executeCase } from './execute-case.js';
import { type Limits, resolveLimits } from './limits.js';
import { DEFAULT_REPORT_DIR, type SuiteReport, writeReport } from './report.js';
import { type CaseResult, neverOpenResult } from './result.js';

/** Options of {@link runServerSuite}. */
export interface ServerSuiteOptions {
  /** The echo server, e.g. `ws://127.0.0.1:9001`. */
  url: string;
  /** Name in the report. */
  agent: string;
  /** Case patterns to run, e.g. `['1.*', '6.4.*']`; all when omitted. */
  cases?: readonly string[];
  /** Case patterns to skip. */
  exclude?: readonly string[];
  /** Called after each case. */
  onResult?: (result: CaseResult) => void;
  /** Scaling of 9.x/12.x/13.x; Autobahn's numbers by default. */
  limits?: Partial<Limits>;
  /** Report root, or false to write nothing. @defaultValue tools/conformance/reports */
  reportDir?: string | false;
  /** Limit for connect plus opening handshake per case. @defaultValue 5000 */
  handshakeTimeoutMs?: number;
}

/**
 * Runs one case against the server at `url`.
 *
 * @param definition - the case
 * @param url - server URL
 * @param agent - report name
 * @param index - 1-based position in the run
 * @param handshakeTimeoutMs - opening handshake limit
 * @returns the record
 */
export async function runCaseAgainstServer(definition: CaseDefinition, url: string, agent: string, index: number, handshakeTimeoutMs = 5000): Promise<CaseResult> {
  const opened = await connectWebSocket(url, definition.deflate?.offers ?? [], handshakeTimeoutMs);
  const ctx = { agent, index, httpRequest: opened.request, httpResponse: opened.response };
  if (!opened.ok) return neverOpenResult(definition, ctx, opened.error, false);
  return executeCase(definition, { socket: opened.socket, head: opened.head, deflate: opened.deflate, isServer: false }, ctx);
}

/**
 * Tests the echo server at `options.url` with every selected case, one
 * after another.
 *
 * @param options - target, agent name, case filter
 * @returns the run's records and verdict
 * @example
 * ```ts
 * const report = await runServerSuite({ url: 'ws://127.0.0.1:9001', agent: 'ws', cases: ['1.*'] });
 * console.log(report.passed);
 * ```
 */
export async function runServerSuite(options: ServerSuiteOptions): Promise<SuiteReport> {
  const limits = resolveLimits(options.limits);
  const cases = selectCases(allCases(limits), options.cases, options.exclude);
  const started = Date.now();
  const results: CaseResult[] = [];
  for (const [i, definition] of cases.entries()) {
    const result = await runCaseAgainstServer(definition, options.url, options.agent, i + 1, options.handshakeTimeoutMs);
    results.push(result);
    options.onResult?.(result);
  }
  const report: SuiteReport = {
    agent: options.agent,
    testee: 'server',
    results,
    passed: results.every((r) => r.passed),
    durationMs: Date.now() - started,
    limits,
  };
  if (options.reportDir !== false) await writeReport(report, options.reportDir ?? DEFAULT_REPORT_DIR);
  return report;
}
