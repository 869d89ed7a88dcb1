/**
 * Tests a WebSocket client end to end: starts the fuzzing server, lets a
 * driver run an Autobahn-style client loop against it, and collects the
 * report.
 *
 * @module
 */
import { startFuzzingServer } from './fuzzing-server.js';
import type { Limits } from './limits.js';
import { DEFAULT_REPORT_DIR, type SuiteReport, writeReport } from './report.js';
import type { CaseResult } from './result.js';

/** Options of {@link runClientSuite}. */
export interface ClientSuiteOptions {
  /** Name in the report, passed to `drive`. */
  agent: string;
  /**
   * Runs the client under test: getCaseCount, then runCase 1..N echoing
   * every message, then updateReports. Resolves when it is done.
   */
  drive: (fuzzingServerUrl: string, agent: string) => Promise<void>;
  /** Case patterns to run; all when omitted. */
  cases?: readonly string[];
  /** Case patterns to skip. */
  exclude?: readonly string[];
  /** Scaling of 9.x/12.x/13.x; Autobahn's numbers by default. */
  limits?: Partial<Limits>;
  /** Report root, or false to write nothing. */
  reportDir?: string | false;
  /** Called after each case. */
  onResult?: (result: CaseResult) => void;
  /**
   * Give up on the driver after this long; unrun cases count as FAILED.
   * @defaultValue 30 minutes
   */
  timeoutMs?: number;
}

/**
 * Runs the client suite.
 *
 * @param options - agent, driver and case filter
 * @returns the run's records and verdict
 * @example
 * ```ts
 * const report = await runClientSuite({ agent: 'ws', drive: runWsAutobahnClient, cases: ['2.*'] });
 * ```
 */
export async function runClientSuite(options: ClientSuiteOptions): Promise<SuiteReport> {
  const started = Date.now();
  const fuzz = await startFuzzingServer({
    ...(options.cases ? { cases: options.cases } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.onResult ? { onResult: options.onResult } : {}),
    reportDir: false,
  });
  let timer: NodeJS.Timeout | undefined;
  let driverError: string | undefined;
  try {
    const timeoutMs = options.timeoutMs ?? 30 * 60 * 1000;
    await Promise.race([
      options.drive(fuzz.url, options.agent),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          driverError = `driver did not finish within ${timeoutMs} ms`;
          resolve();
        }, timeoutMs);
      }),
    ]);
    await fuzz.settle();
  } catch (e) {
    // A crashing client is a result too: the cases it did not run are FAILED.
    driverError = `driver failed: ${(e as Error).message}`;
  } finally {
    clearTimeout(timer);
    await fuzz.close();
  }
  const report = fuzz.reportFor(options.agent, started);
  if (driverError) {
    report.driverError = driverError;
    report.passed = false;
  }
  if (options.reportDir !== false) await writeReport(report, options.reportDir ?? DEFAULT_REPORT_DIR);
  return report;
}
