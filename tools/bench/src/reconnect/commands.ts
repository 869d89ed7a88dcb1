/**
 * The commands of the reconnect client child (`reconnect/client-child.ts`).
 * The server side of the reconnect bench is the ordinary server child.
 *
 * @module
 */
import type { EndedOutage } from './outage-log.js';

/** Commands of the reconnect client child. */
// A type alias, not an interface: only aliases are assignable to the index-signature type `CommandMap`.
export type ReconnectClientCommands = {
  /** Connects one sgc client with the bench's watchdog settings to `port` on 127.0.0.1. */
  connect: { args: { port: number }; result: Record<string, never> };
  /** Waits until the client's `n`-th outage (from 1) has ended with a `reconnected` event. */
  awaitReconnect: { args: { n: number; timeoutMs: number }; result: EndedOutage };
  /** Closes the client (no more reconnecting). */
  close: { args: Record<string, never>; result: Record<string, never> };
};
