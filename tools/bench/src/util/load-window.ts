/**
 * One windowed measurement of a server under load, the method of the echo and
 * static benches: start the load, warm up, take CPU marks in the server and the
 * load process together, wait out the measured window, mark again, stop. The
 * bench says how to start, mark and stop its load; this module does the rest
 * in the same order for every bench, so their figures mean the same.
 *
 * @module
 */
import { delay } from './time.js';

/** Timing and load of one measurement. */
export interface LoadWindow {
  readonly warmupMs: number;
  readonly measureMs: number;
  /** Connections the load keeps busy, one message or request in flight on each. */
  readonly connections: number;
}

/**
 * A bench's load against one server, through its child processes.
 *
 * @typeParam S - the server's CPU mark
 * @typeParam L - the load process's mark (CPU plus its own counts)
 * @typeParam R - what stopping the load reports
 */
export interface LoadSession<S, L, R> {
  /** Opens the load's connections and starts it. */
  start(timeoutMs: number): Promise<unknown>;
  markServer(timeoutMs: number): Promise<S>;
  markLoad(timeoutMs: number): Promise<L>;
  /** Stops the load, waits for what is in flight and closes the connections. */
  stop(timeoutMs: number): Promise<R>;
}

/** The marks at both ends of the window, and what stopping reported. */
export interface WindowMarks<S, L, R> {
  readonly server: readonly [start: S, end: S];
  readonly load: readonly [start: L, end: L];
  readonly stopped: R;
}

/** Bound on starting and stopping a session (they open or close up to `connections` connections). */
const SESSION_TIMEOUT_MS = 30_000;

/** Bound on a CPU mark; a loaded event loop may take a moment to answer IPC. */
const MARK_TIMEOUT_MS = 10_000;

/**
 * Runs one measured window.
 *
 * @param session - the load to run
 * @param window - warm-up and window length
 * @returns the marks and the stop report
 * @throws Error when a child does not answer in time (the load is stopped then, best effort)
 */
export async function measureLoadWindow<S, L, R>(session: LoadSession<S, L, R>, window: LoadWindow): Promise<WindowMarks<S, L, R>> {
  await session.start(SESSION_TIMEOUT_MS);
  let stopped = false;
  try {
    await delay(window.warmupMs);
    // Both marks are requested together so their IPC delays (and the skew between
    // the two processes' windows) are the same at both ends and cancel out.
    const [server0, load0] = await Promise.all([session.markServer(MARK_TIMEOUT_MS), session.markLoad(MARK_TIMEOUT_MS)]);
    await delay(window.measureMs);
    const [server1, load1] = await Promise.all([session.markServer(MARK_TIMEOUT_MS), session.markLoad(MARK_TIMEOUT_MS)]);
    const report = await session.stop(SESSION_TIMEOUT_MS);
    stopped = true;
    return { server: [server0, server1], load: [load0, load1], stopped: report };
  } finally {
    // After an error mid-window the load must still stop before the next measurement.
    if (!stopped) await session.stop(SESSION_TIMEOUT_MS).catch(() => {});
  }
}

/**
 * Runs the load unmeasured for a while, so JIT compilation of the server's and
 * the load's code paths stays out of round 1 (it showed up as a 10-20 % slower
 * round 1). Best effort: a load that fails here fails again, and is reported,
 * when measured.
 *
 * @param session - the load to run
 * @param warmupMs - how long
 */
export async function warmUpLoad(session: LoadSession<unknown, unknown, unknown>, warmupMs: number): Promise<void> {
  try {
    await session.start(SESSION_TIMEOUT_MS);
    await delay(warmupMs);
  } catch {
    // Reported by the measurement instead.
  } finally {
    await session.stop(SESSION_TIMEOUT_MS).catch(() => {});
  }
}
