/**
 * The server's queued messages (the manual's queue levels): level 1 keeps the last
 * message of a channel (last known good), level 2 every message, up to a bound. A new
 * subscriber gets what is queued on every channel its subscription meets.
 *
 * @module
 */
import { channelsMeet, type ChannelWildcards } from '@sgc/server';
import type { QueueLevel } from './sgc-wire.js';

/** A queued message and the channel it was published on. */
export interface QueuedMessage {
  readonly channel: string;
  readonly message: unknown;
}

/**
 * Queued messages by channel, in publishing order.
 *
 * @example
 * ```ts
 * const queues = new ChannelQueues(1000, 10_000);
 * queues.keep('news', 'first', 2);
 * queues.forSubscription('news*', 'star'); // [{ channel: 'news', message: 'first' }]
 * ```
 */
export class ChannelQueues {
  readonly #byChannel = new Map<string, QueuedMessage[]>();
  readonly #maxPerChannel: number;
  readonly #maxChannels: number;

  /**
   * @param maxPerChannel - how many level-2 messages a channel keeps; the oldest go first
   * @param maxChannels - how many channels keep messages; the one written least recently goes first
   */
  constructor(maxPerChannel: number, maxChannels = Number.POSITIVE_INFINITY) {
    this.#maxPerChannel = maxPerChannel;
    this.#maxChannels = maxChannels;
  }

  /**
   * Queues a published message as its level says (level 0 keeps nothing).
   *
   * @param channel - the channel it was published on
   * @param message - the message
   * @param level - the queue level
   */
  keep(channel: string, message: unknown, level: QueueLevel): void {
    if (level === 0) return;
    const entry = { channel, message };
    const queue = level === 1 ? [] : (this.#byChannel.get(channel) ?? []);
    queue.push(entry);
    if (queue.length > this.#maxPerChannel) queue.shift();
    // Deleted and set again, so the map's order is the order of last writes.
    this.#byChannel.delete(channel);
    this.#byChannel.set(channel, queue);
    if (this.#byChannel.size > this.#maxChannels) this.#byChannel.delete(this.#byChannel.keys().next().value!);
  }

  /**
   * What a new subscription gets: the queued messages of every channel it meets.
   *
   * @param subscription - the subscribed channel, possibly a pattern
   * @param syntax - the wildcard syntax
   * @returns the messages, channel by channel, oldest first
   */
  forSubscription(subscription: string, syntax: ChannelWildcards): QueuedMessage[] {
    const found: QueuedMessage[] = [];
    for (const [channel, queue] of this.#byChannel) {
      if (channelsMeet(subscription, channel, syntax)) found.push(...queue);
    }
    return found;
  }

  /**
   * Forgets the queued messages of one channel, or of all.
   *
   * @param channel - the channel; every channel when omitted
   */
  clear(channel?: string): void {
    if (channel === undefined) this.#byChannel.clear();
    else this.#byChannel.delete(channel);
  }
}
