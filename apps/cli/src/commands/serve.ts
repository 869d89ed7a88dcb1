/**
 * `sgc serve`: the demo server a new user opens first: static files, a WebSocket
 * echo on any path, server-sent events on any path, the built-in pages, and the sgc
 * protocols their pages speak (default, WebRTC signalling, presence, and dataset on a small
 * table in memory).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { HttpServer, type HttpServerOptions, type RequestHandler } from '@sgc/http-server';
import { WEBRTC_PROTOCOL } from '@sgc/protocols';
import { DatasetProtocolServer, MemoryDataSource, PresenceProtocolServer, SgcProtocolServer } from '@sgc/protocols/server';
import { Authenticator, RedisBackplane } from '@sgc/server';
import { CliError } from '../cli-error.js';
import { parseFlags, portFlag } from '../options.js';

/** The demo page of `apps/demo`, served when no `--root` is given. */
const DEMO_ROOT = fileURLToPath(new URL('../../../demo/public', import.meta.url));

/** The channel of the clock the demo page shows. */
const CLOCK_CHANNEL = '/clock';

/**
 * Runs the demo server until SIGINT or SIGTERM.
 *
 * @param args - `[--host H] [--port P] [--root DIR] [--redis URL] [--users FILE] [--tls-cert F --tls-key F]`
 * @throws {@link CliError} on bad flags or a users file that cannot be read
 */
export async function runServe(args: string[]): Promise<void> {
  const flags = parseFlags(args, {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    root: { type: 'string' },
    redis: { type: 'string' },
    users: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
  });
  if ((flags['tls-cert'] === undefined) !== (flags['tls-key'] === undefined)) {
    throw new CliError('--tls-cert and --tls-key go together');
  }
  const options: HttpServerOptions = {
    host: flags.host,
    port: portFlag(flags.port, 8080),
    documentRoot: flags.root ?? DEMO_ROOT,
    perMessageDeflate: true,
  };
  if (flags['tls-cert'] !== undefined && flags['tls-key'] !== undefined) {
    options.tls = { cert: await readInput(flags['tls-cert']), key: await readInput(flags['tls-key']) };
  }
  if (flags.redis !== undefined) options.backplane = new RedisBackplane({ url: flags.redis });
  if (flags.users !== undefined) {
    const users = parseUsers(await readInput(flags.users));
    options.authentication = { users, basic: true, session: true, url: true };
    // Pages need the same users: a browser that passed the Basic challenge sends the credentials on.
    const gate = new Authenticator({ users, basic: true });
    const requireUser: RequestHandler = async (request, response) => {
      if ((await gate.authenticateUpgrade(request.raw)) === undefined) response.authRealm = 'sgc';
    };
    options.commandGet = requireUser;
    options.commandOther = requireUser;
  }
  const server = new HttpServer(options);
  // Connections that ask for one of these sub-protocols get it; the others get the echo.
  server
    .use(new SgcProtocolServer())
    .use(new SgcProtocolServer({ protocol: WEBRTC_PROTOCOL }))
    .use(new PresenceProtocolServer())
    .use(new DatasetProtocolServer({ dataSource: demoPeople(), applyUpdates: true }));
  server.on('message', (conn, text) => conn.send(text));
  server.on('binary', (conn, data) => conn.send(data));
  await server.start();
  let tick = 0;
  const clock = setInterval(() => {
    tick += 1;
    server.broadcastEvent(CLOCK_CHANNEL, { event: 'tick', id: String(tick), data: new Date().toISOString() });
  }, 1000);
  const host = flags.host.includes(':') ? `[${flags.host}]` : flags.host;
  process.stdout.write(`listening on ${options.tls ? 'https' : 'http'}://${host}:${server.port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(clock);
  await server.stop();
}

/** The table the dataset page shows: edits from any page reach every other one. */
function demoPeople(): MemoryDataSource {
  const fields = [
    { name: 'id', dataType: 'number', key: true },
    { name: 'name', size: 40 },
    { name: 'city', size: 40 },
  ];
  return new MemoryDataSource('people', fields, [
    { id: 1, name: 'Ada', city: 'London' },
    { id: 2, name: 'Grace', city: 'New York' },
    { id: 3, name: 'Linus', city: 'Helsinki' },
  ]);
}

async function readInput(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** A users file holds one `user=password` per line (the manual's `AuthUsers`); `#` starts a comment. */
function parseUsers(text: string): string[] {
  const users = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const bad = users.find((line) => !/^[^=]+=/.test(line));
  if (bad !== undefined) throw new CliError(`users file: expected user=password, got "${bad}"`);
  return users;
}
