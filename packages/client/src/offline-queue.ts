/**
 * Messages sent while the client is reconnecting, kept in order and bounded,
 * then flushed once the connection is back.
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';

/**
 * What happens to a send when the queue is full:
 * - `drop-oldest`: the oldest queued message makes room;
 * - `drop-newest`: the new message is discarded;
 * - `error`: `send()` throws `SGC_ERR_NOT_OPEN`.
 */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error';

/** Bounds of the offline queue. */
export interface OfflineQueueOptions {
  /** Most messages kept. @defaultValue 1000 */
  maxMessages?: number;
  /** Most bytes kept (strings count their UTF-8 length). @defaultValue 16 MiB */
  maxBytes?: number;
  /** What a send does when the queue is full. @defaultValue 'drop-oldest' */
  overflow?: OverflowPolicy;
}

interface Entry {
  readonly data: string | Uint8Array;
  readonly size: number;
}

/**
 * A bounded FIFO of messages waiting for a connection.
 *
 * @example
 * ```ts
 * const queue = new OfflineQueue({ maxMessages: 100 });
 * queue.push('hello');
 * queue.drain((data) => client.send(data));
 * ```
 */
export class OfflineQueue {
  readonly #maxMessages: number;
  readonly #maxBytes: number;
  readonly #overflow: OverflowPolicy;
  #entries: Entry[] = [];
  #bytes = 0;

  /**
   * @param options - bounds and overflow policy
   */
  constructor(options: OfflineQueueOptions = {}) {
    this.#maxMessages = options.maxMessages ?? 1000;
    this.#maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    this.#overflow = options.overflow ?? 'drop-oldest';
  }

  /** Messages waiting. */
  get length(): number {
    return this.#entries.length;
  }

  /** Bytes waiting. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Queues a message.
   *
   * @param data - the message
   * @returns the messages dropped to make room (or the new one, under `drop-newest`)
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN` when full under the `error` policy, or when one
   * message alone exceeds `maxBytes`
   */
  push(data: string | Uint8Array): Array<string | Uint8Array> {
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (size > this.#maxBytes) {
      throw new SgcError(ErrorCode.NotOpen, 'Not connected, and the message is larger than the offline queue');
    }
    const dropped: Array<string | Uint8Array> = [];
    while (this.#entries.length >= this.#maxMessages || this.#bytes + size > this.#maxBytes) {
      if (this.#overflow === 'error') throw new SgcError(ErrorCode.NotOpen, 'Not connected, and the offline queue is full');
      if (this.#overflow === 'drop-newest') return [data];
      const oldest = this.#entries.shift()!;
      this.#bytes -= oldest.size;
      dropped.push(oldest.data);
    }
    this.#entries.push({ data, size });
    this.#bytes += size;
    return dropped;
  }

  /**
   * Hands every queued message to `send`, oldest first, and empties the queue.
   *
   * @param send - writes one message
   */
  drain(send: (data: string | Uint8Array) => void): void {
    const entries = this.#entries;
    this.#entries = [];
    this.#bytes = 0;
    for (const entry of entries) send(entry.data);
  }

  /** Discards every queued message. */
  clear(): void {
    this.#entries = [];
    this.#bytes = 0;
  }
}
