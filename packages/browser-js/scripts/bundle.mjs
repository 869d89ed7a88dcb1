// Bundles src/standalone.ts into dist/sgcWebSockets.js: the classic script the server serves
// at /sgcWebSockets.js (no module loader needed: it defines window.sgcWebSocket and
// window.sgcWSStreamRead). `build` runs it after tsc, which writes the ES module build.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'sgcWebSockets.js');

const result = await build({
  entryPoints: [join(root, 'src', 'standalone.ts')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  // The source's own level: browsers since 2021-2022 run private class fields natively.
  target: 'es2022',
  // Bundle @sgc/frame from its TypeScript source, so it needs no build of its own first.
  conditions: ['@sgc/source'],
  legalComments: 'none',
  banner: { js: '/* sgcWebSockets.js: sgcWebSocket and sgcWSStreamRead for sgc servers (@sgc/browser-js). */' },
  write: false,
  outfile,
  logLevel: 'warning',
});

// Written to a temporary file and renamed, so a server never sends a half-written script
// (tests bundle while other test files may be serving it).
await mkdir(dirname(outfile), { recursive: true });
const temporary = `${outfile}.${process.pid}.tmp`;
await writeFile(temporary, result.outputFiles[0].contents);
await rename(temporary, outfile);
