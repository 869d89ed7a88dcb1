/**
 * The Redis backplane: server nodes in any number of processes or machines share
 * one Redis. Broadcasts fan out on the pub/sub channel `<prefix>:broadcast`,
 * direct messages go to a node's own channel `<prefix>:node:<node>`, and the
 * connection directory lives in keys with a TTL each node renews (a heartbeat).
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';
import type {
  Backplane,
  BackplaneDeliver,
  BackplaneErrorHandler,
  BroadcastMessage,
  DirectMessage,
} from './backplane.js';
import { broadcastEnvelope, checkId, checkTtl, deliverSafely, directEnvelope, startedNode } from './backplane-support.js';
import { decodeEnvelope, encodeEnvelope } from './envelope-codec.js';
import { RedisDirectory, type RedisClient } from './redis-directory.js';
import { redisError } from './redis-errors.js';
import { loadRedis } from './redis-module.js';
import { redisNames, type RedisNames } from './redis-names.js';

/** Options of {@link RedisBackplane}. Times are in milliseconds unless the name says otherwise. */
export interface RedisBackplaneOptions {
  /**
   * The Redis server, `redis[s]://[[user][:password]@]host[:port][/db]`.
   * @defaultValue 'redis://127.0.0.1:6379'
   */
  url?: string;
  /** Prefix of every channel and key, so several deployments (or test runs) can share one Redis. @defaultValue 'sgc' */
  prefix?: string;
  /** How long a connection's directory entry outlives its node's last heartbeat. @defaultValue 30 */
  ttlSeconds?: number;
  /** How often a node renews its directory entries; must be shorter than the TTL. @defaultValue a third of the TTL */
  heartbeatMs?: number;
  /** A command that gets no answer in this time fails with `SGC_ERR_TIMEOUT`. @defaultValue 5000 */
  commandTimeoutMs?: number;
  /** How long `start()` keeps trying to reach Redis before it fails with `SGC_ERR_SOCKET`. @defaultValue 10000 */
  connectTimeoutMs?: number;
  /**
   * Receives what cannot be thrown to a caller: lost connections and failed
   * reconnect attempts (node-redis keeps retrying, with backoff up to 2 s), failed
   * heartbeats and cleanups, malformed messages on the channels, and throws from
   * `deliver`. @defaultValue they are dropped
   */
  onError?: BackplaneErrorHandler;
}

type State = 'idle' | 'starting' | 'started' | 'stopping';

/** The clients and helpers of one started node. */
interface Session {
  readonly commands: RedisClient;
  readonly subscriber: RedisClient;
  readonly directory: RedisDirectory;
}

/**
 * A {@link Backplane} over Redis. It opens two connections per node: one for
 * commands, and the dedicated subscriber pub/sub requires. Both reconnect by
 * themselves (node-redis backoff: 50 ms doubling up to 2 s, with jitter) and the
 * subscriber subscribes again; messages published while a node is cut off are lost
 * for it (pub/sub is at-most-once). Calls made while the command connection is
 * down fail at once with `SGC_ERR_NOT_OPEN` instead of queueing.
 *
 * Redis Cluster is not supported (a single Redis, or one behind Sentinel through its
 * primary's URL).
 *
 * @example
 * ```ts
 * const backplane = new RedisBackplane({
 *   url: 'redis://127.0.0.1:6379',
 *   prefix: 'chat',
 *   onError: (error) => console.warn('backplane:', error.message),
 * });
 * await backplane.start(randomUUID(), (envelope) => console.log(envelope.kind, envelope.origin));
 * await backplane.publish({ data: new Uint8Array([1, 2, 3]), channel: 'news' });
 * await backplane.stop();
 * ```
 */
export class RedisBackplane implements Backplane {
  readonly #url: string;
  readonly #names: RedisNames;
  readonly #ttlMs: number;
  readonly #heartbeatMs: number;
  readonly #commandTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #onError: BackplaneErrorHandler | undefined;
  #state: State = 'idle';
  #node: string | undefined;
  #session: Session | undefined;

  /**
   * @param options - see {@link RedisBackplaneOptions}
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for an empty prefix, a
   *   non-positive time, or a heartbeat that is not shorter than the TTL
   */
  constructor(options: RedisBackplaneOptions = {}) {
    this.#url = options.url ?? 'redis://127.0.0.1:6379';
    const prefix = options.prefix ?? 'sgc';
    checkId('prefix', prefix);
    this.#names = redisNames(prefix);
    this.#ttlMs = positive('ttlSeconds', options.ttlSeconds ?? 30) * 1000;
    this.#heartbeatMs = positive('heartbeatMs', options.heartbeatMs ?? this.#ttlMs / 3);
    if (this.#heartbeatMs >= this.#ttlMs) {
      throw new SgcError(ErrorCode.InvalidArgument, 'heartbeatMs must be shorter than ttlSeconds, or entries expire between beats');
    }
    this.#commandTimeoutMs = positive('commandTimeoutMs', options.commandTimeoutMs ?? 5000);
    this.#connectTimeoutMs = positive('connectTimeoutMs', options.connectTimeoutMs ?? 10_000);
    this.#onError = options.onError;
  }

  get node(): string | undefined {
    return this.#node;
  }

  /**
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_STATE` when not idle, `SGC_ERR_INVALID_ARGUMENT`
   *   for an empty node id or a bad URL, `SGC_ERR_SOCKET` when Redis cannot be reached within `connectTimeoutMs`
   */
  async start(node: string, deliver: BackplaneDeliver): Promise<void> {
    checkId('node id', node);
    if (this.#state !== 'idle') throw new SgcError(ErrorCode.InvalidState, `Cannot start a backplane that is ${this.#state}`);
    this.#state = 'starting';
    let session: Session | undefined;
    try {
      session = await this.#connect(node);
      // A previous process with this node id may have died with entries left: they would
      // route messages here for connections this process does not have.
      await session.directory.clear();
      await session.subscriber.subscribe(
        [this.#names.broadcast, this.#names.nodeChannel(node)],
        (message: Buffer) => this.#receive(message, deliver),
        true,
      );
    } catch (error) {
      if (session) await closeClients(session, this.#commandTimeoutMs);
      this.#state = 'idle';
      throw redisError(error, 'start');
    }
    session.directory.startHeartbeat();
    this.#session = session;
    this.#node = node;
    this.#state = 'started';
  }

  async stop(): Promise<void> {
    const session = this.#session;
    if (this.#state !== 'started' || session === undefined) return;
    this.#state = 'stopping';
    // From here on every call fails with SGC_ERR_NOT_OPEN.
    this.#node = undefined;
    this.#session = undefined;
    await session.directory.clear().catch((error: unknown) => this.#report(error, 'stop'));
    // No UNSUBSCRIBE first: closing the connection ends its subscriptions, and while Redis
    // is unreachable node-redis would hold the UNSUBSCRIBE for the next connection.
    await closeClients(session, this.#commandTimeoutMs);
    this.#state = 'idle';
  }

  async publish(message: BroadcastMessage): Promise<number> {
    const envelope = broadcastEnvelope(message, startedNode(this.#node));
    const { commands } = this.#started();
    try {
      return await commands.publish(this.#names.broadcast, encodeEnvelope(envelope));
    } catch (error) {
      throw redisError(error, 'publish');
    }
  }

  async register(connectionId: string): Promise<void> {
    checkId('connection id', connectionId);
    await this.#started().directory.register(connectionId);
  }

  async unregister(connectionId: string): Promise<void> {
    checkId('connection id', connectionId);
    await this.#started().directory.unregister(connectionId);
  }

  async locate(connectionId: string): Promise<string | undefined> {
    checkId('connection id', connectionId);
    return this.#started().directory.locate(connectionId);
  }

  async sendTo(node: string, message: DirectMessage): Promise<boolean> {
    checkId('node id', node);
    const envelope = directEnvelope(message, startedNode(this.#node));
    const { commands } = this.#started();
    try {
      // PUBLISH answers how many subscribers got it: 0 means the node is gone.
      return (await commands.publish(this.#names.nodeChannel(node), encodeEnvelope(envelope))) > 0;
    } catch (error) {
      throw redisError(error, `send to node ${node}`);
    }
  }

  async getValue(key: string): Promise<string | undefined> {
    const { commands } = this.#started();
    try {
      return (await commands.get(this.#names.value(key))) ?? undefined;
    } catch (error) {
      throw redisError(error, 'get a value');
    }
  }

  async setValue(key: string, value: string, ttlMs: number): Promise<void> {
    checkTtl(ttlMs);
    const { commands } = this.#started();
    try {
      await commands.set(this.#names.value(key), value, { expiration: { type: 'PX', value: ttlMs } });
    } catch (error) {
      throw redisError(error, 'set a value');
    }
  }

  async deleteValue(key: string): Promise<boolean> {
    const { commands } = this.#started();
    try {
      return (await commands.del(this.#names.value(key))) > 0;
    } catch (error) {
      throw redisError(error, 'delete a value');
    }
  }

  /** Opens the command client and its subscriber twin, or fails after `connectTimeoutMs`. */
  async #connect(node: string): Promise<Session> {
    const { createClient } = await loadRedis();
    let commands: RedisClient;
    try {
      commands = createClient({
        url: this.#url,
        name: clientName(this.#names.nodeChannel(node), 'commands'),
        // Fail fast while reconnecting: a broadcast queued for later would arrive out of date.
        disableOfflineQueue: true,
        commandOptions: { timeout: this.#commandTimeoutMs },
      });
    } catch (error) {
      throw new SgcError(ErrorCode.InvalidArgument, `Invalid Redis URL: ${(error as Error).message}`, { cause: error });
    }
    const subscriber = commands.duplicate({ name: clientName(this.#names.nodeChannel(node), 'subscriber') });
    const directory = new RedisDirectory(commands, this.#names, node, this.#ttlMs, this.#heartbeatMs, this.#onError);
    const session: Session = { commands, subscriber, directory };
    let lastError: unknown;
    for (const client of [commands, subscriber]) {
      // Without an 'error' listener node-redis errors would crash the process.
      client.on('error', (error: unknown) => {
        lastError = error;
        this.#report(error, 'connection');
      });
    }
    let readyOnce = false;
    commands.on('ready', () => {
      // After a reconnect, restore entries that may have expired during the outage now, not a beat later.
      if (readyOnce && this.#session === session) void directory.beat();
      readyOnce = true;
    });
    const connected = Promise.all([commands.connect(), subscriber.connect()]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.#connectTimeoutMs)));
    try {
      const outcome = await Promise.race([connected, timedOut]);
      if (outcome === 'timeout') {
        throw new SgcError(ErrorCode.Socket, `Cannot reach Redis at ${redactUrl(this.#url)} within ${this.#connectTimeoutMs} ms`, {
          cause: lastError,
        });
      }
    } catch (error) {
      // Destroying ends node-redis's retry loop (one client may still be retrying); the
      // connect() promises then reject, quietly.
      connected.catch(() => undefined);
      await closeClients(session, 0);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return session;
  }

  #receive(message: Buffer, deliver: BackplaneDeliver): void {
    let envelope;
    try {
      envelope = decodeEnvelope(message);
    } catch (error) {
      this.#report(error, 'receive');
      return;
    }
    deliverSafely(deliver, envelope, this.#onError);
  }

  #started(): Session {
    const session = this.#session;
    if (session === undefined) throw new SgcError(ErrorCode.NotOpen, 'The backplane is not started');
    return session;
  }

  #report(error: unknown, doing: string): void {
    this.#onError?.(redisError(error, doing));
  }
}

/** Closes both clients gracefully, destroying them if that takes longer than `timeoutMs` (Redis unreachable). */
async function closeClients(session: Session, timeoutMs: number): Promise<void> {
  await Promise.all(
    [session.commands, session.subscriber].map(async (client) => {
      // A client that is reconnecting has nothing to flush, and close() would wait for it.
      if (!client.isReady) {
        client.destroy();
        return;
      }
      const timer = setTimeout(() => client.destroy(), timeoutMs);
      try {
        // close() throws when the client never opened or is already closed; nothing is left to close then.
        await client.close();
      } catch {
        client.destroy();
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

/** A `CLIENT SETNAME` value for `CLIENT LIST`: Redis refuses spaces and control characters in names. */
function clientName(base: string, role: string): string {
  return `${base}:${role}`.replace(/[^\x21-\x7e]/g, '_');
}

/** The URL without its password, for error messages. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = '';
    return parsed.href;
  } catch {
    return '(unparsable URL)';
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new SgcError(ErrorCode.InvalidArgument, `${name} must be a positive number`);
  return value;
}
