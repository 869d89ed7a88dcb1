/**
 * The files the static bench serves: one HTML file per size in a fresh
 * temporary directory, which both servers get as their document root.
 *
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One file of the document root. */
export interface StaticFile {
  /** The request path, e.g. `/bench-1024.html`. */
  readonly urlPath: string;
  readonly size: number;
}

/** The document root with its files. */
export interface StaticFiles {
  readonly root: string;
  readonly files: readonly StaticFile[];
  /** Deletes the directory. */
  remove(): Promise<void>;
}

/**
 * The request path of the file of `size` bytes.
 *
 * @param size - the file's size in bytes
 * @returns its path below the document root
 */
export function staticUrlPath(size: number): string {
  return `/bench-${size}.html`;
}

/**
 * An HTML page of exactly `size` bytes (ASCII, so bytes and characters agree):
 * a head, then lines of filler, cut to size.
 *
 * @param size - bytes wanted
 * @returns the content
 */
export function staticFileContent(size: number): Buffer {
  const head = `<!doctype html>\n<title>sgc bench ${size}</title>\n`;
  let text = head;
  for (let line = 0; text.length < size; line++) text += `<p>line ${line}: the quick brown fox jumps over the lazy dog</p>\n`;
  return Buffer.from(text.slice(0, size), 'latin1');
}

/**
 * Writes one file per size into a new temporary directory.
 *
 * @param sizes - file sizes in bytes
 * @returns the directory and its files
 */
export async function createStaticFiles(sizes: readonly number[]): Promise<StaticFiles> {
  const root = await mkdtemp(join(tmpdir(), 'sgc-bench-static-'));
  const files: StaticFile[] = [];
  for (const size of new Set(sizes)) {
    const urlPath = staticUrlPath(size);
    await writeFile(join(root, urlPath.slice(1)), staticFileContent(size));
    files.push({ urlPath, size });
  }
  return { root, files, remove: () => rm(root, { recursive: true, force: true }) };
}
