/**
 * A broadcast client process: raw clients on both servers, counting what
 * arrives. Started by the fan-out rig through `ChildHandle`; it exits when
 * the parent's IPC channel closes.
 *
 * @module
 */
import { serveCommands } from '../ipc/serve.js';
import { ClientGroups } from '../fanout/client-groups.js';
import type { FanoutClientCommands } from '../fanout/commands.js';
import { BROADCAST_SUITE } from './broadcast-suite.js';
import { RawClient } from './raw-client.js';

const groups = new ClientGroups<RawClient>((port, handlers) => RawClient.open(port, handlers), BROADCAST_SUITE.terms);

serveCommands<FanoutClientCommands>(groups.handlers());
