/**
 * Opening a regular file, with the stats of exactly what was opened.
 *
 * @module
 */
import type { Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { unlessMissing } from './missing.js';

/** An open regular file and the stats read from its descriptor. */
export interface OpenFile {
  /** The open file; whoever receives it must close it (or stream it with `autoClose`). */
  readonly handle: FileHandle;
  /** The file's stats, read through `handle`, so they describe the bytes that will be sent. */
  readonly stats: Stats;
}

/**
 * Opens a path for reading if it is a regular file. Stats are taken from the
 * open descriptor, so the length and validators match the bytes streamed even
 * when the path is replaced meanwhile.
 *
 * @param path - the file's path; symbolic links are followed
 * @returns the open file, or `undefined` when the path is missing or is not a regular file
 * @throws file-system errors other than "missing" ones (see `unlessMissing`)
 *
 * @example
 * ```ts
 * const file = await openRegularFile('/srv/www/index.html');
 * if (file !== undefined) await file.handle.close();
 * ```
 */
export async function openRegularFile(path: string): Promise<OpenFile | undefined> {
  // Checked before opening: opening a FIFO or a device would block or have effects.
  if (!(await unlessMissing(stat(path)))?.isFile()) return undefined;
  const handle = await unlessMissing(open(path, 'r'));
  if (handle === undefined) return undefined;
  try {
    const stats = await handle.stat();
    if (stats.isFile()) return { handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
  await handle.close();
  return undefined;
}
