/**
 * Opening a regular file, with the stats of exactly what was opened.
 *
 * @module
 */
import type { Stats } from 'node:fs';
import { closeQuietly, openForReading, statOf } from './fs-calls.js';
import { unlessMissing } from './missing.js';

/** An open regular file and the stats read from its descriptor. */
export interface OpenFile {
  /** The open file's descriptor; whoever receives it must close it (or stream it with `autoClose`). */
  readonly fd: number;
  /** The file's stats, read through `fd`, so they describe the bytes that will be sent. */
  readonly stats: Stats;
}

/** What a path turned out to be once opened. */
export type OpenedTarget = OpenFile | 'directory' | undefined;

/**
 * Opens a path and tells what it is, from the open descriptor: a regular file (kept open,
 * with its stats), a directory, or anything else (closed, `undefined`). One `open` and one
 * `fstat` instead of a `stat` first: `O_NONBLOCK` keeps a FIFO from blocking the open, and the
 * stats describe exactly the bytes that will be sent even if the path is replaced meanwhile.
 *
 * @param path - the path, already checked to lie inside the root
 * @returns the open file, `'directory'`, or `undefined` for a missing path or another kind of file
 * @throws the file-system error for anything but a missing or unreadable path
 * @example
 * ```ts
 * const target = await openTarget('/srv/www/index.html');
 * if (target !== undefined && target !== 'directory') await closeQuietly(target.fd);
 * ```
 */
export async function openTarget(path: string): Promise<OpenedTarget> {
  const fd = await unlessMissing(openForReading(path));
  if (fd === undefined) return undefined;
  let stats: Stats;
  try {
    stats = await statOf(fd);
  } catch (error) {
    await closeQuietly(fd);
    throw error;
  }
  if (stats.isFile()) return { fd, stats };
  await closeQuietly(fd);
  return stats.isDirectory() ? 'directory' : undefined;
}

/**
 * Opens a path for reading if it is a regular file.
 *
 * @param path - the file
 * @returns the open file, or `undefined` when it is missing, unreadable or not a regular file
 * @throws the file-system error for anything but a missing or unreadable path
 * @example
 * ```ts
 * const file = await openRegularFile('/srv/www/index.html');
 * if (file !== undefined) await closeQuietly(file.fd);
 * ```
 */
export async function openRegularFile(path: string): Promise<OpenFile | undefined> {
  const target = await openTarget(path);
  return target === 'directory' ? undefined : target;
}
