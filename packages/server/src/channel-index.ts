/**
 * Which connections are subscribed to which channel (the manual's
 * `Subscribe`/`UnSubscribe`/`Subscribed`), indexed both ways so a channel
 * broadcast touches only its subscribers and a closing connection leaves every
 * channel at once.
 *
 * @module
 */
import { channelsMeet, hasWildcards, type ChannelWildcards } from './channel-pattern.js';

/**
 * A two-way index of channel subscriptions.
 *
 * @typeParam T - the subscriber type (a server connection)
 * @example
 * ```ts
 * const index = new ChannelIndex<ServerConnection>();
 * index.subscribe(conn, 'news');
 * for (const subscriber of index.subscribers('news')) subscriber.send('hello');
 * ```
 */
export class ChannelIndex<T> {
  readonly #byChannel = new Map<string, Set<T>>();
  readonly #bySubscriber = new Map<T, Set<string>>();
  /** Subscribed channels that may be patterns (any wildcard character of either syntax). */
  readonly #patterns = new Set<string>();

  /**
   * Subscribes `subscriber` to `channel`.
   *
   * @param subscriber - the connection
   * @param channel - the channel name
   * @returns `false` when it was already subscribed
   */
  subscribe(subscriber: T, channel: string): boolean {
    const channels = this.#bySubscriber.get(subscriber) ?? new Set<string>();
    if (channels.has(channel)) return false;
    channels.add(channel);
    this.#bySubscriber.set(subscriber, channels);
    const subscribers = this.#byChannel.get(channel) ?? new Set<T>();
    subscribers.add(subscriber);
    this.#byChannel.set(channel, subscribers);
    if (hasWildcards(channel, 'mask')) this.#patterns.add(channel);
    return true;
  }

  /**
   * Removes one subscription.
   *
   * @param subscriber - the connection
   * @param channel - the channel name
   * @returns `false` when it was not subscribed
   */
  unsubscribe(subscriber: T, channel: string): boolean {
    const channels = this.#bySubscriber.get(subscriber);
    if (channels === undefined || !channels.delete(channel)) return false;
    if (channels.size === 0) this.#bySubscriber.delete(subscriber);
    const subscribers = this.#byChannel.get(channel)!;
    subscribers.delete(subscriber);
    if (subscribers.size === 0) {
      this.#byChannel.delete(channel);
      this.#patterns.delete(channel);
    }
    return true;
  }

  /**
   * Removes every subscription of `subscriber` (it disconnected).
   *
   * @param subscriber - the connection
   */
  unsubscribeAll(subscriber: T): void {
    for (const channel of [...(this.#bySubscriber.get(subscriber) ?? [])]) this.unsubscribe(subscriber, channel);
  }

  /**
   * Tells whether `subscriber` is subscribed to `channel`.
   *
   * @param subscriber - the connection
   * @param channel - the channel name
   * @returns `true` when subscribed
   */
  isSubscribed(subscriber: T, channel: string): boolean {
    return this.#bySubscriber.get(subscriber)?.has(channel) ?? false;
  }

  /**
   * The channels `subscriber` is in.
   *
   * @param subscriber - the connection
   * @returns the channel names
   */
  channelsOf(subscriber: T): string[] {
    return [...(this.#bySubscriber.get(subscriber) ?? [])];
  }

  /**
   * The subscribers of `channel`.
   *
   * @param channel - the channel name
   * @returns them, possibly none
   */
  subscribers(channel: string): ReadonlySet<T> {
    return this.#byChannel.get(channel) ?? new Set<T>();
  }

  /**
   * The subscribers whose subscription meets `channel` with wildcards (see
   * {@link channelsMeet}), each once even when several of its subscriptions match.
   * A plain channel is compared with the subscribed patterns only; a pattern with every
   * subscribed channel name.
   *
   * @param channel - the published channel, possibly a pattern
   * @param syntax - the wildcard syntax
   * @returns them, possibly none
   */
  matchingSubscribers(channel: string, syntax: ChannelWildcards): ReadonlySet<T> {
    const found = new Set<T>(this.subscribers(channel));
    const candidates = hasWildcards(channel, syntax) ? this.#byChannel.keys() : this.#patterns;
    for (const subscription of candidates) {
      if (subscription === channel || !channelsMeet(subscription, channel, syntax)) continue;
      for (const subscriber of this.#byChannel.get(subscription)!) found.add(subscriber);
    }
    return found;
  }
}
