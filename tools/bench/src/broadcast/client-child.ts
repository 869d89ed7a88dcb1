/**
 * A broadcast client process: raw clients on both servers, counting what
 * arrives. Started by the broadcast rig through `ChildHandle`; it exits when
 * the parent's IPC channel closes.
 *
 * @module
 */
import { serveCommands } from '../ipc/serve.js';
import { ClientGroup } from './client-group.js';
import type { BroadcastClientCommands } from './commands.js';

/** Connections by the port of their server. */
const groups = new Map<number, ClientGroup>();

function group(port: number): ClientGroup {
  const found = groups.get(port);
  if (!found) throw new Error(`no connections to port ${port}`);
  return found;
}

serveCommands<BroadcastClientCommands>({
  open: async ({ port, count, batch }) => {
    let target = groups.get(port);
    if (!target) groups.set(port, (target = new ClientGroup()));
    return target.open(port, count, batch);
  },
  arm: async ({ port, messages }) => {
    group(port).arm(messages);
    return {};
  },
  awaitBurst: async ({ port, timeoutMs }) => group(port).awaitBurst(timeoutMs),
});
