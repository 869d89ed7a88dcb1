/**
 * Picks the target of one proxied connection: the `resolve` hook, then the allow list.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { ErrorCode, SgcError } from '@sgc/frame';
import type { ServerConnection } from '@sgc/server';
import { ProxyCloseCode } from './close-codes.js';
import { formatTarget, isAllowed, isProxyTarget, type ProxyTarget, type TargetAllowList } from './proxy-target.js';

/**
 * Chooses a connection's target (websockify's token plug-ins): return a target, nothing for the
 * default `target`, or `false` to refuse the connection (close 1008). A hook that throws or
 * rejects, or returns something that is not a target, closes the connection with 1011. The
 * allow list is checked on whatever it returns.
 *
 * @param request - the handshake request (path, query, headers)
 * @param conn - the connection, already open and paused until the target is connected
 * @example
 * ```ts
 * const resolve: ResolveTarget = (request) => {
 *   const port = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('port'));
 *   return port >= 5900 && port < 6000 ? { host: '127.0.0.1', port } : false;
 * };
 * ```
 */
export type ResolveTarget = (
  request: IncomingMessage,
  conn: ServerConnection,
) => ProxyTarget | false | undefined | Promise<ProxyTarget | false | undefined>;

/** What {@link chooseTarget} needs from the proxy's options. */
export interface TargetPolicy {
  /** The default target. */
  readonly target: ProxyTarget;
  /** The hook, if any. */
  readonly resolve: ResolveTarget | undefined;
  /** The allow list, if any. */
  readonly allow: TargetAllowList | undefined;
}

/**
 * Runs the hook and the allow list for one connection.
 *
 * @param policy - default target, hook and allow list
 * @param request - the handshake request
 * @param conn - the connection
 * @returns the target to dial
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` with `closeCode` 1008 when refused,
 *   1011 when the hook or the allow-list function failed or the hook returned no target
 * @example
 * ```ts
 * const target = await chooseTarget({ target: { host: '127.0.0.1', port: 6379 }, resolve: undefined, allow: undefined }, request, conn);
 * ```
 */
export async function chooseTarget(policy: TargetPolicy, request: IncomingMessage, conn: ServerConnection): Promise<ProxyTarget> {
  let chosen: unknown = policy.target;
  if (policy.resolve !== undefined) {
    let answer: unknown;
    try {
      answer = await policy.resolve(request, conn);
    } catch (cause) {
      throw internal('The resolve hook failed', cause);
    }
    if (answer === false) throw refused('The resolve hook refused the connection');
    if (answer !== undefined) chosen = answer;
  }
  if (!isProxyTarget(chosen)) throw internal('The resolve hook returned something that is not a target');
  let allowed: boolean;
  try {
    allowed = isAllowed(policy.allow, chosen);
  } catch (cause) {
    throw internal('The allow-list function failed', cause);
  }
  if (!allowed) throw refused(`The target ${formatTarget(chosen)} is not on the allow list`);
  return chosen;
}

function refused(message: string): SgcError {
  return new SgcError(ErrorCode.InvalidArgument, message, { closeCode: ProxyCloseCode.NotAllowed });
}

function internal(message: string, cause?: unknown): SgcError {
  return new SgcError(ErrorCode.InvalidArgument, message, { cause, closeCode: ProxyCloseCode.InternalError });
}
