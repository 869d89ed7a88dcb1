/**
 * Options of `serveStatic` and `serveFile`, with their defaults.
 *
 * @module
 */

import type { RateLimiter } from '@sgc/frame/node';

/**
 * What to do with a path that has a segment starting with `.` (`/.env`,
 * `/.git/config`): `'ignore'` treats it as missing, `'allow'` serves it.
 */
export type DotfilesPolicy = 'ignore' | 'allow';

/** The index files tried, in order, for a request that names a directory. */
export const DEFAULT_INDEX_FILES: readonly string[] = Object.freeze(['index.html', 'index.htm']);

/**
 * The default `Cache-Control`: caches may keep the file but must revalidate it
 * on every use (RFC 9111 §5.2.2.4), which the `ETag` and `Last-Modified` make a
 * cheap 304, so an edited file shows at once.
 */
export const DEFAULT_CACHE_CONTROL = 'no-cache';

/**
 * How one file is sent: by `serveFile` and, for each file it finds, by
 * `serveStatic`.
 *
 * @example
 * ```ts
 * const options: FileOptions = { cacheControl: 'public, max-age=3600', contentTypes: { log: 'text/plain' } };
 * ```
 */
export interface FileOptions {
  /**
   * The `Cache-Control` value, or `false` to send none.
   *
   * @defaultValue {@link DEFAULT_CACHE_CONTROL} (`'no-cache'`)
   */
  readonly cacheControl?: string | false;
  /**
   * Content types by file extension, written lower case and without the dot
   * (`{ log: 'text/plain' }`); they win over the built-in table. A `text/*` type
   * without a charset gets `; charset=utf-8`.
   *
   * @defaultValue `{}`
   */
  readonly contentTypes?: Readonly<Record<string, string>>;
  /**
   * Caps the rate of file bodies (the manual's HTTP.SYS `MaxBandwidth`): every response
   * sent with the same limiter shares its rate.
   *
   * @defaultValue none: as fast as the client reads
   */
  readonly bandwidth?: RateLimiter;
}

/**
 * Where `serveStatic` looks for files (the manual's `DocumentRoot`) and
 * how it treats directories and dotfiles.
 *
 * @example
 * ```ts
 * const options: StaticOptions = { root: './public', index: ['index.html'], cacheControl: 'no-cache' };
 * ```
 */
export interface StaticOptions extends FileOptions {
  /** The document root; a relative path is taken from the working directory. Required. */
  readonly root: string;
  /**
   * The index files tried, in order, for a directory.
   *
   * @defaultValue {@link DEFAULT_INDEX_FILES} (`['index.html', 'index.htm']`)
   */
  readonly index?: readonly string[];
  /**
   * The policy for dotfiles and dot-directories.
   *
   * @defaultValue `'ignore'`: they are reported as missing, like any refused path
   */
  readonly dotfiles?: DotfilesPolicy;
}
