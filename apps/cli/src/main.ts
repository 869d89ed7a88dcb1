#!/usr/bin/env node
/**
 * The `sgc` command line.
 *
 * @module
 */
import { runAutobahnClient } from './commands/autobahn-client.js';
import { runConnect } from './commands/connect.js';
import { runEchoServer } from './commands/echo-server.js';
import { runServe } from './commands/serve.js';
import { CliError } from './cli-error.js';

const commands: Record<string, (args: string[]) => Promise<void>> = {
  serve: runServe,
  'echo-server': runEchoServer,
  'autobahn-client': runAutobahnClient,
  connect: runConnect,
};

const usage = `usage: sgc <command> [options]

commands:
  serve [--host H] [--port P] [--root DIR] [--redis URL] [--users FILE] [--tls-cert F --tls-key F]
                                              HTTP and WebSocket on one port: static files (the demo page
                                              by default), a WebSocket echo and server-sent events on any
                                              path, the built-in pages; prints "listening on http://H:P"
  echo-server --host H --port P [--deflate]   echo every message; prints "listening on ws://H:P"
  autobahn-client --url URL --agent NAME      drive an Autobahn-style fuzzing server
  connect <url> [options]                     a WebSocket or tcp:// client; typed lines are sent,
                                              received messages printed
      --send TEXT (repeatable)  --wait-ms N  --proxy URL  --header K:V  --protocol P
      --auth basic:USER:PASS|token:T|session:USER:PASS|url:USER:PASS
      --ca FILE  --cert FILE --key FILE  --insecure  --heartbeat S  --watchdog  --deflate
`;

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (command === undefined) {
    process.stderr.write(usage);
    process.exitCode = name === undefined || name === '--help' ? 0 : 2;
    return;
  }
  await command(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`sgc: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof CliError ? 2 : 1;
});
