/**
 * Loads `@sgc/server`, `@sgc/client` and `@sgc/http-server` with a dynamic `import()`. Their types
 * are checked at compile time as usual; loading at run time is what may fail
 * (no `dist/` yet, a half-built package), and then the runner skips sgc with a
 * clear line instead of the whole bench failing.
 *
 * @module
 */
import type * as SgcServerNamespace from '@sgc/server';
import type * as SgcClientNamespace from '@sgc/client';
import type * as SgcHttpServerNamespace from '@sgc/http-server';
import { describeError } from '../util/time.js';

/** The `@sgc/server` module. */
export type SgcServerModule = typeof SgcServerNamespace;

/** The `@sgc/client` module. */
export type SgcClientModule = typeof SgcClientNamespace;

/** The `@sgc/http-server` module. */
export type SgcHttpServerModule = typeof SgcHttpServerNamespace;

const BUILD_HINT = 'build it first: pnpm turbo run build --filter @sgc/bench...';

/**
 * Imports `@sgc/server` and checks it exports `WebSocketServer`.
 *
 * @returns the module
 * @throws Error naming what is missing
 */
export async function loadSgcServerModule(): Promise<SgcServerModule> {
  const mod = await import('@sgc/server').catch((error: unknown) => {
    throw new Error(`cannot import @sgc/server (${describeError(error)}); ${BUILD_HINT}`);
  });
  // The types say it is there; a stale or partial dist/ may disagree.
  if (typeof mod.WebSocketServer !== 'function') throw new Error(`@sgc/server has no WebSocketServer export; ${BUILD_HINT}`);
  return mod;
}

/**
 * Imports `@sgc/client` and checks it exports `WebSocketClient`.
 *
 * @returns the module
 * @throws Error naming what is missing
 */
export async function loadSgcClientModule(): Promise<SgcClientModule> {
  const mod = await import('@sgc/client').catch((error: unknown) => {
    throw new Error(`cannot import @sgc/client (${describeError(error)}); ${BUILD_HINT}`);
  });
  if (typeof mod.WebSocketClient !== 'function') throw new Error(`@sgc/client has no WebSocketClient export; ${BUILD_HINT}`);
  return mod;
}

/**
 * Imports `@sgc/http-server` and checks it exports `HttpServer`.
 *
 * @returns the module
 * @throws Error naming what is missing
 */
export async function loadSgcHttpServerModule(): Promise<SgcHttpServerModule> {
  const mod = await import('@sgc/http-server').catch((error: unknown) => {
    throw new Error(`cannot import @sgc/http-server (${describeError(error)}); ${BUILD_HINT}`);
  });
  if (typeof mod.HttpServer !== 'function') throw new Error(`@sgc/http-server has no HttpServer export; ${BUILD_HINT}`);
  return mod;
}
