/**
 * Requests waiting for their answer, by id, each with a timeout and an optional
 * AbortSignal: the bookkeeping every request/response protocol client needs.
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';

/** How long to wait for one answer, and how to give up earlier. */
export interface RequestOptions {
  /** Milliseconds to wait for the answer. @defaultValue the client's `requestTimeout` */
  timeout?: number | undefined;
  /** Cancels the wait; the promise rejects with `SGC_ERR_ABORTED`. */
  signal?: AbortSignal | undefined;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
  cleanup(): void;
}

/**
 * A table of requests waiting for answers.
 *
 * @typeParam K - the id type
 * @example
 * ```ts
 * const pending = new PendingRequests<string>();
 * const answer = pending.wait('42', { timeout: 1000 });
 * pending.resolve('42', 'done');
 * await answer; // 'done'
 * ```
 */
export class PendingRequests<K> {
  readonly #waiters = new Map<K, Waiter>();

  /** How many requests are waiting. */
  get size(): number {
    return this.#waiters.size;
  }

  /**
   * Waits for the answer to request `id`.
   *
   * @param id - the request id (unique among waiting requests)
   * @param options - `timeout` in ms (none when omitted) and `signal`
   * @returns the answer given to {@link PendingRequests.resolve}
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_TIMEOUT`, `SGC_ERR_ABORTED`, or what {@link PendingRequests.reject} gives
   */
  wait<T>(id: K, options: RequestOptions = {}): Promise<T> {
    const { timeout, signal } = options;
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted === true) {
        reject(new SgcError(ErrorCode.Aborted, 'The request was aborted'));
        return;
      }
      const onAbort = (): void => {
        this.reject(id, new SgcError(ErrorCode.Aborted, 'The request was aborted'));
      };
      const timer =
        timeout === undefined
          ? undefined
          : setTimeout(() => this.reject(id, new SgcError(ErrorCode.Timeout, `No answer within ${timeout} ms`)), timeout);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      });
    });
  }

  /**
   * Tells whether request `id` is waiting.
   *
   * @param id - the request id
   * @returns `true` when it waits
   */
  has(id: K): boolean {
    return this.#waiters.has(id);
  }

  /**
   * Delivers the answer to request `id`.
   *
   * @param id - the request id
   * @param value - the answer
   * @returns `false` when no such request waits
   */
  resolve(id: K, value?: unknown): boolean {
    return this.#settle(id, (waiter) => waiter.resolve(value));
  }

  /**
   * Fails request `id`.
   *
   * @param id - the request id
   * @param error - why
   * @returns `false` when no such request waits
   */
  reject(id: K, error: Error): boolean {
    return this.#settle(id, (waiter) => waiter.reject(error));
  }

  /**
   * Fails every waiting request (the connection closed).
   *
   * @param error - why
   */
  rejectAll(error: Error): void {
    for (const id of [...this.#waiters.keys()]) this.reject(id, error);
  }

  #settle(id: K, settle: (waiter: Waiter) => void): boolean {
    const waiter = this.#waiters.get(id);
    if (waiter === undefined) return false;
    this.#waiters.delete(id);
    waiter.cleanup();
    settle(waiter);
    return true;
  }
}
