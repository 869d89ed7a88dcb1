/**
 * A small typed event emitter that runs in browsers as well as Node, for the protocol
 * clients that work on any `Transport` (Node's `EventEmitter` is not in browsers).
 *
 * @module
 */

/** A map from event name to the listener's argument list. */
export type EventMap<E> = { [K in keyof E]: unknown[] };

// Stored without their types: the map holds every event's listeners side by side.
type AnyListener = (...args: unknown[]) => void;

/**
 * Emits typed events to listeners added with `on`/`once`, in the order they were added.
 * As with Node's emitter, `error` is special: it is only emitted when someone listens, so a
 * misbehaving peer can never throw out of the emitting code (a listener that throws does).
 *
 * @typeParam E - the event map
 * @example
 * ```ts
 * class Chat extends TypedEmitter<{ message: [text: string] }> {}
 * const chat = new Chat();
 * chat.on('message', (text) => console.log(text));
 * ```
 */
export class TypedEmitter<E extends EventMap<E>> {
  readonly #listeners = new Map<keyof E, AnyListener[]>();

  /**
   * Adds a listener.
   *
   * @param event - the event name
   * @param listener - called with the event's arguments
   * @returns this, for chaining
   */
  on<K extends keyof E>(event: K, listener: (...args: E[K]) => void): this {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener as AnyListener);
    this.#listeners.set(event, list);
    return this;
  }

  /**
   * Adds a listener that is removed after its first call.
   *
   * @param event - the event name
   * @param listener - called once with the event's arguments
   * @returns this, for chaining
   */
  once<K extends keyof E>(event: K, listener: (...args: E[K]) => void): this {
    const wrapper = (...args: E[K]): void => {
      this.off(event, wrapper);
      listener(...args);
    };
    return this.on(event, wrapper);
  }

  /**
   * Removes a listener added with `on` (or the wrapper `once` added).
   *
   * @param event - the event name
   * @param listener - the listener to remove
   * @returns this, for chaining
   */
  off<K extends keyof E>(event: K, listener: (...args: E[K]) => void): this {
    const list = this.#listeners.get(event);
    const index = list?.indexOf(listener as AnyListener) ?? -1;
    if (index >= 0) list!.splice(index, 1);
    return this;
  }

  /**
   * How many listeners an event has.
   *
   * @param event - the event name
   * @returns the count
   */
  listenerCount(event: keyof E): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /**
   * Calls every listener of `event`; an `error` without listeners is dropped.
   *
   * @param event - the event name
   * @param args - the event's arguments
   * @returns `true` when the event had listeners
   */
  protected emit<K extends keyof E>(event: K, ...args: E[K]): boolean {
    const list = this.#listeners.get(event);
    if (list === undefined || list.length === 0) return false;
    // A copy, so listeners that remove themselves (once) do not skip their neighbours.
    for (const listener of [...list]) listener(...args);
    return true;
  }
}
