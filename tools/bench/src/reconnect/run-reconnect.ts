/**
 * The reconnect bench: one sgc client with the watchdog on, and a server
 * child on a fixed port that is killed and restarted again and again.
 *
 * @module
 */
import { delay, describeError } from '../util/time.js';
import { formatNumber } from '../util/format.js';
import { pickFreePort } from './free-port.js';
import { measureRestart, type ReconnectSample } from './measure-restart.js';
import { startReconnectRig, type ReconnectRig } from './reconnect-rig.js';

/** What the reconnect bench runs. */
export interface ReconnectConfig {
  /** Server restarts to time. */
  readonly restarts: number;
}

/** A restart that failed. */
export interface ReconnectFailure {
  readonly restart: number;
  readonly error: string;
}

/** Everything the reconnect bench measured. */
export interface ReconnectRun {
  /** The fixed port, or `null` when none could be found. */
  readonly port: number | null;
  readonly samples: ReconnectSample[];
  readonly failures: ReconnectFailure[];
  /** Why the bench did not run at all (sgc does not load, say). */
  skipped: string | undefined;
}

/**
 * Quiet time before each kill, so the previous reconnect's handshake is over
 * on both sides and the kill finds an idle, established connection.
 */
const SETTLE_MS = 250;

/** After this many failed restarts the bench stops: something is broken, not slow. */
const MAX_FAILURES = 2;

/**
 * Runs the reconnect bench.
 *
 * @param config - how many restarts
 * @param log - receives one progress line per restart
 * @returns samples, failures, and why it was skipped if it was
 */
export async function runReconnect(config: ReconnectConfig, log: (line: string) => void): Promise<ReconnectRun> {
  let port: number;
  try {
    port = await pickFreePort();
  } catch (error) {
    log(`  SKIP reconnect: no free port (${describeError(error)})`);
    return { port: null, samples: [], failures: [], skipped: `no free port: ${describeError(error)}` };
  }
  const run: ReconnectRun = { port, samples: [], failures: [], skipped: undefined };
  let rig: ReconnectRig | undefined;
  try {
    for (let restart = 1; restart <= config.restarts; restart++) {
      if (!rig) {
        try {
          rig = await startReconnectRig(port);
        } catch (error) {
          // Before any sample this means sgc cannot run at all; later, that the rig broke for good.
          run.skipped = describeError(error);
          log(`  SKIP reconnect: ${run.skipped}`);
          break;
        }
      }
      try {
        await delay(SETTLE_MS);
        const sample = await measureRestart(rig, restart);
        run.samples.push(sample);
        log(progressLine(sample, config.restarts));
      } catch (error) {
        const message = describeError(error);
        run.failures.push({ restart, error: message });
        log(`  restart ${restart}/${config.restarts} FAILED: ${message}`);
        // Fresh processes: the client's count of outages no longer matches the kills.
        rig.kill();
        rig = undefined;
        if (run.failures.length >= MAX_FAILURES) {
          log(`  reconnect: stopped after ${run.failures.length} failed restarts`);
          break;
        }
      }
    }
  } finally {
    rig?.kill();
  }
  return run;
}

function progressLine(sample: ReconnectSample, restarts: number): string {
  const ms = (value: number): string => `${formatNumber(value, 1).padStart(6)} ms`;
  return (
    `  restart ${String(sample.restart).padStart(2)}/${restarts}` +
    `  close seen ${ms(sample.detectMs)}  listening ${ms(sample.restartMs)}` +
    `  reconnected ${ms(sample.afterListenMs)} after listen, ${ms(sample.outageMs)} after kill` +
    `  (${sample.attempts} attempt${sample.attempts === 1 ? '' : 's'})`
  );
}
