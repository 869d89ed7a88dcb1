/**
 * Command line: `pnpm --filter @sgc/conformance conformance -- <options>`.
 *
 * ```
 * --role server --url ws://127.0.0.1:9001     test an echo server
 * --role client --spawn "<cmd {url} {agent}>"  test a client (its Autobahn loop)
 * --agent NAME          name in the report (default "testee")
 * --cases 1.*,6.4.*     run only these cases; --exclude to leave some out
 * --full                Autobahn's 1000 messages per 12.x/13.x case (default 50)
 * --deflate-messages N, --round-trips N, --size-divisor N, --max-case-seconds N
 * --report-dir DIR      default tools/conformance/reports; --no-report for none
 * --report-only         exit 0 even when cases fail
 * --verbose             one line per case
 * ```
 *
 * Prints the per-category table; exits 1 when any case is not OK or
 * INFORMATIONAL (unless --report-only), 2 on bad usage.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { runClientSuite } from './client-suite.js';
import { runServerSuite } from './fuzzing-client.js';
import { FULL_LIMITS, type Limits } from './limits.js';
import { formatReport } from './report.js';
import type { CaseResult } from './result.js';

const USAGE = `usage:
  conformance --role server --url ws://HOST:PORT [options]
  conformance --role client --spawn "COMMAND {url} {agent}" [options]
options:
  --agent NAME            name in the report (default "testee")
  --cases LIST            comma-separated patterns, e.g. 1.*,6.4.*,12.1.1
  --exclude LIST          patterns to leave out
  --full                  Autobahn's 1000 messages per 12.x/13.x case (default 50)
  --deflate-messages N    messages per 12.x/13.x case
  --round-trips N         messages per 9.7.x/9.8.x case (default 1000)
  --size-divisor N        divide 9.1-9.6 message sizes by N (default 1)
  --max-case-seconds N    cap for Autobahn's case timeouts (default 60)
  --report-dir DIR        where <agent>/index.json goes
  --no-report             write no report files
  --report-only           exit 0 even if cases fail
  --verbose               print every case
  --timeout-minutes N     client role: give up on the spawned client (default 30)`;

/** Runs a shell command and resolves when it exits; rejects on failure. */
function runCommand(command: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: 'inherit' });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`client command exited with ${signal ?? code}`));
    });
  });
}

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((s) => s.trim()).filter(Boolean);
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      role: { type: 'string' },
      url: { type: 'string' },
      spawn: { type: 'string' },
      agent: { type: 'string', default: 'testee' },
      cases: { type: 'string' },
      exclude: { type: 'string' },
      full: { type: 'boolean', default: false },
      'deflate-messages': { type: 'string' },
      'round-trips': { type: 'string' },
      'size-divisor': { type: 'string' },
      'max-case-seconds': { type: 'string' },
      'report-dir': { type: 'string' },
      'no-report': { type: 'boolean', default: false },
      'report-only': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'timeout-minutes': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const limits: Partial<Limits> = values.full ? { ...FULL_LIMITS } : {};
  const set = <K extends keyof Limits>(key: K, v: number | undefined): void => {
    if (v !== undefined) limits[key] = v;
  };
  set('deflateMessages', positive('deflate-messages', values['deflate-messages']));
  set('roundTrips', positive('round-trips', values['round-trips']));
  set('sizeDivisor', positive('size-divisor', values['size-divisor']));
  set('maxCaseSeconds', positive('max-case-seconds', values['max-case-seconds']));
  const cases = list(values.cases);
  const exclude = list(values.exclude);
  const reportDir: string | false | undefined = values['no-report'] ? false : values['report-dir'];
  const base = {
    agent: values.agent,
    limits,
    ...(cases ? { cases } : {}),
    ...(exclude ? { exclude } : {}),
    ...(reportDir !== undefined ? { reportDir } : {}),
    onResult: (r: CaseResult): void => {
      if (values.verbose || !r.passed) process.stderr.write(`${r.id.padEnd(9)} ${r.behavior}/${r.behaviorClose} ${r.duration} ms\n`);
    },
  };

  let report;
  if (values.role === 'server') {
    if (!values.url) throw new Error('--role server needs --url ws://HOST:PORT');
    report = await runServerSuite({ ...base, url: values.url });
  } else if (values.role === 'client') {
    const template = values.spawn;
    if (!template) throw new Error('--role client needs --spawn "COMMAND {url} {agent}"');
    const timeoutMs = (positive('timeout-minutes', values['timeout-minutes']) ?? 30) * 60_000;
    report = await runClientSuite({
      ...base,
      timeoutMs,
      drive: (url, name) => runCommand(template.replaceAll('{url}', url).replaceAll('{agent}', name), timeoutMs),
    });
  } else {
    throw new Error('--role must be "server" or "client"');
  }
  if (report.results.length === 0) throw new Error(`no case matches --cases ${values.cases ?? ''}`);
  process.stdout.write(`${formatReport(report)}\n`);
  return report.passed || values['report-only'] ? 0 : 1;
}

// `pnpm ... conformance -- --role ...` passes the `--` through; drop it.
const args = process.argv.slice(2);
main(args[0] === '--' ? args.slice(1) : args).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  },
);
