/**
 * Which file-system errors mean "there is no file to serve here".
 *
 * @module
 */

/**
 * The error codes that mean the path names nothing we may serve: it does not
 * exist, goes through a non-directory, loops, is too long, or is not readable
 * by us. They are all answered as a missing file, so a client cannot probe the
 * file system through the difference.
 */
const MISSING_CODES: ReadonlySet<string> = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EACCES', 'EPERM', 'EISDIR']);

/**
 * Awaits a file-system call, turning "no such file"-like failures into `undefined`.
 *
 * @param operation - the pending `fs/promises` call
 * @returns its result, or `undefined` for one of the "missing" error codes
 * @throws any other error (`EMFILE`, `EIO`, ...), which is a server fault rather than a missing file
 *
 * @example
 * ```ts
 * const stats = await unlessMissing(stat(path)); // undefined when path does not exist
 * ```
 */
export async function unlessMissing<T>(operation: Promise<T>): Promise<T | undefined> {
  try {
    return await operation;
  } catch (error) {
    if (MISSING_CODES.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}
