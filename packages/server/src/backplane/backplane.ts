/**
 * The backplane contract: how server nodes that share the same clients fan out
 * broadcasts and reach each other's connections. {@link MemoryBackplane} is the
 * embedded single-process default and {@link RedisBackplane} spans processes and machines;
 * both keep the same delivery rules, so channels, broadcast filters and
 * `writeData(id)` behave the same on one node or many.
 *
 * @module
 */
import type { SgcError } from '@sgc/frame';
import type { ChannelWildcards } from '../channel-pattern.js';

/**
 * A broadcast to hand to {@link Backplane.publish}: the message and the filters
 * every node applies to its own connections.
 */
export interface BroadcastMessage {
  /** The message: a string goes out as a text frame, bytes as a binary frame. */
  readonly data: string | Uint8Array;
  /** Only connections subscribed to this channel get it; every connection when omitted. */
  readonly channel?: string;
  /** `channel` matches subscriptions with wildcards of this syntax; exact names when omitted. */
  readonly wildcards?: ChannelWildcards;
  /** Only connections that negotiated this sub-protocol get it. */
  readonly protocol?: string;
  /** Only these connection ids get it (they may live on any node). */
  readonly include?: readonly string[];
  /** These connection ids never get it. */
  readonly exclude?: readonly string[];
}

/** A message for one connection, handed to {@link Backplane.sendTo} with the node that holds it. */
export interface DirectMessage {
  /** The connection's id, as registered with {@link Backplane.register}. */
  readonly connectionId: string;
  /** The message: a string goes out as a text frame, bytes as a binary frame. */
  readonly data: string | Uint8Array;
}

/**
 * What a node's `deliver` callback receives: a {@link BroadcastMessage} or a
 * {@link DirectMessage}, tagged with its kind and the node id that sent it.
 *
 * Binary `data` arrives as a `Uint8Array` (a `Buffer` from Redis), text as a string.
 * Treat it as read-only: the in-memory backplane hands every node the same bytes.
 */
export type BackplaneEnvelope = BroadcastEnvelope | DirectEnvelope;

/** A {@link BroadcastMessage} as delivered: tagged `broadcast`, with the publishing node's id. */
export interface BroadcastEnvelope extends BroadcastMessage {
  readonly kind: 'broadcast';
  /** The node that published it. */
  readonly origin: string;
}

/** A {@link DirectMessage} as delivered: tagged `direct`, with the sending node's id. */
export interface DirectEnvelope extends DirectMessage {
  readonly kind: 'direct';
  /** The node that sent it. */
  readonly origin: string;
}

/**
 * Receives every envelope meant for this node. It runs outside `publish()` and
 * `sendTo()` (never re-entrantly), and a throw is caught and reported to the
 * backplane's `onError`, so one bad message cannot stop the others.
 */
export type BackplaneDeliver = (envelope: BackplaneEnvelope) => void;

/** Receives errors the backplane cannot throw to a caller (lost Redis connection, failed heartbeat, malformed message). */
export type BackplaneErrorHandler = (error: SgcError) => void;

/**
 * The scale-out backplane a server uses to reach connections on other nodes.
 *
 * Delivery rules, the same for every implementation:
 * - A broadcast goes to the `deliver` of **every** started node, the publisher's own
 *   included, each exactly once. The server therefore sends to its local
 *   connections from `deliver`, not from `broadcast()`, and every node sees one
 *   publisher's broadcasts in the order they were published. A node that would
 *   rather send locally at once skips envelopes whose `origin` is its own id.
 * - A direct message goes only to the `deliver` of the node it was sent to.
 * - Delivery is at most once: a node that is down or cut off while a message is
 *   published does not get it later.
 *
 * @example
 * ```ts
 * const backplane: Backplane = new RedisBackplane({ url: 'redis://127.0.0.1:6379' });
 * await backplane.start(randomUUID(), (envelope) => {
 *   if (envelope.kind === 'direct') connections.get(envelope.connectionId)?.send(envelope.data);
 *   else sendToMatching(envelope);
 * });
 * await backplane.register(conn.id);
 * const node = await backplane.locate(someId); // which node holds someId, if any
 * if (node !== undefined) await backplane.sendTo(node, { connectionId: someId, data: 'hi' });
 * await backplane.publish({ data: 'to everyone', exclude: [conn.id] });
 * await backplane.stop();
 * ```
 */
export interface Backplane {
  /** This node's id between `start()` and `stop()`, otherwise `undefined`. */
  readonly node: string | undefined;

  /**
   * Joins the backplane. Called once by the server when it starts.
   *
   * @param node - this node's id, unique among the running nodes (a random UUID per start is fine;
   *   reusing a crashed node's id is allowed and clears what that node left behind)
   * @param deliver - receives the envelopes for this node (see the delivery rules above)
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_STATE` when already started,
   *   `SGC_ERR_INVALID_ARGUMENT` for an empty node id, `SGC_ERR_SOCKET` when the shared store cannot be reached
   */
  start(node: string, deliver: BackplaneDeliver): Promise<void>;

  /**
   * Leaves the backplane: removes this node's directory entries and stops delivering.
   * Never rejects; cleanup failures go to `onError` (entries left behind expire by themselves).
   * Does nothing when not started.
   */
  stop(): Promise<void>;

  /**
   * Fans a broadcast out to every node.
   *
   * @param message - the data and the filters each node applies
   * @returns how many nodes it was handed to (this one included)
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN` when not started or the shared store is
   *   unreachable, `SGC_ERR_TIMEOUT` when it does not answer in time, `SGC_ERR_SOCKET` for other transport errors
   */
  publish(message: BroadcastMessage): Promise<number>;

  /**
   * Records that a connection lives on this node, until {@link Backplane.unregister} or this node stops or dies.
   *
   * @param connectionId - the connection's id
   * @throws {@link @sgc/frame!index.SgcError} as {@link Backplane.publish}
   */
  register(connectionId: string): Promise<void>;

  /**
   * Removes a connection of this node from the directory. Unknown ids are ignored.
   *
   * @param connectionId - the connection's id
   * @throws {@link @sgc/frame!index.SgcError} as {@link Backplane.publish}
   */
  unregister(connectionId: string): Promise<void>;

  /**
   * Finds the node that holds a connection.
   *
   * @param connectionId - the connection's id
   * @returns the node id (possibly this node's), or `undefined` when no live node holds it
   * @throws {@link @sgc/frame!index.SgcError} as {@link Backplane.publish}
   */
  locate(connectionId: string): Promise<string | undefined>;

  /**
   * Sends a message to one node (possibly this one) for one of its connections.
   *
   * @param node - the node id, usually from {@link Backplane.locate}
   * @param message - the connection id and the data
   * @returns `true` when the node was listening; `false` when it is gone (nothing was delivered)
   * @throws {@link @sgc/frame!index.SgcError} as {@link Backplane.publish}
   */
  sendTo(node: string, message: DirectMessage): Promise<boolean>;

  /**
   * Reads a value of the shared key-value store (HTTP sessions and other state that must be
   * the same on every node).
   *
   * @param key - the key
   * @returns the value, or `undefined` when it does not exist or expired
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN` before `start()`; `SGC_ERR_SOCKET` or `SGC_ERR_TIMEOUT` when the store cannot be reached
   */
  getValue(key: string): Promise<string | undefined>;

  /**
   * Writes a value of the shared store, replacing any previous one.
   *
   * @param key - the key
   * @param value - the value
   * @param ttlMs - milliseconds until it expires (each write starts the time again)
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a TTL that is not a positive integer;
   *   `SGC_ERR_NOT_OPEN` before `start()`
   */
  setValue(key: string, value: string, ttlMs: number): Promise<void>;

  /**
   * Deletes a value of the shared store.
   *
   * @param key - the key
   * @returns `true` when it existed
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN` before `start()`
   */
  deleteValue(key: string): Promise<boolean>;
}
