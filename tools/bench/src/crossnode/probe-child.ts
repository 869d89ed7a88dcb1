/**
 * The cross-node probe process: the two client connections and the clock of
 * every latency. Started by the cross-node rig through `ChildHandle`; it exits
 * when the parent's IPC channel closes.
 *
 * @module
 */
import { serveCommands } from '../ipc/serve.js';
import type { ProbeCommands } from './commands.js';
import { LatencyProbe } from './latency-probe.js';

let probe: LatencyProbe | undefined;

serveCommands<ProbeCommands>({
  connect: async ({ publishPort, remotePort }) => {
    if (probe) throw new Error('the probe is already connected');
    probe = await LatencyProbe.connect(publishPort, remotePort);
    return {};
  },
  publish: async ({ count, timeoutMs }) => {
    if (!probe) throw new Error('the probe is not connected');
    return { latencies: await probe.publish(count, timeoutMs) };
  },
});
