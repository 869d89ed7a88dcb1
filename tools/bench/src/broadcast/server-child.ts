/**
 * The broadcast bench's server process: one implementation's server, which
 * broadcasts bursts of binary messages when the parent asks. Started by the
 * fan-out rig through `ChildHandle`; it exits when the parent's IPC channel closes.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { serveFanoutServer } from '../fanout/serve-server.js';
import { BROADCAST_SUITE } from './broadcast-suite.js';
import { startBroadcastServer, type BroadcastImpl } from './broadcast-servers.js';

serveFanoutServer<BroadcastImpl, Buffer>({ terms: BROADCAST_SUITE.terms, start: startBroadcastServer, payload: (size) => randomBytes(size) });
