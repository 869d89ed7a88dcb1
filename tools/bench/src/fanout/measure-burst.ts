/**
 * One fan-out measurement: arm every client child for a burst, have one
 * server send it, and time from the server's first send to the moment the
 * last client child had every message on every connection.
 *
 * @module
 */
import { cpuUsBetween } from '../util/cpu.js';
import type { FanoutRig } from './fanout-rig.js';
import type { BurstShape, FanoutTerms } from './fanout-suite.js';

/** One implementation, one burst. */
export interface FanoutSample<I extends string> {
  readonly impl: I;
  readonly round: number;
  readonly connections: number;
  /** Messages sent back to back. */
  readonly messages: number;
  /** Messages delivered: connections x messages, counted by the clients. */
  readonly deliveries: number;
  /** From the server's first send to the last delivery, by `epochMs()` of the two processes. */
  readonly elapsedMs: number;
  readonly deliveriesPerSec: number;
  /** Server CPU (user + system) over the same span, per delivery, in µs. */
  readonly serverUsPerDelivery: number;
}

/** Bound on IPC steps that do no real work. */
const STEP_TIMEOUT_MS = 10_000;

/**
 * Measures one burst of one implementation.
 *
 * @param rig - the running children, connections open
 * @param impl - which server sends
 * @param round - recorded in the sample (0 = warm-up)
 * @param shape - messages per burst and their size
 * @param terms - the bench's words, for the errors
 * @returns the sample
 * @throws Error when a connection fails, a delivery is missing, or a child does not answer in time
 */
export async function measureBurst<I extends string>(
  rig: FanoutRig<I>,
  impl: I,
  round: number,
  shape: BurstShape,
  terms: FanoutTerms,
): Promise<FanoutSample<I>> {
  const server = rig.servers.get(impl);
  if (!server) throw new Error(`no ${impl} server in the rig`);
  const { port } = server;
  const expected = rig.connections * shape.messages;
  // Every client is armed before the first send, so no early arrival is missed.
  await Promise.all(rig.clients.map((client) => client.call('arm', { port, messages: shape.messages }, STEP_TIMEOUT_MS)));
  const timeoutMs = burstTimeout(expected);
  // The server answers only after its send loop, which blocks its event loop for the whole burst.
  const burst = await server.child.call('burst', { messages: shape.messages, size: shape.size }, timeoutMs);
  // A connection the server dropped would only show as a burst that never completes.
  if (burst.sent !== expected) throw new Error(`the ${impl} server ${terms.sent} ${burst.sent} ${terms.messages}, expected ${expected}`);
  const arrivals = await Promise.all(rig.clients.map((client) => client.call('awaitBurst', { port, timeoutMs }, timeoutMs + STEP_TIMEOUT_MS)));
  const end = await server.child.call('mark', {}, STEP_TIMEOUT_MS);
  const deliveries = arrivals.reduce((sum, a) => sum + a.messages, 0);
  if (deliveries !== expected) throw new Error(`the clients received ${deliveries} ${terms.messages}, expected ${expected}`);
  const elapsedMs = Math.max(...arrivals.map((a) => a.doneAtMs)) - burst.startedAtMs;
  if (!(elapsedMs > 0)) throw new Error(`impossible burst time ${elapsedMs} ms`);
  return {
    impl,
    round,
    connections: rig.connections,
    messages: shape.messages,
    deliveries,
    elapsedMs,
    deliveriesPerSec: (deliveries * 1000) / elapsedMs,
    serverUsPerDelivery: cpuUsBetween(burst.cpu, end) / deliveries,
  };
}

/** A burst is bounded by a fixed part plus a generous allowance per delivery (10 µs; they take about 1-5). */
function burstTimeout(deliveries: number): number {
  return 30_000 + Math.ceil(deliveries / 100);
}
