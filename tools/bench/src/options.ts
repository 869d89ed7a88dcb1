/**
 * Command-line options of `pnpm bench`, with the defaults of the full run and
 * of `--quick` (the CI smoke run).
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { IMPL_NAMES, isImplName, type ImplName } from './impl/types.js';
import { parseSize } from './util/format.js';

/** Everything a bench run needs to know. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly impls: readonly ImplName[];
  /** Echo: payload sizes in bytes. */
  readonly sizes: readonly number[];
  /** Echo: A/B rounds; each round measures every implementation once per size. */
  readonly rounds: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Echo: concurrent connections, each with one message in flight. */
  readonly connections: number;
  /** Idle: connection counts to measure. */
  readonly idleCounts: readonly number[];
  readonly idleRounds: number;
  /** Idle: connections opened concurrently. */
  readonly idleBatch: number;
  /** Reconnect: server restarts to time. */
  readonly restarts: number;
  /** Throttle: configured rates in bits per second. */
  readonly throttleRates: readonly number[];
  /** Throttle: rounds; each round measures every rate in both directions once. */
  readonly throttleRounds: number;
  readonly throttleWarmupMs: number;
  readonly throttleMeasureMs: number;
  /** Broadcast: clients connected to each server. */
  readonly broadcastClients: number;
  /** Broadcast: rounds; each round times one burst of each server. */
  readonly broadcastRounds: number;
  /** Cross-node: measured publishes, one at a time. */
  readonly crossnodePublishes: number;
  /** Static: file sizes in bytes. */
  readonly staticSizes: readonly number[];
  /** Static: A/B rounds; each round measures both servers once per size. */
  readonly staticRounds: number;
  readonly staticWarmupMs: number;
  readonly staticMeasureMs: number;
  /** SSE: event streams opened to each server. */
  readonly sseClients: number;
  /** SSE: rounds; each round times one burst of each server. */
  readonly sseRounds: number;
  readonly skipEcho: boolean;
  readonly skipIdle: boolean;
  readonly skipReconnect: boolean;
  readonly skipThrottle: boolean;
  readonly skipBroadcast: boolean;
  readonly skipCrossnode: boolean;
  readonly skipStatic: boolean;
  readonly skipSse: boolean;
  /** Skip writing `results/<timestamp>.json`. */
  readonly skipSave: boolean;
  readonly help: boolean;
}

/**
 * Full run: about 7 minutes on the shared 2-core machine. Five short rounds
 * rather than three long ones: a median over five shrugs off two disturbed
 * rounds. Reconnect and throttle take about 60 s of that, broadcast and
 * cross-node about 40 s, static files and SSE about 60 s.
 */
const FULL = {
  rounds: 5,
  warmupMs: 750,
  measureMs: 2500,
  idleCounts: [1000, 10_000],
  idleRounds: 3,
  restarts: 10,
  throttleRates: [1e6, 4e6, 16e6],
  throttleRounds: 3,
  throttleWarmupMs: 500,
  throttleMeasureMs: 2500,
  broadcastClients: 10_000,
  broadcastRounds: 5,
  crossnodePublishes: 2000,
  staticRounds: 5,
  staticWarmupMs: 500,
  staticMeasureMs: 2000,
  sseClients: 1000,
  sseRounds: 5,
};

/**
 * `--quick`: about two minutes, for CI smoke runs. Still 3 echo rounds, so
 * there is a median; reconnect and throttle take about 18 s of that,
 * broadcast and cross-node about 16 s, static files and SSE about 25 s.
 */
const QUICK = {
  rounds: 3,
  warmupMs: 250,
  measureMs: 800,
  idleCounts: [1000],
  idleRounds: 1,
  restarts: 3,
  throttleRates: [1e6, 4e6],
  throttleRounds: 2,
  throttleWarmupMs: 500,
  throttleMeasureMs: 1500,
  broadcastClients: 2000,
  // As many rounds as the full run: bursts to 2,000 clients are short (about 0.5 s) and cheap.
  broadcastRounds: 5,
  crossnodePublishes: 300,
  staticRounds: 3,
  staticWarmupMs: 250,
  staticMeasureMs: 1000,
  sseClients: 300,
  // As many rounds as the full run: bursts to 300 streams take a few tens of milliseconds.
  sseRounds: 5,
};

/** Limits that keep every loop of the bench bounded whatever is typed. */
const LIMITS = { rounds: 50, ms: 120_000, connections: 1000, idleCount: 100_000, batch: 5000, size: 16 << 20, restarts: 100, mbit: 1000, publishes: 100_000 };

/** The usage text printed by `--help`. */
export const USAGE = `Usage: pnpm bench [-- options]

  --quick                short windows, 1,000 idle connections, fewer restarts, rates, broadcast clients, publishes and SSE streams (CI smoke, about 2 minutes)
  --impls LIST           implementations to compare (default ${IMPL_NAMES.join(',')})
  --sizes LIST           echo payload sizes, e.g. 64,16k,64k,1m (default)
  --rounds N             A/B rounds per size (default ${FULL.rounds}; quick ${QUICK.rounds})
  --warmup MS            warm-up before each measured window, and per size for new processes (default ${FULL.warmupMs}; quick ${QUICK.warmupMs})
  --measure MS           measured window (default ${FULL.measureMs}; quick ${QUICK.measureMs})
  --clients N            echo connections, one message in flight each (default 10)
  --idle-counts LIST     idle connection counts (default 1000,10000; quick 1000)
  --idle-rounds N        idle rounds (default ${FULL.idleRounds}; quick ${QUICK.idleRounds})
  --idle-batch N         connections opened concurrently (default 200)
  --restarts N           reconnect: server restarts to time (default ${FULL.restarts}; quick ${QUICK.restarts})
  --throttle-rates LIST  throttle rates in Mbit/s (default ${FULL.throttleRates.map((r) => r / 1e6).join(',')}; quick ${QUICK.throttleRates.map((r) => r / 1e6).join(',')})
  --throttle-rounds N    throttle rounds, each over every rate and both directions (default ${FULL.throttleRounds}; quick ${QUICK.throttleRounds})
  --throttle-window MS   throttle measured window, after a ${FULL.throttleWarmupMs} ms warm-up (default ${FULL.throttleMeasureMs}; quick ${QUICK.throttleMeasureMs})
  --broadcast-clients N  broadcast: clients on each server (default ${FULL.broadcastClients}; quick ${QUICK.broadcastClients})
  --broadcast-rounds N   broadcast rounds, each one burst per server (default ${FULL.broadcastRounds}; quick ${QUICK.broadcastRounds})
  --publishes N          cross-node: publishes through Redis, one at a time (default ${FULL.crossnodePublishes}; quick ${QUICK.crossnodePublishes})
  --static-sizes LIST    static file sizes (default 1k,64k)
  --static-rounds N      static A/B rounds per size (default ${FULL.staticRounds}; quick ${QUICK.staticRounds})
  --static-window MS     static measured window, after a ${FULL.staticWarmupMs} ms warm-up (quick ${QUICK.staticWarmupMs} ms) (default ${FULL.staticMeasureMs}; quick ${QUICK.staticMeasureMs})
  --sse-clients N        SSE: event streams to each server (default ${FULL.sseClients}; quick ${QUICK.sseClients})
  --sse-rounds N         SSE rounds, each one burst per server (default ${FULL.sseRounds}; quick ${QUICK.sseRounds})
  --skip-echo            skip the echo bench
  --skip-idle            skip the idle-memory bench
  --skip-reconnect       skip the reconnect-after-restart bench
  --skip-throttle        skip the throttle bench
  --skip-broadcast       skip the broadcast bench
  --skip-crossnode       skip the cross-node (Redis) bench
  --skip-static          skip the static-file bench
  --skip-sse             skip the server-sent events bench
  --skip-save            do not write results/<timestamp>.json
  --help                 this text`;

/**
 * Parses the command line.
 *
 * @param argv - the arguments after `node dist/main.js`
 * @returns the options, defaults filled in
 * @throws Error on an unknown option or a value out of range
 */
export function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    // pnpm forwards a lone `--` separator; it carries no meaning here.
    args: argv.filter((arg) => arg !== '--'),
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      impls: { type: 'string' },
      sizes: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      measure: { type: 'string' },
      clients: { type: 'string' },
      'idle-counts': { type: 'string' },
      'idle-rounds': { type: 'string' },
      'idle-batch': { type: 'string' },
      restarts: { type: 'string' },
      'throttle-rates': { type: 'string' },
      'throttle-rounds': { type: 'string' },
      'throttle-window': { type: 'string' },
      'broadcast-clients': { type: 'string' },
      'broadcast-rounds': { type: 'string' },
      publishes: { type: 'string' },
      'static-sizes': { type: 'string' },
      'static-rounds': { type: 'string' },
      'static-window': { type: 'string' },
      'sse-clients': { type: 'string' },
      'sse-rounds': { type: 'string' },
      'skip-echo': { type: 'boolean', default: false },
      'skip-idle': { type: 'boolean', default: false },
      'skip-reconnect': { type: 'boolean', default: false },
      'skip-throttle': { type: 'boolean', default: false },
      'skip-broadcast': { type: 'boolean', default: false },
      'skip-crossnode': { type: 'boolean', default: false },
      'skip-static': { type: 'boolean', default: false },
      'skip-sse': { type: 'boolean', default: false },
      'skip-save': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const preset = values.quick ? QUICK : FULL;
  return {
    quick: values.quick,
    impls: values.impls === undefined ? IMPL_NAMES : parseImpls(values.impls),
    sizes: values.sizes === undefined ? [64, 16 << 10, 64 << 10, 1 << 20] : parseList(values.sizes).map((s) => bounded(parseSize(s), 1, LIMITS.size, 'size')),
    rounds: int(values.rounds, preset.rounds, 1, LIMITS.rounds, 'rounds'),
    warmupMs: int(values.warmup, preset.warmupMs, 0, LIMITS.ms, 'warmup'),
    measureMs: int(values.measure, preset.measureMs, 100, LIMITS.ms, 'measure'),
    connections: int(values.clients, 10, 1, LIMITS.connections, 'clients'),
    idleCounts: values['idle-counts'] === undefined ? preset.idleCounts : parseList(values['idle-counts']).map((n) => int(n, 0, 1, LIMITS.idleCount, 'idle count')),
    idleRounds: int(values['idle-rounds'], preset.idleRounds, 1, LIMITS.rounds, 'idle rounds'),
    idleBatch: int(values['idle-batch'], 200, 1, LIMITS.batch, 'idle batch'),
    restarts: int(values.restarts, preset.restarts, 1, LIMITS.restarts, 'restarts'),
    throttleRates: values['throttle-rates'] === undefined ? preset.throttleRates : parseList(values['throttle-rates']).map(parseMbit),
    throttleRounds: int(values['throttle-rounds'], preset.throttleRounds, 1, LIMITS.rounds, 'throttle rounds'),
    throttleWarmupMs: preset.throttleWarmupMs,
    throttleMeasureMs: int(values['throttle-window'], preset.throttleMeasureMs, 500, LIMITS.ms, 'throttle window'),
    broadcastClients: int(values['broadcast-clients'], preset.broadcastClients, 1, LIMITS.idleCount, 'broadcast clients'),
    broadcastRounds: int(values['broadcast-rounds'], preset.broadcastRounds, 1, LIMITS.rounds, 'broadcast rounds'),
    crossnodePublishes: int(values.publishes, preset.crossnodePublishes, 1, LIMITS.publishes, 'publishes'),
    staticSizes:
      values['static-sizes'] === undefined ? [1 << 10, 64 << 10] : parseList(values['static-sizes']).map((s) => bounded(parseSize(s), 1, LIMITS.size, 'static size')),
    staticRounds: int(values['static-rounds'], preset.staticRounds, 1, LIMITS.rounds, 'static rounds'),
    staticWarmupMs: preset.staticWarmupMs,
    staticMeasureMs: int(values['static-window'], preset.staticMeasureMs, 100, LIMITS.ms, 'static window'),
    sseClients: int(values['sse-clients'], preset.sseClients, 1, LIMITS.idleCount, 'SSE clients'),
    sseRounds: int(values['sse-rounds'], preset.sseRounds, 1, LIMITS.rounds, 'SSE rounds'),
    skipEcho: values['skip-echo'],
    skipIdle: values['skip-idle'],
    skipReconnect: values['skip-reconnect'],
    skipThrottle: values['skip-throttle'],
    skipBroadcast: values['skip-broadcast'],
    skipCrossnode: values['skip-crossnode'],
    skipStatic: values['skip-static'],
    skipSse: values['skip-sse'],
    skipSave: values['skip-save'],
    help: values.help,
  };
}

function parseList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function parseImpls(text: string): ImplName[] {
  const names = parseList(text);
  for (const name of names) if (!isImplName(name)) throw new Error(`unknown implementation ${name} (known: ${IMPL_NAMES.join(', ')})`);
  // Keep the canonical order so the A/B rounds always alternate the same way.
  return IMPL_NAMES.filter((name) => names.includes(name));
}

/** A rate in Mbit/s (decimals allowed) as bits per second. */
function parseMbit(text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`throttle rate must be a number of Mbit/s: ${text}`);
  // At least 0.1 Mbit/s: slower, a measured window would hold too few messages to mean anything.
  return Math.round(bounded(Number(text), 0.1, LIMITS.mbit, 'throttle rate (Mbit/s)') * 1e6);
}

function int(text: string | undefined, fallback: number, min: number, max: number, what: string): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`${what} must be a whole number: ${text}`);
  return bounded(Number(text), min, max, what);
}

function bounded(value: number, min: number, max: number, what: string): number {
  if (value < min || value > max) throw new Error(`${what} must be between ${min} and ${max}: ${value}`);
  return value;
}
