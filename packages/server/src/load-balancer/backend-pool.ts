/**
 * The back-ends registered with a balancer and the choice among them: the
 * manual's `lbRandom` and `lbConnections` (fewest connections).
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import type { LoadBalancerBinding } from './binding.js';

/**
 * How the balancer picks a back-end: `'random'` (the manual's lbRandom) or `'connections'`, the one with
 * the fewest connections (lbConnections). Both consider only back-ends that are ready and have a binding.
 *
 * @example
 * ```ts
 * new LoadBalancerServer({ port: 8080, strategy: 'random' });
 * ```
 */
export type LoadBalancerStrategy = 'random' | 'connections';

/**
 * A registered back-end as `LoadBalancerServer.backends` shows it: a snapshot.
 *
 * @example
 * ```ts
 * const idle = balancer.backends.filter((backend) => backend.ready && backend.connections === 0);
 * ```
 */
export interface LoadBalancerBackendInfo {
  /** The back-end's id (the manual's LoadBalancer `Guid`). */
  readonly guid: string;
  /** Where clients reach it; the first one is handed out. */
  readonly bindings: readonly LoadBalancerBinding[];
  /** Its open connections, as it reports them. */
  readonly connections: number;
  /** Clients sent to it that it has not reported yet. */
  readonly pending: number;
  /** It announced `sgc@lb@server@ready` since it last registered. */
  readonly ready: boolean;
}

/**
 * How long a handed-out binding counts against its back-end before the client shows up
 * there: the default connect timeout of a client, after which the client has given up.
 */
const RESERVATION_MS = 10_000;

/** One back-end's mutable state. */
export class Backend {
  bindings: readonly LoadBalancerBinding[] = [];
  connections = 0;
  ready = false;
  /**
   * When each binding handed out since the last report expires, oldest first. Counting them
   * keeps a burst of requests from all landing on the same least-loaded back-end before it
   * has reported any of those clients.
   */
  readonly #reservations: number[] = [];

  /** @param guid - the back-end's id */
  constructor(readonly guid: string) {}

  /** Connections plus unexpired reservations: what the fewest-connections strategy compares. */
  load(now: number): number {
    const reservations = this.#reservations;
    while (reservations.length > 0 && reservations[0]! <= now) reservations.shift();
    return this.connections + reservations.length;
  }

  /** A client was sent here. */
  reserve(now: number): void {
    this.#reservations.push(now + RESERVATION_MS);
  }

  /** The back-end reported a client: the oldest reservation is used up. */
  connected(): void {
    this.connections++;
    this.#reservations.shift();
  }

  /** The back-end reported a client leaving. */
  disconnected(): void {
    // A report for a client it had not counted must not take the count below zero.
    this.connections = Math.max(0, this.connections - 1);
  }

  /** A snapshot for callers. */
  info(now: number): LoadBalancerBackendInfo {
    const pending = this.load(now) - this.connections;
    return { guid: this.guid, bindings: this.bindings, connections: this.connections, pending, ready: this.ready };
  }
}

/**
 * Picks the back-end for the next client among those that are ready and have a binding.
 *
 * @param backends - the registered back-ends, in registration order
 * @param strategy - random or fewest connections (ties go to the earliest registered)
 * @param now - the current time, for reservations
 * @returns the back-end, or `undefined` when none can take clients
 */
export function chooseBackend(backends: Iterable<Backend>, strategy: LoadBalancerStrategy, now: number): Backend | undefined {
  const eligible = [...backends].filter((backend) => backend.ready && backend.bindings.length > 0);
  if (eligible.length === 0) return undefined;
  if (strategy === 'random') return eligible[randomInt(eligible.length)];
  let best = eligible[0]!;
  let bestLoad = best.load(now);
  for (const backend of eligible.slice(1)) {
    const load = backend.load(now);
    if (load < bestLoad) [best, bestLoad] = [backend, load];
  }
  return best;
}
