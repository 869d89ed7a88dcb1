/**
 * The connection directory of the Redis backplane: which node holds which
 * connection. Each entry is a string key `<prefix>:conn:<id>` holding the node id,
 * with a TTL the node keeps renewing (the heartbeat), so the entries of a node
 * that crashed or lost Redis expire by themselves. A per-node set
 * `<prefix>:node:<node>:conns` lists a node's ids, so a graceful stop, or a
 * restart under the same node id, can delete them at once.
 *
 * @module
 * @internal
 */
import type { RedisClientType } from 'redis';
import type { BackplaneErrorHandler } from './backplane.js';
import { redisError } from './redis-errors.js';
import type { RedisNames } from './redis-names.js';

/** The node-redis client type the backplane uses. @internal */
export type RedisClient = RedisClientType;

/** How many ids one heartbeat or cleanup step sends before awaiting the replies. */
const CHUNK = 1000;

/**
 * Deletes a directory entry only while it still names this node (an id registered
 * again on another node keeps that node's entry), and drops the id from the node's set.
 * KEYS: entry, node set. ARGV: node id, connection id.
 */
const FORGET_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('SREM', KEYS[2], ARGV[2])
return 0`;

/**
 * One node's view of the directory. It remembers the ids registered through it,
 * so its heartbeat can restore entries that expired or vanished while Redis was
 * unreachable or restarted.
 *
 * @internal
 */
export class RedisDirectory {
  readonly #client: RedisClient;
  readonly #names: RedisNames;
  readonly #node: string;
  readonly #ttlMs: number;
  readonly #heartbeatMs: number;
  readonly #onError: BackplaneErrorHandler | undefined;
  readonly #ids = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #beating: Promise<void> | undefined;

  /**
   * @param client - the command client (not the subscriber)
   * @param names - key names under the backplane's prefix
   * @param node - this node's id
   * @param ttlMs - lifetime of an entry without a heartbeat
   * @param heartbeatMs - how often the entries are renewed; shorter than `ttlMs`
   * @param onError - receives heartbeat failures
   */
  constructor(
    client: RedisClient,
    names: RedisNames,
    node: string,
    ttlMs: number,
    heartbeatMs: number,
    onError: BackplaneErrorHandler | undefined,
  ) {
    this.#client = client;
    this.#names = names;
    this.#node = node;
    this.#ttlMs = ttlMs;
    this.#heartbeatMs = heartbeatMs;
    this.#onError = onError;
  }

  /**
   * Records `connectionId` on this node. The id is remembered before Redis is
   * asked, so when Redis is unreachable the call rejects but the next heartbeat
   * after reconnection still creates the entry.
   *
   * @param connectionId - the connection's id
   * @throws {@link @sgc/frame!index.SgcError} mapped by {@link redisError}
   */
  async register(connectionId: string): Promise<void> {
    this.#ids.add(connectionId);
    const set = this.#names.nodeConnections(this.#node);
    try {
      await this.#client
        .multi()
        .set(this.#names.connection(connectionId), this.#node, { expiration: { type: 'PX', value: this.#ttlMs } })
        .sAdd(set, connectionId)
        .pExpire(set, this.#ttlMs)
        .exec();
    } catch (error) {
      throw redisError(error, `register ${connectionId}`);
    }
  }

  /**
   * Forgets `connectionId`. When Redis is unreachable the call rejects and the
   * entry, no longer renewed, expires within the TTL.
   *
   * @param connectionId - the connection's id
   * @throws {@link @sgc/frame!index.SgcError} mapped by {@link redisError}
   */
  async unregister(connectionId: string): Promise<void> {
    // Forget locally first, so a heartbeat issued from now on cannot write the entry back.
    this.#ids.delete(connectionId);
    try {
      await this.#forget([connectionId]);
    } catch (error) {
      throw redisError(error, `unregister ${connectionId}`);
    }
  }

  /**
   * @param connectionId - the connection's id
   * @returns the node holding it, or `undefined`
   * @throws {@link @sgc/frame!index.SgcError} mapped by {@link redisError}
   */
  async locate(connectionId: string): Promise<string | undefined> {
    try {
      return (await this.#client.get(this.#names.connection(connectionId))) ?? undefined;
    } catch (error) {
      throw redisError(error, `locate ${connectionId}`);
    }
  }

  /** Renews the entries every `heartbeatMs` until {@link RedisDirectory.clear}; the timer does not keep the process alive. */
  startHeartbeat(): void {
    this.#running = true;
    this.#scheduleBeat();
  }

  #scheduleBeat(): void {
    if (!this.#running) return;
    // A chain of timeouts, not an interval: a slow beat must not overlap the next one.
    this.#timer = setTimeout(() => void this.beat().finally(() => this.#scheduleBeat()), this.#heartbeatMs);
    this.#timer.unref();
  }

  /**
   * Renews (or restores) every entry of this node now. Overlapping calls share
   * one run. Never rejects: a failure goes to `onError` and the next beat retries.
   *
   * @returns resolves when the run is over
   */
  beat(): Promise<void> {
    this.#beating ??= this.#renew()
      .catch((error: unknown) => this.#onError?.(redisError(error, 'heartbeat')))
      .finally(() => (this.#beating = undefined));
    return this.#beating;
  }

  async #renew(): Promise<void> {
    const set = this.#names.nodeConnections(this.#node);
    const ids = [...this.#ids];
    for (let start = 0; start < ids.length; start += CHUNK) {
      // Check each id when its command is issued: commands on one connection run in
      // order, so an unregister issued after this point wins over the SET below.
      const live = ids.slice(start, start + CHUNK).filter((id) => this.#ids.has(id));
      if (live.length === 0) continue;
      const replies: Array<Promise<unknown>> = [this.#client.sAdd(set, live)];
      // SET rather than PEXPIRE, so entries lost to a Redis restart or a long outage come back.
      for (const id of live) {
        replies.push(this.#client.set(this.#names.connection(id), this.#node, { expiration: { type: 'PX', value: this.#ttlMs } }));
      }
      await Promise.all(replies);
    }
    if (ids.length > 0) await this.#client.pExpire(set, this.#ttlMs);
  }

  /**
   * Stops the heartbeat and deletes every entry of this node: those registered
   * through this instance and those a previous process with the same node id left
   * in the node's set.
   *
   * @throws {@link @sgc/frame!index.SgcError} mapped by {@link redisError}; the entries then expire by themselves
   */
  async clear(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    // A beat still in flight could write entries back after the deletes below.
    await this.#beating;
    const local = [...this.#ids];
    this.#ids.clear();
    const set = this.#names.nodeConnections(this.#node);
    try {
      const ids = new Set([...local, ...(await this.#client.sMembers(set))]);
      await this.#forget([...ids]);
      await this.#client.del(set);
    } catch (error) {
      throw redisError(error, 'directory cleanup');
    }
  }

  async #forget(ids: readonly string[]): Promise<void> {
    const set = this.#names.nodeConnections(this.#node);
    for (let start = 0; start < ids.length; start += CHUNK) {
      await Promise.all(
        ids.slice(start, start + CHUNK).map((id) =>
          this.#client.eval(FORGET_SCRIPT, { keys: [this.#names.connection(id), set], arguments: [this.#node, id] }),
        ),
      );
    }
  }
}
