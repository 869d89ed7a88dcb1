/**
 * How the protocol faces (`sgcws`, `sgcws_presence`) report failures: as the socket's `error`
 * event, with `event.message` saying what went wrong. Pages written for the manual's scripts
 * listen to events; they never see exceptions from a call or unhandled rejections.
 *
 * @module
 */
import { ErrorEvent } from '@sgc/frame';

/**
 * @internal Fires `error` on the socket for a failure.
 *
 * @param socket - the socket that fires it
 * @param error - the failure; `event.message` is its message, `event.error` the failure itself
 * @example
 * ```ts
 * client.on('error', (error) => reportFailure(socket, error));
 * ```
 */
export function reportFailure(socket: EventTarget, error: unknown): void {
  socket.dispatchEvent(new ErrorEvent('error', { message: error instanceof Error ? error.message : String(error), error }));
}

/**
 * @internal Reports a failed request as `error`.
 *
 * @param socket - the socket that fires it
 * @param request - the request under way
 * @example
 * ```ts
 * settle(socket, client.subscribe(channel));
 * ```
 */
export function settle(socket: EventTarget, request: Promise<unknown>): void {
  request.catch((error: unknown) => reportFailure(socket, error));
}

/**
 * @internal Reports a failed send (not open) as `error`, as {@link settle} does for the asynchronous requests.
 *
 * @param socket - the socket that fires it
 * @param send - sends, throwing when it cannot
 * @example
 * ```ts
 * attempt(socket, () => client.notify(method, params));
 * ```
 */
export function attempt(socket: EventTarget, send: () => void): void {
  try {
    send();
  } catch (error) {
    reportFailure(socket, error);
  }
}
