/**
 * Maps a checked request path to a file below the document root, following
 * symbolic links only as far as they stay inside it.
 *
 * @module
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { closeQuietly, realPath } from './fs-calls.js';
import { unlessMissing } from './missing.js';
import { openTarget, type OpenFile } from './open-file.js';
import { DEFAULT_INDEX_FILES, type DotfilesPolicy, type StaticOptions } from './options.js';
import type { RequestPath } from './request-path.js';

/**
 * What a request path names: a file to send (already open; the receiver closes it), or a
 * directory to redirect to with its trailing `/`.
 */
export type Located =
  | { readonly kind: 'file'; readonly path: string; readonly file: OpenFile }
  | { readonly kind: 'redirect'; readonly location: string };

/**
 * The real paths of document roots. A root is resolved once: every request would otherwise
 * pay a `realpath` for it, and a root moved while serving needs a new server anyway.
 */
const realRoots = new Map<string, string>();

async function realRoot(root: string): Promise<string | undefined> {
  const absolute = resolve(root);
  const known = realRoots.get(absolute);
  if (known !== undefined) return known;
  const real = await unlessMissing(realPath(absolute));
  if (real !== undefined) realRoots.set(absolute, real);
  return real;
}

/**
 * Finds what a request path names below `options.root`.
 *
 * - a regular file: that file (but not with a trailing `/`);
 * - `/dir/`: its first existing index file;
 * - `/dir` with an index file: a redirect to `/dir/`, so relative links in the
 *   page resolve against the directory;
 * - anything else (missing, a directory without index, a device, a dotfile
 *   under the `'ignore'` policy, a symbolic link leading out of the root):
 *   `undefined`. Directories are never listed.
 *
 * Every candidate goes through `realpath` and must stay inside the real root,
 * so a symbolic link cannot lead out of it.
 *
 * @param path - a request path from `parseRequestPath`
 * @param options - the static options; `root` must exist for anything to be found
 * @returns what to serve, or `undefined` when there is nothing to serve
 * @throws file-system errors other than "missing" ones
 *
 * @example
 * ```ts
 * const found = await locate(parseRequestPath('/docs')!, { root: 'public' });
 * // { kind: 'redirect', location: '/docs/' } when public/docs/index.html exists
 * ```
 */
export async function locate(path: RequestPath, options: StaticOptions): Promise<Located | undefined> {
  const dotfiles = options.dotfiles ?? 'ignore';
  if (dotfiles === 'ignore' && path.segments.some(isDotName)) return undefined;
  const root = await realRoot(options.root);
  if (root === undefined) return undefined;
  const target = await realInside(root, join(root, ...path.segments), dotfiles);
  const opened = target === undefined ? undefined : await openTarget(target);
  if (target === undefined || opened === undefined) return undefined;
  const wantsDirectory = path.segments.at(-1) === '';
  if (opened !== 'directory') {
    if (!wantsDirectory) return { kind: 'file', path: target, file: opened };
    await closeQuietly(opened.fd);
    return undefined;
  }
  const index = await findIndex(root, target, options.index ?? DEFAULT_INDEX_FILES, dotfiles);
  if (index === undefined) return undefined;
  if (wantsDirectory) return { kind: 'file', ...index };
  await closeQuietly(index.file.fd);
  return { kind: 'redirect', location: `${path.raw}/${path.query}` };
}

/** The first index file of a directory that is a regular file inside the root, open. */
async function findIndex(
  root: string,
  directory: string,
  names: readonly string[],
  dotfiles: DotfilesPolicy,
): Promise<{ path: string; file: OpenFile } | undefined> {
  for (const name of names) {
    const candidate = await realInside(root, join(directory, name), dotfiles);
    const opened = candidate === undefined ? undefined : await openTarget(candidate);
    if (candidate !== undefined && opened !== undefined && opened !== 'directory') return { path: candidate, file: opened };
  }
  return undefined;
}

/**
 * The real path of a candidate if it lies inside the real root. The request
 * path was checked lexically already; this catches symbolic links, whose
 * targets only `realpath` reveals, including links to dotfiles.
 */
async function realInside(root: string, candidate: string, dotfiles: DotfilesPolicy): Promise<string | undefined> {
  const real = await unlessMissing(realPath(candidate));
  if (real === undefined) return undefined;
  const inner = relative(root, real);
  if (inner === '') return real;
  if (inner === '..' || inner.startsWith(`..${sep}`) || isAbsolute(inner)) return undefined;
  return dotfiles === 'ignore' && inner.split(sep).some(isDotName) ? undefined : real;
}

function isDotName(name: string): boolean {
  return name.startsWith('.');
}
