/**
 * Times publishes through two sgc nodes from one process: a ws client on node
 * A sends a stamped message, node A broadcasts it, and the same client (same
 * node) and a ws client on node B (through Redis) each note when it arrives.
 * Both arrivals and the send are read on this process's `performance.now()`.
 *
 * @module
 */
import type { BenchConnection } from '../impl/types.js';
import { connectWs } from '../impl/ws-client.js';
import { withTimeout } from '../util/time.js';
import { decodePayload, encodePayload } from './publish-payload.js';

/** One publish: how long its broadcast took to reach a client on each node. */
export interface PublishLatency {
  /** Send on node A → arrival at the client on node A. */
  readonly sameNodeMs: number;
  /** Send on node A → arrival at the client on node B, through Redis. */
  readonly crossNodeMs: number;
}

/** A connection's wait for one sequence number. */
interface Expected {
  readonly seq: number;
  readonly arrived: (ms: number) => void;
  readonly failed: (error: Error) => void;
}

/** One client connection that reports when the expected message arrives. */
class Receiver {
  #expected: Expected | undefined;
  #failure: string | undefined;

  constructor(readonly connection: BenchConnection) {
    connection.onMessage((data) => {
      const receivedAtMs = performance.now();
      const stamp = decodePayload(data);
      // Anything else is the late arrival of a publish that already timed out.
      if (stamp === undefined || stamp.seq !== this.#expected?.seq) return;
      this.#expected.arrived(receivedAtMs - stamp.sentAtMs);
      this.#expected = undefined;
    });
    connection.onFailure((reason) => {
      this.#failure = reason;
      this.#expected?.failed(new Error(reason));
      this.#expected = undefined;
    });
  }

  /** Resolves with the latency of message `seq`; rejects when the connection fails first. */
  expect(seq: number): Promise<number> {
    if (this.#failure !== undefined) return Promise.reject(new Error(this.#failure));
    return new Promise((resolve, reject) => (this.#expected = { seq, arrived: resolve, failed: reject }));
  }
}

/** The probe's two connections. */
export class LatencyProbe {
  readonly #local: Receiver;
  readonly #remote: Receiver;
  #seq = 0;

  private constructor(local: BenchConnection, remote: BenchConnection) {
    this.#local = new Receiver(local);
    this.#remote = new Receiver(remote);
  }

  /**
   * Connects to both nodes.
   *
   * @param publishPort - node A: publishes go here, and same-node arrivals come back here
   * @param remotePort - node B
   * @returns the connected probe
   * @throws Error when either connection fails
   */
  static async connect(publishPort: number, remotePort: number): Promise<LatencyProbe> {
    const [local, remote] = await Promise.all([connectWs(publishPort), connectWs(remotePort)]);
    return new LatencyProbe(local, remote);
  }

  /**
   * Publishes `count` messages, one at a time.
   *
   * @param count - publishes
   * @param timeoutMs - how long one publish may take to arrive on both nodes
   * @returns one latency pair per publish
   * @throws Error when a publish does not arrive in time (pub/sub drops messages) or a connection fails
   */
  async publish(count: number, timeoutMs: number): Promise<PublishLatency[]> {
    const latencies: PublishLatency[] = [];
    for (let i = 0; i < count; i++) {
      const seq = ++this.#seq;
      const arrivals = Promise.all([this.#local.expect(seq), this.#remote.expect(seq)]);
      this.#local.connection.send(encodePayload({ seq, sentAtMs: performance.now() }));
      const [sameNodeMs, crossNodeMs] = await withTimeout(arrivals, timeoutMs, `publish ${i + 1} of ${count}`);
      latencies.push({ sameNodeMs, crossNodeMs });
    }
    return latencies;
  }
}
