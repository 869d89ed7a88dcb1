/**
 * Reused buffers for file bodies read whole.
 *
 * A `Buffer.allocUnsafe` above 4 KiB is not pooled: every 64 KiB body was a fresh `ArrayBuffer`
 * whose bytes V8 counts as external memory, and that count, not the heap, set off a full
 * mark-compact every ~100 ms under load (measured: 34 in 4 s, a third of the server's CPU,
 * while a plain `node:http` server that freed its buffers sooner ran none).
 *
 * @module
 */

/** The size of every reused buffer; bodies up to this are read whole. */
export const BODY_BUFFER_SIZE = 64 * 1024;

/** Node's own pool serves allocations up to half its 8 KiB pool size without a new `ArrayBuffer`. */
const POOLED_BY_NODE = Buffer.poolSize >>> 1;

/** Enough for the responses one process has in flight under load; beyond that the garbage collector takes them. */
const MAX_IDLE = 64;

const idle: Buffer[] = [];

/**
 * A buffer of exactly `length` bytes for a body that will be read whole and written once.
 * Its bytes are stale until the read fills them all: send it only after a read of `length` bytes.
 *
 * @param length - the body's length, at most {@link BODY_BUFFER_SIZE}
 * @returns the buffer and a `release` to call once the write is done with it (never earlier:
 *   the socket reads the bytes in place until its write completes)
 * @example
 * ```ts
 * const { body, release } = takeBodyBuffer(size);
 * if ((await readAt(fd, body, 0)) === size) response.end(body, release);
 * ```
 */
export function takeBodyBuffer(length: number): { readonly body: Buffer; readonly release: () => void } {
  if (length <= POOLED_BY_NODE) return { body: Buffer.allocUnsafe(length), release: noop };
  const whole = idle.pop() ?? Buffer.allocUnsafeSlow(BODY_BUFFER_SIZE);
  return { body: whole.subarray(0, length), release: () => void (idle.length < MAX_IDLE && idle.push(whole)) };
}

function noop(): void {}
