/**
 * Command-line entry for the ws reference peers, so the CLI can exercise
 * them like any other implementation:
 *
 * - `node dist/peers/main.js echo-server [port]` prints the URL and serves until killed;
 * - `node dist/peers/main.js client <fuzzing-server-url> <agent>` runs the client loop.
 *
 * @module
 */
import { runWsAutobahnClient } from './ws-autobahn-client.js';
import { startWsEchoServer } from './ws-echo-server.js';

const [mode, a, b] = process.argv.slice(2);
if (mode === 'echo-server') {
  const server = await startWsEchoServer({ port: Number(a ?? 0) });
  process.stdout.write(`${server.url}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else if (mode === 'client' && a && b) {
  await runWsAutobahnClient(a, b);
} else {
  process.stderr.write('usage: main.js echo-server [port] | client <url> <agent>\n');
  process.exitCode = 2;
}
