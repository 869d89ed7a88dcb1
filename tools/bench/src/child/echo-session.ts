/**
 * The client side of the echo bench: a few connections, each with exactly one
 * message in flight, sending the next message as soon as the echo of the last
 * one is back. Runs inside the client child.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { BenchConnection, Connect } from '../impl/types.js';
import { delay, withTimeout } from '../util/time.js';

/** How long connecting plus the first verified echo may take. */
const START_TIMEOUT_MS = 20_000;

/** How long the messages in flight may take to come back once stopping. */
const DRAIN_TIMEOUT_MS = 15_000;

/** Failures are reported, not hoarded: the first few tell the story. */
const MAX_FAILURES = 20;

/** Per-connection state of the round-trip loop. */
interface Loop {
  readonly connection: BenchConnection;
  inFlight: boolean;
  dead: boolean;
}

/**
 * A running set of round-trip loops. `roundTrips` counts from the first echo
 * on; the parent takes differences between two marks, so warm-up round trips
 * never enter a result.
 */
export class EchoSession {
  /** Completed round trips over all connections. */
  roundTrips = 0;
  /** Why connections failed (at most {@link MAX_FAILURES} entries). */
  readonly failures: string[] = [];
  readonly #loops: Loop[] = [];
  #running = true;

  private constructor() {}

  /**
   * Opens `connections` connections and starts their loops. Every
   * connection's first echo is compared byte for byte with what was sent; the
   * rest are only checked for length (a full comparison would be measured as
   * client CPU).
   *
   * @param connect - the implementation's connect function
   * @param port - the echo server's port
   * @param size - payload bytes per message
   * @param connections - how many connections, each with one message in flight
   * @returns the running session
   * @throws Error when a connection fails or an echo is wrong before every connection has echoed once
   */
  static async start(connect: Connect, port: number, size: number, connections: number): Promise<EchoSession> {
    const session = new EchoSession();
    const payload = randomBytes(size);
    // A pristine copy: if send() modified the caller's buffer, comparing against `payload` would not notice.
    const expected = Buffer.from(payload);
    try {
      const attempts = await withTimeout(
        Promise.allSettled(Array.from({ length: connections }, () => connect(port))),
        START_TIMEOUT_MS,
        'connect',
      );
      // Adopt every connection that did open first, so stop() closes them even if another failed.
      const loops = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [session.#adopt(attempt.value)] : []));
      const failed = attempts.find((attempt) => attempt.status === 'rejected');
      if (failed) throw failed.reason;
      const firstEchoes = loops.map((loop) => session.#startLoop(loop, payload, expected));
      await withTimeout(Promise.all(firstEchoes), START_TIMEOUT_MS, 'first echo');
      if (!payload.equals(expected)) throw new Error("send() modified the caller's buffer");
    } catch (error) {
      await session.stop();
      throw error;
    }
    return session;
  }

  /**
   * Stops the loops, waits (bounded) for the messages in flight, and closes
   * every connection.
   *
   * @returns the failures seen during the session
   */
  async stop(): Promise<readonly string[]> {
    this.#running = false;
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (this.#loops.some((loop) => loop.inFlight && !loop.dead) && Date.now() < deadline) await delay(5);
    if (this.#loops.some((loop) => loop.inFlight && !loop.dead)) this.#fail('messages still in flight when the session stopped');
    await Promise.all(this.#loops.map((loop) => loop.connection.close()));
    return this.failures;
  }

  #adopt(connection: BenchConnection): Loop {
    const loop: Loop = { connection, inFlight: false, dead: false };
    this.#loops.push(loop);
    return loop;
  }

  /** Starts one connection's loop; the promise settles with its first (verified) echo. */
  #startLoop(loop: Loop, payload: Buffer, expected: Buffer): Promise<void> {
    const { connection } = loop;
    return new Promise<void>((resolve, reject) => {
      let verified = false;
      const die = (reason: string): void => {
        if (loop.dead) return;
        loop.dead = true;
        this.#fail(reason);
        if (!verified) reject(new Error(reason));
      };
      connection.onFailure(die);
      connection.onMessage((data) => {
        loop.inFlight = false;
        if (data.length !== expected.length) return die(`echo of ${data.length} bytes, sent ${expected.length}`);
        if (!verified) {
          if (!data.equals(expected)) return die('echo differs from the bytes sent');
          verified = true;
          resolve();
        }
        this.roundTrips++;
        if (this.#running && !loop.dead) {
          loop.inFlight = true;
          connection.send(payload);
        }
      });
      loop.inFlight = true;
      connection.send(payload);
    });
  }

  #fail(reason: string): void {
    if (this.failures.length < MAX_FAILURES) this.failures.push(reason);
  }
}
