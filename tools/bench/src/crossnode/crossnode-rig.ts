/**
 * The processes of the cross-node bench: two sgc server nodes on one Redis
 * backplane (A and B) and the probe child with a client on each.
 *
 * @module
 */
import { ChildHandle } from '../ipc/child-handle.js';
import type { NodeCommands, ProbeCommands } from './commands.js';

/** How long loading sgc, reaching Redis and listening, or connecting the probe, may take. */
const START_TIMEOUT_MS = 20_000;

/** How long a node may take to stop (its own bound is 10 s). */
const STOP_TIMEOUT_MS = 15_000;

/** The running children, the probe connected to both nodes. */
export interface CrossnodeRig {
  readonly probe: ChildHandle<ProbeCommands>;
  /**
   * Stops both nodes, which removes their keys from Redis, then kills every child.
   *
   * @returns the backplane errors the nodes saw, each prefixed with its node
   */
  stop(): Promise<string[]>;
  /** Kills every child at once. */
  kill(): void;
}

/**
 * Starts node A and node B on the Redis at `url` under `prefix`, and the probe.
 *
 * @param url - the Redis server
 * @param prefix - the run's own key and channel prefix
 * @returns the ready rig
 * @throws Error when sgc does not load, a node cannot reach Redis or the probe cannot connect (nothing is left running then)
 */
export async function startCrossnodeRig(url: string, prefix: string): Promise<CrossnodeRig> {
  const children: { kill(): void }[] = [];
  const kill = (): void => children.forEach((child) => child.kill());
  try {
    const nodes: ChildHandle<NodeCommands>[] = [];
    const ports: number[] = [];
    for (const nodeId of ['a', 'b']) {
      const node = await ChildHandle.start<NodeCommands>(new URL('./node-child.js', import.meta.url), `crossnode node ${nodeId.toUpperCase()}`);
      children.push(node);
      nodes.push(node);
      ports.push((await node.call('start', { url, prefix, nodeId }, START_TIMEOUT_MS)).port);
    }
    const probe = await ChildHandle.start<ProbeCommands>(new URL('./probe-child.js', import.meta.url), 'crossnode probe');
    children.push(probe);
    await probe.call('connect', { publishPort: ports[0]!, remotePort: ports[1]! }, START_TIMEOUT_MS);
    const stop = async (): Promise<string[]> => {
      const errors: string[] = [];
      await Promise.all(
        nodes.map(async (node) => {
          const result = await node.call('stop', {}, STOP_TIMEOUT_MS).catch((error: Error) => ({ backplaneErrors: [`stop: ${error.message}`] }));
          errors.push(...result.backplaneErrors.map((e) => `${node.label}: ${e}`));
        }),
      );
      kill();
      return errors;
    };
    return { probe, stop, kill };
  } catch (error) {
    kill();
    throw error;
  }
}
