/**
 * A shared bandwidth cap for file bodies (the manual's HTTP.SYS `MaxBandwidth`):
 * every response that passes through the same limiter shares its rate.
 *
 * @module
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { RateLimiter } from '@sgc/frame/node';

/**
 * Passes bytes on no faster than the limiter allows; backpressure reaches the file
 * reader, so a capped download holds no more than the stream buffers.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ bitsPerSecond: 8 * 1024 * 1024 }); // 1 MiB/s for the whole server
 * await pipeline(file.createReadStream(), new BandwidthLimit(limiter), response);
 * ```
 */
export class BandwidthLimit extends Transform {
  readonly #limiter: RateLimiter;
  #timer: NodeJS.Timeout | undefined;

  /** @param limiter - the shared token bucket */
  constructor(limiter: RateLimiter) {
    super();
    this.#limiter = limiter;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#release(chunk, callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.#timer);
    callback(error);
  }

  /** Pushes what the bucket grants now and waits for the rest; other responses draw on the same bucket meanwhile. */
  #release(chunk: Buffer, callback: TransformCallback): void {
    const granted = this.#limiter.take(chunk.length);
    if (granted > 0) this.push(chunk.subarray(0, granted));
    if (granted === chunk.length) {
      callback();
      return;
    }
    const rest = chunk.subarray(granted);
    this.#timer = setTimeout(() => this.#release(rest, callback), Math.max(1, this.#limiter.delayFor(rest.length)));
  }
}
