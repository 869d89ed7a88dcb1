/**
 * Loads node-redis on first use. Importing it takes about 140 ms (it pulls in
 * its module commands too), which a server on the in-memory backplane should not
 * pay just for importing `@sgc/server`.
 *
 * @module
 * @internal
 */

import type * as Redis from 'redis';

/** The node-redis module. @internal */
export type RedisModule = typeof Redis;

let loaded: RedisModule | undefined;

/**
 * The node-redis module, imported once.
 *
 * @internal
 * @returns the module
 */
export async function loadRedis(): Promise<RedisModule> {
  loaded ??= await import('redis');
  return loaded;
}

/**
 * The node-redis module if {@link loadRedis} has run. Errors from Redis clients
 * can only exist after it has, so synchronous code that classifies them uses this.
 *
 * @internal
 * @returns the module, or `undefined` before the first load
 */
export function loadedRedis(): RedisModule | undefined {
  return loaded;
}
