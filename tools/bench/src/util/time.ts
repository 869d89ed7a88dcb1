/**
 * Small timing helpers shared by the parent and the child processes.
 *
 * @module
 */

/**
 * Resolves after `ms` milliseconds.
 *
 * @param ms - how long to wait
 * @returns a promise that resolves after the delay
 */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Races `promise` against a timer so no step of the bench can hang forever.
 *
 * @param promise - the work to wait for
 * @param ms - how long to wait before giving up
 * @param what - named in the error message
 * @returns what `promise` resolved to
 * @throws Error when the timer fires first
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A monotonic clock in milliseconds with sub-millisecond resolution.
 *
 * @returns milliseconds since an arbitrary fixed point
 */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Wall-clock milliseconds with sub-millisecond resolution that every process on
 * the machine reads alike: `performance.timeOrigin` is taken from the system
 * clock at process start, so two processes' readings can be subtracted (to
 * within a few µs), unlike {@link nowMs}, whose zero point is per process.
 *
 * @returns milliseconds since the Unix epoch
 */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Describes any thrown value in one line.
 *
 * @param error - what was thrown
 * @returns the message of an `Error`, otherwise the value as a string
 */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
