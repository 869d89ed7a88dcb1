/**
 * `pnpm bench`: echo round trips and idle memory per connection for sgc, ws
 * and a plain `net` floor, in A/B rounds, with servers and clients in
 * separate child processes; then the sgc client's reconnect time after a
 * server restart and the accuracy of its throttle; then broadcast throughput
 * of the sgc and ws servers to many clients, and sgc's publish latency across
 * two nodes through Redis; then static file requests and server-sent events
 * fan-out of sgc's `HttpServer` against plain `node:http`. Prints tables and
 * saves `results/<timestamp>.json`.
 *
 * @module
 */
import { parseOptions, USAGE, type BenchOptions } from './options.js';
import { collectEnv, type EnvInfo } from './env-info.js';
import { runEcho, type EchoRun } from './echo/run-echo.js';
import { runIdle, type IdleRun } from './idle/run-idle.js';
import { runReconnect, type ReconnectRun } from './reconnect/run-reconnect.js';
import { RECONNECT_WATCHDOG_TEXT } from './reconnect/watchdog.js';
import { runThrottle, type ThrottleRun } from './throttle/run-throttle.js';
import { runBroadcast, type BroadcastRun } from './broadcast/run-broadcast.js';
import { BROADCAST_SUITE } from './broadcast/broadcast-suite.js';
import { CLIENT_PROCESSES } from './fanout/fanout-rig.js';
import { runCrossnode, type CrossnodeRun } from './crossnode/run-crossnode.js';
import { BENCH_REDIS_URL } from './crossnode/redis-ping.js';
import { runStatic, STATIC_CONNECTIONS, type StaticRun } from './static/run-static.js';
import { runSse, type SseRun } from './sse/run-sse.js';
import { SSE_SUITE } from './sse/sse-suite.js';
import { buildReport, renderReport } from './report/report.js';
import { saveResults } from './report/results-file.js';
import { describeError, nowMs } from './util/time.js';
import { formatBitRate, formatNumber, formatSize } from './util/format.js';

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

  let reconnect: ReconnectRun | undefined;
  let reconnectMs = 0;
  if (!options.skipReconnect) {
    log('\nReconnect after a server restart');
    const t = nowMs();
    reconnect = await runReconnect({ restarts: options.restarts }, log);
    reconnectMs = nowMs() - t;
  }
  let throttle: ThrottleRun | undefined;
  let throttleMs = 0;
  if (!options.skipThrottle) {
    log('\nThrottle');
    const t = nowMs();
    throttle = await runThrottle(
      { rates: options.throttleRates, rounds: options.throttleRounds, warmupMs: options.throttleWarmupMs, measureMs: options.throttleMeasureMs },
      log,
    );
    throttleMs = nowMs() - t;
  }
  let broadcast: BroadcastRun | undefined;
  let broadcastMs = 0;
  if (!options.skipBroadcast) {
    log('\nBroadcast');
    const t = nowMs();
    broadcast = await runBroadcast({ connections: options.broadcastClients, rounds: options.broadcastRounds }, log);
    broadcastMs = nowMs() - t;
  }
  let crossnode: CrossnodeRun | undefined;
  let crossnodeMs = 0;
  if (!options.skipCrossnode) {
    log('\nCross-node publish latency');
    const t = nowMs();
    crossnode = await runCrossnode({ publishes: options.crossnodePublishes }, log);
    crossnodeMs = nowMs() - t;
  }
  let staticRun: StaticRun | undefined;
  let staticMs = 0;
  if (!options.skipStatic) {
    log('\nStatic files');
    const t = nowMs();
    staticRun = await runStatic(
      { sizes: options.staticSizes, rounds: options.staticRounds, warmupMs: options.staticWarmupMs, measureMs: options.staticMeasureMs },
      log,
    );
    staticMs = nowMs() - t;
  }
  let sse: SseRun | undefined;
  let sseMs = 0;
  if (!options.skipSse) {
    log('\nServer-sent events');
    const t = nowMs();
    sse = await runSse({ streams: options.sseClients, rounds: options.sseRounds }, log);
    sseMs = nowMs() - t;
  }

  const report = buildReport({
    impls: options.impls,
    sizes: options.sizes,
    echo,
    idle: idle && { ...idle, counts: options.idleCounts },
    reconnect,
    throttle: throttle && { ...throttle, rates: options.throttleRates },
    broadcast,
    crossnode,
    static: staticRun,
    sse,
  });
  log('\n' + renderReport(report));
  for (const line of problems(echo, idle, reconnect, throttle, broadcast, crossnode)) log(line);
  for (const line of httpProblems(staticRun, sse)) log(line);
  const durationMs = nowMs() - started;
  const seconds = (ms: number): string => `${formatNumber(ms / 1000, 1)} s`;
  log(
    `Runtime: ${seconds(durationMs)} (echo ${seconds(echoMs)}, idle ${seconds(idleMs)},` +
      ` reconnect ${seconds(reconnectMs)}, throttle ${seconds(throttleMs)}, broadcast ${seconds(broadcastMs)}, crossnode ${seconds(crossnodeMs)},` +
      ` static ${seconds(staticMs)}, sse ${seconds(sseMs)})`,
  );

  if (!options.skipSave) {
    const path = await saveResults(startedAt, {
      startedAt: startedAt.toISOString(),
      durationMs,
      phasesMs: {
        echo: echoMs,
        idle: idleMs,
        reconnect: reconnectMs,
        throttle: throttleMs,
        broadcast: broadcastMs,
        crossnode: crossnodeMs,
        static: staticMs,
        sse: sseMs,
      },
      env,
      options,
      report,
      echo,
      idle,
      reconnect,
      throttle,
      broadcast,
      crossnode,
      static: staticRun,
      sse,
    });
    log(`Results: ${path}`);
  }
  const measured =
    (echo?.samples.length ?? 0) +
    (idle?.samples.length ?? 0) +
    (reconnect?.samples.length ?? 0) +
    (throttle?.samples.length ?? 0) +
    (broadcast?.samples.length ?? 0) +
    (crossnode?.latencies.length ?? 0) +
    (staticRun?.samples.length ?? 0) +
    (sse?.samples.length ?? 0);
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
  if (!options.skipReconnect) {
    lines.push(`reconnect: ${options.restarts} server restarts (SIGKILL, new process, same port); sgc client watchdog ${RECONNECT_WATCHDOG_TEXT}`);
  }
  if (!options.skipThrottle) {
    lines.push(
      `throttle: ${options.throttleRates.map(formatBitRate).join(', ')}; send and receive; ${options.throttleRounds} rounds of` +
        ` ${options.throttleWarmupMs} ms warm-up + ${options.throttleMeasureMs} ms measured`,
    );
  }
  if (!options.skipBroadcast) {
    lines.push(
      `broadcast: ${formatNumber(options.broadcastClients)} clients on each server over ${CLIENT_PROCESSES} processes;` +
        ` ${options.broadcastRounds} rounds of one burst of ${BROADCAST_SUITE.shape.messages} x ${formatSize(BROADCAST_SUITE.shape.size)} per server`,
    );
  }
  if (!options.skipCrossnode) {
    lines.push(`crossnode: ${formatNumber(options.crossnodePublishes)} publishes, one at a time, through Redis at ${BENCH_REDIS_URL}`);
  }
  if (!options.skipStatic) {
    lines.push(
      `static: ${options.staticSizes.map(formatSize).join(', ')} files; undici Pool of ${STATIC_CONNECTIONS} keep-alive connections x 1 request in flight;` +
        ` ${options.staticRounds} A/B rounds of ${options.staticWarmupMs} ms warm-up + ${options.staticMeasureMs} ms measured`,
    );
  }
  if (!options.skipSse) {
    lines.push(
      `sse: ${formatNumber(options.sseClients)} event streams on each server over ${CLIENT_PROCESSES} processes;` +
        ` ${options.sseRounds} rounds of one burst of ${SSE_SUITE.shape.messages} x ${SSE_SUITE.shape.size}-character events per server`,
    );
  }
  return lines.join('\n');
}

function problems(
  echo: EchoRun | undefined,
  idle: IdleRun | undefined,
  reconnect: ReconnectRun | undefined,
  throttle: ThrottleRun | undefined,
  broadcast: BroadcastRun | undefined,
  crossnode: CrossnodeRun | undefined,
): string[] {
  const lines: string[] = [];
  const skipped = new Map<string, string>();
  for (const s of [...(echo?.skipped ?? []), ...(idle?.skipped ?? [])]) if (!skipped.has(s.impl)) skipped.set(s.impl, s.reason);
  for (const [impl, reason] of skipped) lines.push(`Skipped ${impl}: ${reason}`);
  for (const f of echo?.failures ?? []) lines.push(`Failed: echo ${f.impl} ${formatSize(f.size)} round ${f.round}: ${f.error}`);
  for (const f of idle?.failures ?? []) lines.push(`Failed: idle ${f.impl} ${formatNumber(f.count)} conns round ${f.round}: ${f.error}`);
  for (const s of idle?.skippedCounts ?? []) lines.push(`Skipped ${formatNumber(s.count)} idle connections: ${s.reason}`);
  if (reconnect?.skipped !== undefined) lines.push(`Skipped reconnect: ${reconnect.skipped}`);
  for (const f of reconnect?.failures ?? []) lines.push(`Failed: reconnect restart ${f.restart}: ${f.error}`);
  if (throttle?.skipped !== undefined) lines.push(`Skipped throttle: ${throttle.skipped}`);
  for (const f of throttle?.failures ?? []) lines.push(`Failed: throttle ${f.direction} ${formatBitRate(f.bitsPerSecond)} round ${f.round}: ${f.error}`);
  if (broadcast?.skipped !== undefined) lines.push(`Skipped broadcast: ${broadcast.skipped}`);
  for (const f of broadcast?.failures ?? []) lines.push(`Failed: broadcast ${f.impl} ${f.round === 0 ? 'warm-up' : `round ${f.round}`}: ${f.error}`);
  // A skipped cross-node bench is reported in its own section of the report.
  for (const error of crossnode?.failures ?? []) lines.push(`Failed: crossnode: ${error}`);
  if (lines.length > 0) lines.push('');
  return lines;
}

/** Problem lines of the static and SSE benches, in the style of {@link problems}. */
function httpProblems(staticRun: StaticRun | undefined, sse: SseRun | undefined): string[] {
  const lines: string[] = [];
  if (staticRun?.skipped !== undefined) lines.push(`Skipped static: ${staticRun.skipped}`);
  for (const f of staticRun?.failures ?? []) lines.push(`Failed: static ${f.impl} ${formatSize(f.size)} round ${f.round}: ${f.error}`);
  for (const s of staticRun?.samples ?? []) {
    if (s.errors > 0) lines.push(`Errors: static ${s.impl} ${formatSize(s.size)} round ${s.round}: ${formatNumber(s.errors)} (${s.errorTexts.join('; ')})`);
  }
  if (sse?.skipped !== undefined) lines.push(`Skipped sse: ${sse.skipped}`);
  for (const f of sse?.failures ?? []) lines.push(`Failed: sse ${f.impl} ${f.round === 0 ? 'warm-up' : `round ${f.round}`}: ${f.error}`);
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
