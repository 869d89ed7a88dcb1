/**
 * Handling each connection's messages in arrival order, even when handling one waits for an
 * asynchronous hook: without it, a publish sent right after a subscribe could overtake the
 * subscription while its authorization hook runs.
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';

/**
 * One chain of pending work per connection.
 *
 * @typeParam C - the connection type
 * @example
 * ```ts
 * const inOrder = new InOrder<ServerConnection>();
 * inOrder.open(conn);
 * inOrder.run(conn, () => handle(conn, text), (error) => report(conn, error));
 * inOrder.close(conn);
 * ```
 */
export class InOrder<C> {
  readonly #chains = new Map<C, Promise<void>>();

  /**
   * Starts a connection's chain.
   *
   * @param conn - the connection
   */
  open(conn: C): void {
    this.#chains.set(conn, Promise.resolve());
  }

  /**
   * Ends a connection's chain; work already queued still runs, later `run` calls are ignored.
   *
   * @param conn - the connection
   */
  close(conn: C): void {
    this.#chains.delete(conn);
  }

  /**
   * Runs `task` after the connection's earlier tasks.
   *
   * @param conn - the connection
   * @param task - the work; may be asynchronous
   * @param onError - gets what the task throws or rejects with, as an `SgcError`
   */
  run(conn: C, task: () => void | Promise<void>, onError: (error: SgcError) => void): void {
    const chain = this.#chains.get(conn);
    if (chain === undefined) return;
    this.#chains.set(conn, chain.then(task).catch((error: unknown) => onError(asSgcError(error))));
  }
}

/**
 * What a hook or listener threw, as an `SgcError` (the original as `cause`).
 *
 * @param error - anything thrown
 * @returns it, or an `SGC_ERR_INVALID_STATE` error wrapping it
 */
export function asSgcError(error: unknown): SgcError {
  if (error instanceof SgcError) return error;
  return new SgcError(ErrorCode.InvalidState, error instanceof Error ? error.message : String(error), { cause: error });
}
