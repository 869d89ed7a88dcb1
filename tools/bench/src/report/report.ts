/**
 * Turns a run's raw samples into the summaries, ratios and target checks
 * that are printed and saved.
 *
 * @module
 */
import type { ImplName } from '../impl/types.js';
import type { EchoRun } from '../echo/run-echo.js';
import type { IdleRun } from '../idle/run-idle.js';
import type { ReconnectRun } from '../reconnect/run-reconnect.js';
import type { ThrottleRun } from '../throttle/run-throttle.js';
import type { BroadcastRun } from '../broadcast/run-broadcast.js';
import type { CrossnodeRun } from '../crossnode/run-crossnode.js';
import type { StaticRun } from '../static/run-static.js';
import type { SseRun } from '../sse/run-sse.js';
import { CLIENT_PROCESSES } from '../fanout/fanout-rig.js';
import { summarizeFanoutRun, type FanoutSummary } from '../fanout/fanout-summary.js';
import type { BroadcastImpl } from '../broadcast/broadcast-servers.js';
import { BROADCAST_SUITE } from '../broadcast/broadcast-suite.js';
import { summarizeCrossnode, type CrossnodeSummaryRow } from '../crossnode/crossnode-summary.js';
import { summarizeReconnect, type ReconnectSummaryRow } from '../reconnect/reconnect-summary.js';
import { RECONNECT_WATCHDOG_TEXT } from '../reconnect/watchdog.js';
import { summarizeThrottle, type ThrottleSummaryRow } from '../throttle/throttle-summary.js';
import { echoRatios, summarizeEcho, type EchoRatioRow, type EchoSummaryRow } from '../echo/echo-summary.js';
import { idleRatios, summarizeIdle, type IdleRatioRow, type IdleSummaryRow } from '../idle/idle-summary.js';
import { checkTargets, type TargetResult } from './targets.js';
import { echoMediansTable, echoRatiosTable } from './echo-tables.js';
import { idleMediansTable, idleRatiosTable } from './idle-tables.js';
import { targetsTable } from './targets-table.js';
import { reconnectTable } from './reconnect-table.js';
import { throttleTable } from './throttle-table.js';
import { reconnectTargets, throttleTargets } from './client-targets.js';
import { fanoutMediansTable, fanoutRatiosTable } from './fanout-tables.js';
import { crossnodeTable } from './crossnode-table.js';
import { staticRatios, summarizeStatic, type StaticRatioRow, type StaticSummaryRow } from '../static/static-summary.js';
import type { SseImpl } from '../sse/sse-servers.js';
import { SSE_SUITE } from '../sse/sse-suite.js';
import { staticMediansTable, staticRatiosTable } from './static-tables.js';
import { formatNumber, formatSize } from '../util/format.js';

/** Everything derived from a run. */
export interface Report {
  readonly echo: { readonly medians: EchoSummaryRow[]; readonly ratios: EchoRatioRow[] } | undefined;
  readonly idle: { readonly medians: IdleSummaryRow[]; readonly ratios: IdleRatioRow[] } | undefined;
  /** Reconnect timings over restarts; `restarts` counts the successful ones. */
  readonly reconnect: { readonly rows: ReconnectSummaryRow[]; readonly restarts: number } | undefined;
  readonly throttle: { readonly rows: ThrottleSummaryRow[] } | undefined;
  readonly broadcast: FanoutSummary<BroadcastImpl> | undefined;
  /** Latency rows, or (rows empty) why the bench was skipped: a missing Redis is reported here, not only in the log. */
  readonly crossnode: { readonly rows: CrossnodeSummaryRow[]; readonly skipped: string | undefined } | undefined;
  /** Static file requests; `connections` is the load generator's pool size. */
  readonly static: { readonly medians: StaticSummaryRow[]; readonly ratios: StaticRatioRow[]; readonly connections: number } | undefined;
  readonly sse: FanoutSummary<SseImpl> | undefined;
  readonly targets: TargetResult[];
}

/** What a run produced, for {@link buildReport}. A bench that did not run is `undefined`. */
export interface RunResults {
  /** Implementations in table order. */
  readonly impls: readonly ImplName[];
  /** Echo sizes in table order. */
  readonly sizes: readonly number[];
  readonly echo: EchoRun | undefined;
  readonly idle: (IdleRun & { readonly counts: readonly number[] }) | undefined;
  readonly reconnect: ReconnectRun | undefined;
  /** The throttle run, with its configured rates in table order. */
  readonly throttle: (ThrottleRun & { readonly rates: readonly number[] }) | undefined;
  readonly broadcast: BroadcastRun | undefined;
  readonly crossnode: CrossnodeRun | undefined;
  readonly static: StaticRun | undefined;
  readonly sse: SseRun | undefined;
}

/**
 * Summarizes a run.
 *
 * @param results - every bench's run, and the table order
 * @returns summaries, ratios and target checks
 */
export function buildReport(results: RunResults): Report {
  const { impls, sizes, echo, idle, reconnect, throttle, broadcast, crossnode } = results;
  const staticRun = results.static;
  const sse = results.sse;
  const echoPart = echo && { medians: summarizeEcho(echo.samples, impls, sizes), ratios: echoRatios(echo.samples, sizes) };
  const measuredCounts = idle?.counts.filter((count) => idle.samples.some((s) => s.count === count)) ?? [];
  const idlePart = idle && { medians: summarizeIdle(idle.samples, impls, measuredCounts), ratios: idleRatios(idle.samples, measuredCounts) };
  // A bench that measured nothing gets no table: its SKIP or FAILED lines say why.
  const reconnectPart = reconnect && reconnect.samples.length > 0 ? { rows: summarizeReconnect(reconnect.samples), restarts: reconnect.samples.length } : undefined;
  const throttlePart = throttle && throttle.samples.length > 0 ? { rows: summarizeThrottle(throttle.samples, throttle.rates) } : undefined;
  const broadcastPart = broadcast && broadcast.samples.length > 0 ? summarizeFanoutRun(broadcast, BROADCAST_SUITE) : undefined;
  const crossnodePart =
    crossnode && (crossnode.latencies.length > 0 || crossnode.skipped !== undefined)
      ? { rows: crossnode.latencies.length > 0 ? summarizeCrossnode(crossnode.latencies) : [], skipped: crossnode.skipped }
      : undefined;
  const staticPart =
    staticRun && staticRun.samples.length > 0
      ? {
          medians: summarizeStatic(staticRun.samples, staticRun.sizes),
          ratios: staticRatios(staticRun.samples, staticRun.sizes),
          connections: staticRun.connections,
        }
      : undefined;
  const ssePart = sse && sse.samples.length > 0 ? summarizeFanoutRun(sse, SSE_SUITE) : undefined;
  return {
    echo: echoPart,
    idle: idlePart,
    reconnect: reconnectPart,
    throttle: throttlePart,
    broadcast: broadcastPart,
    crossnode: crossnodePart,
    static: staticPart,
    sse: ssePart,
    targets: [
      ...checkTargets(echoPart?.ratios ?? [], idlePart?.ratios ?? [], idlePart?.medians ?? []),
      ...throttleTargets(throttlePart?.rows ?? []),
      ...reconnectTargets(reconnectPart?.rows ?? []),
    ],
  };
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
  if (report.reconnect) {
    const n = report.reconnect.restarts;
    parts.push(
      `Reconnect after a server restart: sgc client, watchdog ${RECONNECT_WATCHDOG_TEXT};` +
        ` sgc server child killed with SIGKILL and a new one started on the same port; ${n} restart${n === 1 ? '' : 's'}`,
      reconnectTable(report.reconnect.rows),
      '',
    );
  }
  if (report.throttle) {
    parts.push(
      'Throttle: sgc client with throttle { sendBitsPerSecond } or { receiveBitsPerSecond }; frame bits per second where they arrive' +
        ' (send: at a ws server; receive: at the sgc client, after its throttle), medians over rounds; PASS = within ±5 % of the configured rate',
      throttleTable(report.throttle.rows),
      '',
    );
  }
  if (report.broadcast) {
    const { rows, ratios, shape } = report.broadcast;
    parts.push(
      `Broadcast: bursts of ${shape.messages} binary ${formatSize(shape.size)} messages, back to back, to every client; sgc server.broadcast(data)` +
        ` against ws looping over wss.clients; the same raw clients in ${CLIENT_PROCESSES} processes for both; deliveries/s from the` +
        ` server's first send to the last client's last message, medians over rounds (CPU = user + system of the server process)`,
      fanoutMediansTable(rows, BROADCAST_SUITE.terms),
      '',
      'Ratios (median of per-round ratios)',
      fanoutRatiosTable(ratios, rows[0]?.connections ?? 0, BROADCAST_SUITE.terms),
      '',
    );
  }
  if (report.crossnode) {
    const heading =
      'Cross-node publish latency through Redis: a client on sgc node A sends, A calls server.broadcast(), and the latency to the client' +
      ' on node A and to one on node B (Redis backplane) is read on the clock of the sending process; one publish at a time, p99 by nearest rank';
    const { rows, skipped } = report.crossnode;
    parts.push(heading, skipped === undefined ? crossnodeTable(rows) : `skipped: ${skipped}`, '');
  }
  if (report.static) {
    const { medians, ratios, connections } = report.static;
    parts.push(
      `Static files: GET of one file over and over from an undici Pool of ${formatNumber(connections)} keep-alive connections (pipelining 1)` +
        ' in its own process; sgc HttpServer with documentRoot against plain node:http streaming the same file from disk (http, the floor);' +
        ' every response checked for status 200 and the full length, anything else counted as an error; medians over rounds' +
        ' (CPU = user + system of each process, µs per good response)',
      staticMediansTable(medians),
      '',
      'Ratios (median of per-round ratios; floor = plain node:http)',
      staticRatiosTable(ratios),
      '',
    );
  }
  if (report.sse) {
    const { rows, ratios, shape } = report.sse;
    parts.push(
      `Server-sent events: bursts of ${shape.messages} events of ${shape.size} characters, back to back, to every stream;` +
        ` sgc HttpServer server.broadcast(text, { channel }) against node:http writing "data: …" to an array of responses (http, the floor);` +
        ` the same counting clients in ${CLIENT_PROCESSES} processes for both; deliveries/s from the server's first send to the last` +
        " stream's last event, medians over rounds (CPU = user + system of the server process)",
      fanoutMediansTable(rows, SSE_SUITE.terms),
      '',
      'Ratios (median of per-round ratios; floor = plain node:http)',
      fanoutRatiosTable(ratios, rows[0]?.connections ?? 0, SSE_SUITE.terms),
      '',
    );
  }
  if (report.targets.length > 0) parts.push('Targets', targetsTable(report.targets), '');
  return parts.join('\n');
}
