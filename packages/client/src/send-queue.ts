/**
 * The manual's QueueOptions: messages are handed to an async queue and written on
 * a later turn of the event loop instead of inside `send()`, pausing while the
 * socket is above its high-water mark.
 *
 * @module
 */
import type { SendOptions } from '@sgc/frame/node';

/** Which messages go through the queue: `none` (the default, written inline), `text`, `binary` or `all`. */
export type QueueMode = 'none' | 'text' | 'binary' | 'all';

interface Entry {
  readonly data: string | Uint8Array;
  readonly options: SendOptions | undefined;
  readonly size: number;
}

/** Where the queue writes: returns `false` when the writer should wait for `drained()`. */
export type QueueWriter = (data: string | Uint8Array, options: SendOptions | undefined) => boolean;

/**
 * An ordered send queue that drains asynchronously and honours backpressure.
 *
 * @example
 * ```ts
 * const queue = new SendQueue('all', (data) => session.send(data));
 * queue.push('hello'); // written on the next turn
 * ```
 */
export class SendQueue {
  readonly #mode: QueueMode;
  readonly #write: QueueWriter;
  #entries: Entry[] = [];
  #bytes = 0;
  #scheduled = false;
  #waitingForDrain = false;

  /**
   * @param mode - which messages are queued
   * @param write - writes one message; `false` means "wait for drain"
   */
  constructor(mode: QueueMode, write: QueueWriter) {
    this.#mode = mode;
    this.#write = write;
  }

  /** Bytes queued and not yet handed to the connection. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Tells whether a message of this kind goes through the queue.
   *
   * @param data - the message
   * @returns `true` when it should be pushed rather than written inline
   */
  takes(data: string | Uint8Array): boolean {
    if (this.#mode === 'all') return true;
    if (this.#mode === 'none') return false;
    return (this.#mode === 'text') === (typeof data === 'string');
  }

  /**
   * Queues a message; it is written on a later turn, after those queued before it.
   *
   * @param data - the message (bytes are copied, so the caller may reuse its buffer)
   * @param options - its send options
   */
  push(data: string | Uint8Array, options: SendOptions | undefined): void {
    const copy = typeof data === 'string' ? data : Uint8Array.prototype.slice.call(data);
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.#entries.push({ data: copy, options, size });
    this.#bytes += size;
    this.#schedule();
  }

  /** The connection drained: carry on writing. */
  drained(): void {
    if (!this.#waitingForDrain) return;
    this.#waitingForDrain = false;
    this.#schedule();
  }

  /** Drops everything queued (the connection closed). */
  clear(): void {
    this.#entries = [];
    this.#bytes = 0;
    this.#waitingForDrain = false;
  }

  #schedule(): void {
    if (this.#scheduled || this.#waitingForDrain) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    while (this.#entries.length > 0) {
      const entry = this.#entries.shift()!;
      this.#bytes -= entry.size;
      if (!this.#write(entry.data, entry.options)) {
        this.#waitingForDrain = this.#entries.length > 0;
        return;
      }
    }
  }
}
