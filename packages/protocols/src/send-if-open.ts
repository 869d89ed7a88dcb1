/**
 * Sending from a server protocol to a connection that may have closed meanwhile (while an
 * asynchronous hook ran, or as it disconnects): the session throws `SGC_ERR_NOT_OPEN`
 * there, and nobody is left to read the answer anyway.
 *
 * @module
 */
import { ReadyState } from '@sgc/frame/node';
import type { ServerConnection } from '@sgc/server';

/**
 * Sends a text to a connection if it is still open.
 *
 * @param conn - the connection
 * @param text - the message
 * @returns `false` when the connection was no longer open
 * @example
 * ```ts
 * sendIfOpen(conn, encodeResult('ok', id));
 * ```
 */
export function sendIfOpen(conn: ServerConnection, text: string): boolean {
  if (conn.readyState !== ReadyState.Open) return false;
  conn.send(text);
  return true;
}
