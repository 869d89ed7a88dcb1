/**
 * The in-memory backplane: the embedded default for one process. Several
 * instances sharing one {@link MemoryBackplaneHub} act as several nodes in the
 * same process, with the same delivery rules as the Redis backplane.
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';
import type {
  Backplane,
  BackplaneDeliver,
  BackplaneEnvelope,
  BackplaneErrorHandler,
  BroadcastMessage,
  DirectMessage,
} from './backplane.js';
import { broadcastEnvelope, checkId, checkTtl, deliverSafely, directEnvelope, startedNode } from './backplane-support.js';

/**
 * The shared state of the in-memory nodes of one process: who is started and
 * which node holds which connection. Each {@link MemoryBackplane} gets a private
 * hub unless one is passed in.
 *
 * @example
 * ```ts
 * const hub = new MemoryBackplaneHub();
 * const a = new MemoryBackplane({ hub });
 * const b = new MemoryBackplane({ hub });
 * await a.start('a', (envelope) => console.log('a got', envelope.data));
 * await b.start('b', (envelope) => console.log('b got', envelope.data));
 * await a.publish({ data: 'hi' }); // logs "a got hi" and "b got hi"
 * ```
 */
export class MemoryBackplaneHub {
  /** @internal Started nodes and their guarded deliver callbacks. */
  readonly nodes = new Map<string, (envelope: BackplaneEnvelope) => void>();
  /** @internal Connection id to node id. */
  readonly directory = new Map<string, string>();
  /** @internal The shared key-value store: values and when they expire (ms since the epoch). */
  readonly values = new Map<string, { value: string; expiresAt: number }>();

  /** Ids of the started nodes. */
  get nodeIds(): string[] {
    return [...this.nodes.keys()];
  }
}

/** Options of {@link MemoryBackplane}. */
export interface MemoryBackplaneOptions {
  /** Nodes sharing a hub reach each other. @defaultValue a new private hub (a single node) */
  hub?: MemoryBackplaneHub;
  /** Receives errors thrown by the `deliver` callback. @defaultValue they are dropped */
  onError?: BackplaneErrorHandler;
}

/**
 * A {@link Backplane} in process memory. On its own it is the single-node default: a
 * broadcast comes straight back to this node's `deliver`. Delivery happens in a
 * later microtask, before `publish()` or `sendTo()` resolves, so `deliver` never runs
 * inside the caller's stack, exactly as with Redis.
 *
 * @example
 * ```ts
 * const backplane = new MemoryBackplane();
 * await backplane.start('node-1', (envelope) => console.log(envelope.kind, envelope.data));
 * await backplane.publish({ data: 'hello' }); // logs "broadcast hello"
 * await backplane.stop();
 * ```
 */
export class MemoryBackplane implements Backplane {
  readonly #hub: MemoryBackplaneHub;
  readonly #onError: BackplaneErrorHandler | undefined;
  #node: string | undefined;

  /**
   * @param options - see {@link MemoryBackplaneOptions}
   */
  constructor(options: MemoryBackplaneOptions = {}) {
    this.#hub = options.hub ?? new MemoryBackplaneHub();
    this.#onError = options.onError;
  }

  get node(): string | undefined {
    return this.#node;
  }

  /**
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_STATE` when already started or the node id
   *   is taken in the hub; `SGC_ERR_INVALID_ARGUMENT` for an empty node id
   */
  async start(node: string, deliver: BackplaneDeliver): Promise<void> {
    checkId('node id', node);
    if (this.#node !== undefined) throw new SgcError(ErrorCode.InvalidState, 'The backplane is already started');
    if (this.#hub.nodes.has(node)) throw new SgcError(ErrorCode.InvalidState, `Node id ${node} is already started in this hub`);
    this.#forget(node);
    this.#hub.nodes.set(node, (envelope) => deliverSafely(deliver, envelope, this.#onError));
    this.#node = node;
  }

  async stop(): Promise<void> {
    const node = this.#node;
    if (node === undefined) return;
    this.#node = undefined;
    this.#hub.nodes.delete(node);
    this.#forget(node);
  }

  async publish(message: BroadcastMessage): Promise<number> {
    const envelope = broadcastEnvelope(message, startedNode(this.#node));
    await Promise.resolve();
    // Read the nodes after the await: a node that stopped meanwhile gets nothing, as with Redis.
    const targets = [...this.#hub.nodes.values()];
    for (const deliver of targets) deliver(envelope);
    return targets.length;
  }

  async register(connectionId: string): Promise<void> {
    checkId('connection id', connectionId);
    this.#hub.directory.set(connectionId, startedNode(this.#node));
  }

  async unregister(connectionId: string): Promise<void> {
    checkId('connection id', connectionId);
    const node = startedNode(this.#node);
    // Only our own entry: the id may have been registered again elsewhere since.
    if (this.#hub.directory.get(connectionId) === node) this.#hub.directory.delete(connectionId);
  }

  async locate(connectionId: string): Promise<string | undefined> {
    checkId('connection id', connectionId);
    startedNode(this.#node);
    return this.#hub.directory.get(connectionId);
  }

  async sendTo(node: string, message: DirectMessage): Promise<boolean> {
    checkId('node id', node);
    const envelope = directEnvelope(message, startedNode(this.#node));
    await Promise.resolve();
    const deliver = this.#hub.nodes.get(node);
    deliver?.(envelope);
    return deliver !== undefined;
  }

  async getValue(key: string): Promise<string | undefined> {
    startedNode(this.#node);
    const entry = this.#hub.values.get(key);
    if (entry === undefined) return undefined;
    // Expired entries go when read, as Redis does lazily; nothing else holds them.
    if (entry.expiresAt <= Date.now()) {
      this.#hub.values.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async setValue(key: string, value: string, ttlMs: number): Promise<void> {
    checkTtl(ttlMs);
    startedNode(this.#node);
    this.#hub.values.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  async deleteValue(key: string): Promise<boolean> {
    const existed = (await this.getValue(key)) !== undefined;
    this.#hub.values.delete(key);
    return existed;
  }

  /** Drops every directory entry of `node`. */
  #forget(node: string): void {
    for (const [connectionId, holder] of this.#hub.directory) {
      if (holder === node) this.#hub.directory.delete(connectionId);
    }
  }
}
