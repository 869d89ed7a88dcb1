/**
 * The pages and scripts an sgc server serves by itself at the manual's paths
 * (`/sgcWebSockets.html`, `/sgcWebSockets.js`, `/esegece.com.js`, …): files of `@sgc/browser-js`.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';

/** Which built-in files are served (the manual's `Options.HTMLFiles` and `Options.JavascriptFiles`). */
export interface BuiltinOptions {
  /** Serve the test pages (`/sgcWebSockets.html`, `/esegece.com.html`). @defaultValue true */
  htmlFiles?: boolean | undefined;
  /** Serve the browser libraries (`/sgcWebSockets.js`, `/esegece.com.js`). @defaultValue true */
  javascriptFiles?: boolean | undefined;
}

/** A built-in file: the option that turns it on, and its module specifier in `@sgc/browser-js`'s exports. */
interface Builtin {
  readonly option: keyof BuiltinOptions;
  readonly specifier: string;
}

// One line per file: the browser code of every protocol with a browser face (the manual serves them all).
const BUILTINS: ReadonlyMap<string, Builtin> = new Map([
  ['/sgcWebSockets.html', { option: 'htmlFiles', specifier: '@sgc/browser-js/sgcWebSockets.html' }],
  ['/sgcWebSockets.js', { option: 'javascriptFiles', specifier: '@sgc/browser-js/sgcWebSockets.js' }],
  ['/esegece.com.html', { option: 'htmlFiles', specifier: '@sgc/browser-js/esegece.com.html' }],
  ['/esegece.com.js', { option: 'javascriptFiles', specifier: '@sgc/browser-js/esegece.com.js' }],
  ['/presence.esegece.com.html', { option: 'htmlFiles', specifier: '@sgc/browser-js/presence.esegece.com.html' }],
  ['/presence.esegece.com.js', { option: 'javascriptFiles', specifier: '@sgc/browser-js/presence.esegece.com.js' }],
  ['/webrtc.esegece.com.html', { option: 'htmlFiles', specifier: '@sgc/browser-js/webrtc.esegece.com.html' }],
  ['/webrtc.esegece.com.js', { option: 'javascriptFiles', specifier: '@sgc/browser-js/webrtc.esegece.com.js' }],
  ['/dataset.esegece.com.html', { option: 'htmlFiles', specifier: '@sgc/browser-js/dataset.esegece.com.html' }],
  ['/dataset.esegece.com.js', { option: 'javascriptFiles', specifier: '@sgc/browser-js/dataset.esegece.com.js' }],
]);

// Through the package's exports map, so it works wherever @sgc/browser-js is installed and
// whether this module runs from src/ or dist/.
const localRequire = createRequire(import.meta.url);

/**
 * Finds the built-in file a request asks for: a GET or HEAD of one of the manual's paths
 * (the query is ignored), when its option is on.
 *
 * @param request - the request
 * @param options - which files are on; both default to `true`
 * @returns the file's absolute path, or `undefined` when the request is not for a built-in
 *   file, its option is off, or the file is missing (`@sgc/browser-js` not built)
 * @example
 * ```ts
 * const file = findBuiltin(request, { htmlFiles: false });
 * if (file !== undefined) await serveFile(request, response, file);
 * ```
 */
export function findBuiltin(request: IncomingMessage, options: BuiltinOptions): string | undefined {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const path = (request.url ?? '/').split('?', 1)[0]!;
  const builtin = BUILTINS.get(path);
  if (builtin === undefined || options[builtin.option] === false) return undefined;
  try {
    // Resolved on each request, not cached: it checks the file is there, and builtins are rare requests.
    return localRequire.resolve(builtin.specifier);
  } catch {
    return undefined;
  }
}
