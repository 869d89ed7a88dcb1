// Bundles the classic scripts the server serves, each self-contained (no module loader
// needed: they define the manual's globals on window):
// - dist/sgcWebSockets.js from src/standalone.ts: sgcWebSocket and sgcWSStreamRead;
// - dist/esegece.com.js from src/standalone-sgc.ts: the same plus sgcws (the sgc default protocol).
// - dist/presence.esegece.com.js from src/standalone-presence.ts: the same as sgcWebSockets.js plus sgcws_presence (the presence protocol).
// - dist/webrtc.esegece.com.js from src/standalone-webrtc.ts: the same as esegece.com.js plus sgcws_webrtc (WebRTC signalling).
// - dist/dataset.esegece.com.js from src/standalone-dataset.ts: the same as esegece.com.js plus sgcws_dataset (the dataset protocol).
// `build` runs it after tsc, which writes the ES module build.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const SCRIPTS = [
  {
    entry: 'standalone.ts',
    file: 'sgcWebSockets.js',
    banner: '/* sgcWebSockets.js: sgcWebSocket and sgcWSStreamRead for sgc servers (@sgc/browser-js). */',
  },
  {
    entry: 'standalone-sgc.ts',
    file: 'esegece.com.js',
    banner: '/* esegece.com.js: sgcws (the sgc default protocol), sgcWebSocket and sgcWSStreamRead for sgc servers (@sgc/browser-js). */',
  },
  {
    entry: 'standalone-presence.ts',
    file: 'presence.esegece.com.js',
    banner: '/* presence.esegece.com.js: sgcws_presence (the presence protocol), sgcWebSocket and sgcWSStreamRead for sgc servers (@sgc/browser-js). */',
  },
  {
    entry: 'standalone-webrtc.ts',
    file: 'webrtc.esegece.com.js',
    banner: '/* webrtc.esegece.com.js: sgcws_webrtc (WebRTC signalling), sgcws, sgcWebSocket and sgcWSStreamRead for sgc servers (@sgc/browser-js). */',
  },
  {
    entry: 'standalone-dataset.ts',
    file: 'dataset.esegece.com.js',
    banner: '/* dataset.esegece.com.js: sgcws_dataset (the dataset protocol), sgcws, sgcWebSocket and sgcWSStreamRead for sgc servers (@sgc/browser-js). */',
  },
];

async function bundle({ entry, file, banner }) {
  const outfile = join(root, 'dist', file);
  const result = await build({
    entryPoints: [join(root, 'src', entry)],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // The source's own level: browsers since 2021-2022 run private class fields natively.
    target: 'es2022',
    // Bundle @sgc/frame and @sgc/protocols from their TypeScript sources, so they need no build of their own first.
    conditions: ['@sgc/source'],
    legalComments: 'none',
    banner: { js: banner },
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
}

await Promise.all(SCRIPTS.map(bundle));
