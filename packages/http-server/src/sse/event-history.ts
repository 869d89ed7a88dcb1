/**
 * The recent events of each SSE channel, so a browser that reconnects with
 * `Last-Event-ID` gets the events it missed (WHATWG HTML §9.2.4).
 *
 * @module
 */
import type { SseEvent } from '@sgc/frame';

/**
 * A bounded history per channel.
 *
 * @example
 * ```ts
 * const history = new EventHistory(100);
 * history.record('/news', { id: '1', data: 'a' });
 * history.since('/news', '0'); // events after id 0 — none known, so every kept event
 * ```
 */
export class EventHistory {
  readonly #limit: number;
  readonly #channels = new Map<string, SseEvent[]>();

  /** @param limit - events kept per channel; 0 keeps none */
  constructor(limit: number) {
    this.#limit = limit;
  }

  /**
   * Keeps an event that has an id.
   *
   * @param channel - the channel (the stream's path)
   * @param event - the event
   */
  record(channel: string, event: SseEvent): void {
    if (this.#limit === 0 || event.id === undefined) return;
    const events = this.#channels.get(channel) ?? [];
    events.push(event);
    if (events.length > this.#limit) events.shift();
    this.#channels.set(channel, events);
  }

  /**
   * The events after the one with `lastEventId`.
   *
   * @param channel - the channel
   * @param lastEventId - the id the browser sent
   * @returns the events to send again; `[]` when the id is not (or no longer) known, since
   *   the browser's position in the stream cannot be told then
   */
  since(channel: string, lastEventId: string): SseEvent[] {
    const events = this.#channels.get(channel) ?? [];
    const index = events.findIndex((event) => event.id === lastEventId);
    return index === -1 ? [] : events.slice(index + 1);
  }
}
