/**
 * What the children measure about themselves: CPU time for the echo bench,
 * memory after forced GC for the idle bench.
 *
 * @module
 */
import type { CpuMark, MemorySnapshot } from '../ipc/commands.js';
import { delay, nowMs } from '../util/time.js';

/** Full GCs before a memory reading; one pass can leave garbage that only a later pass frees. */
const GC_PASSES = 3;

/**
 * Reads this process's CPU time (all threads) and the monotonic clock.
 *
 * @returns the mark
 */
export function cpuMark(): CpuMark {
  const { user, system } = process.cpuUsage();
  return { userUs: user, systemUs: system, atMs: nowMs() };
}

/**
 * Forces full garbage collection a few times, then reads memory use.
 *
 * @param connections - the server's own connection count, if it has one
 * @returns the snapshot
 * @throws Error when the process was started without `--expose-gc`
 */
export async function memoryAfterGc(connections: number | undefined): Promise<MemorySnapshot> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('global.gc is missing: the child must run with --expose-gc');
  for (let pass = 0; pass < GC_PASSES; pass++) {
    gc();
    // Let close callbacks and finalizers run between passes so what they release is collected too.
    await delay(20);
  }
  const usage = process.memoryUsage();
  return {
    heapUsed: usage.heapUsed,
    rss: usage.rss,
    external: usage.external,
    arrayBuffers: usage.arrayBuffers,
    connections: connections ?? null,
  };
}
