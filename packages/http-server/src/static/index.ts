/**
 * Static files for `@sgc/http-server`: `serveStatic` answers from a document
 * root (the manual's `DocumentRoot`), `serveFile` sends one chosen file (the
 * manual's `ServeFile`).
 *
 * @module
 */
export { serveStatic } from './serve-static.js';
export { serveFile } from './serve-file.js';
export { DEFAULT_CACHE_CONTROL, DEFAULT_INDEX_FILES, type DotfilesPolicy, type FileOptions, type StaticOptions } from './options.js';
