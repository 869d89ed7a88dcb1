/**
 * When a connection's events reach listeners: the manual's `NotifyEvents` without
 * threads. Shared by the client and the server so both defer the same way.
 *
 * @module
 */

/**
 * When events reach listeners (the manual's `NotifyEvents`, without threads):
 * `inline` emits as frames are parsed; `deferred` emits on a later turn of the event loop,
 * in order, so a listener never runs inside the socket's read callback.
 */
export type EmitMode = 'inline' | 'deferred';

/**
 * Runs calls on the next turn of the event loop, in the order they were queued: one
 * `setImmediate` per turn however many calls wait, so a burst of frames costs one timer.
 *
 * @example
 * ```ts
 * const deferred = new DeferredCalls();
 * deferred.push(() => emitter.emit('message', text));
 * ```
 */
export class DeferredCalls {
  #pending: Array<() => void> | undefined;

  /**
   * Queues a call.
   *
   * @param call - runs after the current turn, after every call queued before it
   */
  push(call: () => void): void {
    if (this.#pending) {
      this.#pending.push(call);
      return;
    }
    const pending = (this.#pending = [call]);
    setImmediate(() => {
      this.#pending = undefined;
      for (const run of pending) run();
    });
  }
}
