/**
 * The processes of the broadcast bench: a server child per implementation and
 * a few client children that hold the same number of connections to each
 * server. They live for the whole bench: opening 10,000 connections again
 * for every round would cost more time than the bursts, and each reopening
 * would leave the closed ones' ports in TIME_WAIT.
 *
 * @module
 */
import { ChildHandle } from '../ipc/child-handle.js';
import { delay } from '../util/time.js';
import { BROADCAST_IMPLS, type BroadcastImpl } from './broadcast-servers.js';
import type { BroadcastClientCommands, BroadcastServerCommands } from './commands.js';

/** A broadcast server child. */
export type BroadcastServerChild = ChildHandle<BroadcastServerCommands>;

/** A broadcast client child. */
export type BroadcastClientChild = ChildHandle<BroadcastClientCommands>;

/**
 * Client processes. Several, so that reading 10,000 sockets is not one event
 * loop's job (it would cap the rate below what either server can send), and
 * few, because the machine has 2 cores to share with the server.
 */
export const CLIENT_PROCESSES = 4;

/** Connections each client child opens concurrently. */
const OPEN_BATCH = 200;

/** How long loading a library and starting a server may take. */
const START_TIMEOUT_MS = 20_000;

/** How long the servers may take to count the connections the clients opened. */
const COUNT_TIMEOUT_MS = 15_000;

/** One implementation's server child and its port. */
export interface RunningServer {
  readonly child: BroadcastServerChild;
  readonly port: number;
}

/** The running children, every connection open. */
export interface BroadcastRig {
  readonly servers: ReadonlyMap<BroadcastImpl, RunningServer>;
  readonly clients: readonly BroadcastClientChild[];
  /** Connections to each server. */
  readonly connections: number;
  /** Kills every child. */
  kill(): void;
}

/**
 * Starts the servers and the client children, and connects `connections` clients to each server.
 *
 * @param connections - connections per server
 * @returns the ready rig
 * @throws Error when a child, a library or a connection fails (nothing is left running then)
 */
export async function startBroadcastRig(connections: number): Promise<BroadcastRig> {
  const children: { kill(): void }[] = [];
  const kill = (): void => children.forEach((child) => child.kill());
  try {
    const servers = new Map<BroadcastImpl, RunningServer>();
    for (const impl of BROADCAST_IMPLS) {
      const child = await ChildHandle.start<BroadcastServerCommands>(new URL('./server-child.js', import.meta.url), `${impl} broadcast server`);
      children.push(child);
      const { port } = await child.call('start', { impl }, START_TIMEOUT_MS);
      servers.set(impl, { child, port });
    }
    const clients: BroadcastClientChild[] = [];
    // Never a child without connections: it would have no burst to wait for.
    for (let i = 1; i <= Math.min(CLIENT_PROCESSES, connections); i++) {
      const child = await ChildHandle.start<BroadcastClientCommands>(new URL('./client-child.js', import.meta.url), `broadcast client ${i}`);
      children.push(child);
      clients.push(child);
    }
    const shares = shareOut(connections, clients.length);
    for (const [impl, server] of servers) {
      await Promise.all(
        clients.map((client, i) => client.call('open', { port: server.port, count: shares[i]!, batch: OPEN_BATCH }, openTimeout(shares[i]!))),
      );
      await waitForCount(server.child, connections, impl);
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

async function waitForCount(server: BroadcastServerChild, expected: number, impl: BroadcastImpl): Promise<void> {
  const deadline = Date.now() + COUNT_TIMEOUT_MS;
  for (;;) {
    const { count } = await server.call('connections', {}, START_TIMEOUT_MS);
    if (count === expected) return;
    if (Date.now() > deadline) throw new Error(`the ${impl} server counts ${count} connections, expected ${expected}`);
    await delay(50);
  }
}
