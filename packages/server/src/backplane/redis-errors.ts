/**
 * Turns node-redis failures into {@link @sgc/frame!index.SgcError}s, so callers of a
 * backplane branch on one stable code whatever client library sits underneath.
 *
 * @module
 * @internal
 */
import { ErrorCode, SgcError } from '@sgc/frame';
import { loadedRedis } from './redis-module.js';

/**
 * Wraps a Redis client error; the original stays in `cause`.
 *
 * @internal
 * @param error - what node-redis threw, rejected with or emitted
 * @param doing - what the backplane was doing, for the message ("publish", "register c1")
 * @returns `SGC_ERR_NOT_OPEN` while the client is reconnecting or closed, `SGC_ERR_TIMEOUT` when Redis
 *   did not answer in time, `SGC_ERR_SOCKET` for anything else; an `SgcError` is returned as it is
 */
export function redisError(error: unknown, doing: string): SgcError {
  if (error instanceof SgcError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const redis = loadedRedis();
  let code: ErrorCode = ErrorCode.Socket;
  if (redis !== undefined) {
    if (error instanceof redis.ClientOfflineError || error instanceof redis.ClientClosedError) code = ErrorCode.NotOpen;
    else if (
      error instanceof redis.TimeoutError ||
      error instanceof redis.ConnectionTimeoutError ||
      error instanceof redis.SocketTimeoutError
    ) {
      code = ErrorCode.Timeout;
    }
  }
  return new SgcError(code, `Backplane ${doing} failed: ${message}`, { cause: error });
}
