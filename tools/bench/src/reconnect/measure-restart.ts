/**
 * One restart: SIGKILL the server child (a crash: no close frames, no clean
 * shutdown), fork a new one on the same port at once, and time the client's
 * watchdog against it.
 *
 * @module
 */
import { delay, epochMs } from '../util/time.js';
import { startServer, type ReconnectRig } from './reconnect-rig.js';

/** One restart's timings, in milliseconds, all from one clock (`epochMs()` in each process). */
export interface ReconnectSample {
  /** Which restart of the run, from 1. */
  readonly restart: number;
  /** Kill → the client's `disconnect` event. */
  readonly detectMs: number;
  /** Kill → the new server listening (Node start-up, loading sgc, binding). */
  readonly restartMs: number;
  /** New server listening → the client's `reconnected` event: what the watchdog adds. */
  readonly afterListenMs: number;
  /** Kill → `reconnected`: the whole outage. */
  readonly outageMs: number;
  /** Connection attempts the watchdog made, the successful one included. */
  readonly attempts: number;
  /** The close code the client saw (1006 expected: the server never sent a close frame). */
  readonly closeCode: number;
  /** Times the new server found the port still taken. */
  readonly listenRetries: number;
}

/** Far more than any backoff step (500 ms) plus a slow fork on a loaded machine. */
const RECONNECT_TIMEOUT_MS = 15_000;

/** How long the new server may take to count the reconnected client. */
const SERVER_COUNT_TIMEOUT_MS = 2000;

/**
 * Kills the rig's server, starts a new one on the same port, and waits for the
 * client to reconnect. The rig's `server` is the new child afterwards.
 *
 * @param rig - server and client, client connected
 * @param restart - which restart of the run, recorded in the sample
 * @returns the timings
 * @throws Error when the server does not come back, the client does not reconnect in time, or the timings are impossible
 */
export async function measureRestart(rig: ReconnectRig, restart: number): Promise<ReconnectSample> {
  const killedAtMs = epochMs();
  rig.server.kill();
  rig.outages++;
  const server = await startServer(rig.port, `sgc reconnect server (restart ${restart})`);
  rig.server = server.child;
  const outage = await rig.client.call('awaitReconnect', { n: rig.outages, timeoutMs: RECONNECT_TIMEOUT_MS }, RECONNECT_TIMEOUT_MS + 5000);
  if (outage.disconnectedAtMs < killedAtMs) throw new Error('the client lost its connection before the server was killed');
  if (outage.reconnectedAtMs < server.listeningAtMs) {
    throw new Error(`the client reconnected before the new server listened: something else answers on port ${rig.port}`);
  }
  await expectOneConnection(rig);
  return {
    restart,
    detectMs: outage.disconnectedAtMs - killedAtMs,
    restartMs: server.listeningAtMs - killedAtMs,
    afterListenMs: outage.reconnectedAtMs - server.listeningAtMs,
    outageMs: outage.reconnectedAtMs - killedAtMs,
    attempts: outage.attempts,
    closeCode: outage.code,
    listenRetries: server.retries,
  };
}

/** The `reconnected` event must mean a connection the new server sees, not just a finished handshake on the client. */
async function expectOneConnection(rig: ReconnectRig): Promise<void> {
  const deadline = Date.now() + SERVER_COUNT_TIMEOUT_MS;
  for (;;) {
    const { count } = await rig.server.call('connections', {}, SERVER_COUNT_TIMEOUT_MS);
    if (count === 1) return;
    if (Date.now() >= deadline) throw new Error(`the new server counts ${count ?? 'unknown'} connections after the reconnect, expected 1`);
    await delay(10);
  }
}
