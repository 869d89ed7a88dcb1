/**
 * `sgc echo-server`: a WebSocket server that sends every message back.
 *
 * @module
 */
import { WebSocketServer } from '@sgc/server';
import { parseFlags, portFlag } from '../options.js';

/**
 * Runs the echo server until SIGINT or SIGTERM, then closes every client with 1001.
 *
 * @param args - `--host H --port P [--deflate]`
 */
export async function runEchoServer(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    deflate: { type: 'boolean', default: false },
  });
  const server = new WebSocketServer({
    host: flags.host,
    port: portFlag(flags.port, 8080),
    perMessageDeflate: flags.deflate,
    deflateFrame: flags.deflate,
    // Autobahn's limits cases (9.x) send 16 MiB messages and 4 MiB in 64-byte fragments.
    maxPayload: 32 * 1024 * 1024,
    maxFragments: 65536,
  });
  server.on('message', (conn, text) => conn.send(text));
  server.on('binary', (conn, data) => conn.send(data));
  await server.start();
  const host = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  process.stdout.write(`listening on ws://${host}:${server.port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
}
