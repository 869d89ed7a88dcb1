/**
 * The broadcast bench as a fan-out bench (`src/fanout/`): sgc's
 * `server.broadcast(data)` against ws's loop over its clients, bursts of
 * binary messages to raw WebSocket clients.
 *
 * @module
 */
import type { FanoutSuite } from '../fanout/fanout-suite.js';
import { BROADCAST_IMPLS, type BroadcastImpl } from './broadcast-servers.js';

/** The bench, its children, its burst and its words. */
export const BROADCAST_SUITE: FanoutSuite<BroadcastImpl> = {
  impls: BROADCAST_IMPLS,
  // 20 messages of 64 B to every connection: 200,000 deliveries at 10,000 connections.
  shape: { messages: 20, size: 64 },
  terms: { bench: 'broadcast', children: 'broadcast', clients: 'clients', connections: 'connections', messages: 'messages', sent: 'sent' },
  directory: new URL('.', import.meta.url),
  openBatch: 200,
};
