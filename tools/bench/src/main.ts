/**
 * `pnpm bench`: echo round trips and idle memory per connection for sgc, ws
 * and a plain `net` floor, in A/B rounds, with servers and clients in
 * separate child processes. Prints tables and saves `results/<timestamp>.json`.
 *
 * @module
 */
import { parseOptions, USAGE, type BenchOptions } from './options.js';
import { collectEnv, type EnvInfo } from './env-info.js';
import { runEcho, type EchoRun } from './echo/run-echo.js';
import { runIdle, type IdleRun } from './idle/run-idle.js';
import { buildReport, renderReport } from './report/report.js';
import { saveResults } from './report/results-file.js';
import { describeError, nowMs } from './util/time.js';
import { formatNumber, formatSize } from './util/format.js';

const log = (line: string): void => console.log(line);

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${describeError(error)}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const startedAt = new Date();
  const started = nowMs();
  const env = collectEnv();
  log(header(env, options));

  let echo: EchoRun | undefined;
  let echoMs = 0;
  if (!options.skipEcho) {
    log('\nEcho round trips');
    const t = nowMs();
    echo = await runEcho(options, log);
    echoMs = nowMs() - t;
  }
  let idle: IdleRun | undefined;
  let idleMs = 0;
  if (!options.skipIdle) {
    log('\nIdle connections');
    const t = nowMs();
    idle = await runIdle({ impls: options.impls, counts: options.idleCounts, rounds: options.idleRounds, batch: options.idleBatch }, log);
    idleMs = nowMs() - t;
  }

  const report = buildReport(options.impls, options.sizes, echo, idle && { ...idle, counts: options.idleCounts });
  log('\n' + renderReport(report));
  for (const line of problems(echo, idle)) log(line);
  const durationMs = nowMs() - started;
  log(`Runtime: ${formatNumber(durationMs / 1000, 1)} s (echo ${formatNumber(echoMs / 1000, 1)} s, idle ${formatNumber(idleMs / 1000, 1)} s)`);

  if (!options.skipSave) {
    const path = await saveResults(startedAt, { startedAt: startedAt.toISOString(), durationMs, env, options, report, echo, idle });
    log(`Results: ${path}`);
  }
  const measured = (echo?.samples.length ?? 0) + (idle?.samples.length ?? 0);
  return measured > 0 ? 0 : 1;
}

function header(env: EnvInfo, options: BenchOptions): string {
  const lines = [
    `sgc bench${options.quick ? ' (--quick)' : ''}: ${options.impls.join(', ')}`,
    `Node ${env.node}, ${env.platform}, ${env.cpus} CPUs (${env.cpuModel}), load ${env.loadAvg.join(' / ')}`,
    `ws ${env.wsVersion}, bufferutil ${env.wsBufferutil ? 'present' : 'absent (ws masks in JavaScript)'}; ulimit -n ${env.openFileLimit ?? 'unknown'}`,
  ];
  if (!options.skipEcho) {
    lines.push(
      `echo: ${options.sizes.map(formatSize).join(', ')}; ${options.connections} connections x 1 message in flight;` +
        ` ${options.rounds} A/B rounds of ${options.warmupMs} ms warm-up + ${options.measureMs} ms measured`,
    );
  }
  if (!options.skipIdle) {
    lines.push(
      `idle: ${options.idleCounts.map((n) => formatNumber(n)).join(', ')} connections;` +
        ` ${options.idleRounds} round${options.idleRounds === 1 ? '' : 's'}; opened ${options.idleBatch} at a time`,
    );
  }
  return lines.join('\n');
}

function problems(echo: EchoRun | undefined, idle: IdleRun | undefined): string[] {
  const lines: string[] = [];
  const skipped = new Map<string, string>();
  for (const s of [...(echo?.skipped ?? []), ...(idle?.skipped ?? [])]) if (!skipped.has(s.impl)) skipped.set(s.impl, s.reason);
  for (const [impl, reason] of skipped) lines.push(`Skipped ${impl}: ${reason}`);
  for (const f of echo?.failures ?? []) lines.push(`Failed: echo ${f.impl} ${formatSize(f.size)} round ${f.round}: ${f.error}`);
  for (const f of idle?.failures ?? []) lines.push(`Failed: idle ${f.impl} ${formatNumber(f.count)} conns round ${f.round}: ${f.error}`);
  for (const s of idle?.skippedCounts ?? []) lines.push(`Skipped ${formatNumber(s.count)} idle connections: ${s.reason}`);
  if (lines.length > 0) lines.push('');
  return lines;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
