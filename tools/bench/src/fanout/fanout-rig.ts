/**
 * The processes of a fan-out bench: a server child per implementation and a
 * few client children that hold the same number of connections to each
 * server. They live for the whole bench: opening 10,000 connections again for
 * every round would cost more time than the bursts, and each reopening would
 * leave the closed ones' ports in TIME_WAIT.
 *
 * @module
 */
import { ChildHandle } from '../ipc/child-handle.js';
import { delay } from '../util/time.js';
import type { FanoutClientCommands, FanoutServerCommands } from './commands.js';
import type { FanoutSuite } from './fanout-suite.js';

/**
 * Client processes. Several, so that reading 10,000 sockets is not one event
 * loop's job (it would cap the rate below what either server can send), and
 * few, because the machine has 2 cores to share with the server.
 */
export const CLIENT_PROCESSES = 4;

/** How long loading a library and starting a server may take. */
const START_TIMEOUT_MS = 20_000;

/** How long the servers may take to count the connections the clients opened. */
const COUNT_TIMEOUT_MS = 15_000;

/** One implementation's server child and its port. */
export interface RunningFanoutServer<I extends string> {
  readonly child: ChildHandle<FanoutServerCommands<I>>;
  readonly port: number;
}

/**
 * The running children, every connection open.
 *
 * @typeParam I - the implementations
 * @typeParam CC - the client children's commands (the shared ones, or more)
 */
export interface FanoutRig<I extends string, CC extends FanoutClientCommands = FanoutClientCommands> {
  readonly servers: ReadonlyMap<I, RunningFanoutServer<I>>;
  readonly clients: readonly ChildHandle<CC>[];
  /** Connections to each server. */
  readonly connections: number;
  /** Kills every child. */
  kill(): void;
}

/**
 * Runs once per server after its connections are open and counted, before
 * the next server's are opened: the place for a bench's own checks.
 */
export type SettleServer<I extends string, CC extends FanoutClientCommands> = (impl: I, port: number, clients: readonly ChildHandle<CC>[]) => Promise<void>;

/**
 * Starts the servers and the client children, and connects `connections` clients to each server.
 *
 * @param suite - the bench's implementations and children
 * @param connections - connections per server
 * @param settle - the bench's own check of each server's connections, if it has one
 * @returns the ready rig
 * @throws Error when a child, a library, a connection or the check fails (nothing is left running then)
 */
export async function startFanoutRig<I extends string, CC extends FanoutClientCommands = FanoutClientCommands>(
  suite: FanoutSuite<I>,
  connections: number,
  settle?: SettleServer<I, CC>,
): Promise<FanoutRig<I, CC>> {
  const children: { kill(): void }[] = [];
  const kill = (): void => children.forEach((child) => child.kill());
  const { terms } = suite;
  try {
    const servers = new Map<I, RunningFanoutServer<I>>();
    for (const impl of suite.impls) {
      const child = await ChildHandle.start<FanoutServerCommands<I>>(new URL('server-child.js', suite.directory), `${impl} ${terms.children} server`);
      children.push(child);
      const { port } = await child.call('start', { impl }, START_TIMEOUT_MS);
      servers.set(impl, { child, port });
    }
    const clients: ChildHandle<CC>[] = [];
    // Never a child without connections: it would have no burst to wait for.
    for (let i = 1; i <= Math.min(CLIENT_PROCESSES, connections); i++) {
      const child = await ChildHandle.start<CC>(new URL('client-child.js', suite.directory), `${terms.children} client ${i}`);
      children.push(child);
      clients.push(child);
    }
    const shares = shareOut(connections, clients.length);
    for (const [impl, server] of servers) {
      await Promise.all(
        clients.map((client: ChildHandle<FanoutClientCommands>, i) =>
          client.call('open', { port: server.port, count: shares[i]!, batch: suite.openBatch }, openTimeout(shares[i]!)),
        ),
      );
      await waitForCount(server.child, connections, impl, terms.connections);
      await settle?.(impl, server.port, clients);
    }
    return { servers, clients, connections, kill };
  } catch (error) {
    kill();
    throw error;
  }
}

/**
 * Splits `count` connections over `parts` processes as evenly as whole numbers allow.
 *
 * @param count - connections in all
 * @param parts - processes
 * @returns each process's share, largest first, summing to `count`
 */
export function shareOut(count: number, parts: number): number[] {
  const base = Math.floor(count / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < count % parts ? 1 : 0));
}

/** Opening is bounded by a fixed part plus a generous per-connection allowance, as in the idle bench. */
function openTimeout(count: number): number {
  return 30_000 + count * 10;
}

/** Polls the server until it counts every connection the clients opened (`noun` names them in the error). */
async function waitForCount(server: ChildHandle<FanoutServerCommands<string>>, expected: number, impl: string, noun: string): Promise<void> {
  const deadline = Date.now() + COUNT_TIMEOUT_MS;
  for (;;) {
    const { count } = await server.call('connections', {}, START_TIMEOUT_MS);
    if (count === expected) return;
    if (Date.now() > deadline) throw new Error(`the ${impl} server counts ${count} ${noun}, expected ${expected}`);
    await delay(50);
  }
}
