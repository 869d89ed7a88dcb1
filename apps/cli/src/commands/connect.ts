/**
 * `sgc connect <url>`: a WebSocket (or tcp://) client in the spirit of wscat and
 * websocat. Interactive by default: typed lines are sent, received messages are
 * printed one per line. Scriptable with `--send` and `--wait-ms`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { WebSocketClient, type ClientAuth, type WebSocketClientOptions } from '@sgc/client';
import { CliError } from '../cli-error.js';
import { parseFlags } from '../options.js';

/** Parses `--auth basic:USER:PASS | token:T | session:USER:PASS | url:USER:PASS`. */
function parseAuth(value: string): ClientAuth {
  const [kind, ...rest] = value.split(':');
  const joined = rest.join(':');
  const pair = (): { user: string; password: string } => {
    const at = joined.indexOf(':');
    if (at <= 0) throw new CliError(`--auth ${kind} needs USER:PASS`);
    return { user: joined.slice(0, at), password: joined.slice(at + 1) };
  };
  switch (kind) {
    case 'basic':
      return { type: 'basic', ...pair() };
    case 'session':
      return { type: 'session', ...pair() };
    case 'url':
      return { type: 'url', ...pair() };
    case 'token':
      if (joined === '') throw new CliError('--auth token needs a token');
      return { type: 'token', token: joined };
    default:
      throw new CliError(`unknown --auth kind: ${kind} (basic, token, session or url)`);
  }
}

function parseHeaders(values: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(':');
    if (colon <= 0) throw new CliError(`--header needs NAME:VALUE, got ${value}`);
    headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
  }
  return headers;
}

function positiveNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!(number > 0)) throw new CliError(`${name} must be a positive number, got ${value}`);
  return number;
}

/**
 * Builds client options from the command line.
 *
 * @param args - the arguments after `connect`
 * @returns the URL, client options and the scripted sends
 * @throws {@link CliError} on a missing URL or a bad flag
 */
export function connectOptions(args: string[]): {
  options: WebSocketClientOptions;
  sends: string[];
  waitMs: number | undefined;
} {
  const url = args[0];
  if (url === undefined || url.startsWith('-')) throw new CliError('usage: sgc connect <url> [options]');
  const flags = parseFlags(args.slice(1), {
    send: { type: 'string', multiple: true, default: [] },
    'wait-ms': { type: 'string' },
    proxy: { type: 'string' },
    header: { type: 'string', multiple: true, default: [] },
    protocol: { type: 'string', multiple: true, default: [] },
    auth: { type: 'string' },
    ca: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    insecure: { type: 'boolean', default: false },
    heartbeat: { type: 'string' },
    watchdog: { type: 'boolean', default: false },
    deflate: { type: 'boolean', default: false },
  });
  if ((flags.cert === undefined) !== (flags.key === undefined)) throw new CliError('--cert and --key go together');
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const heartbeat = positiveNumber('--heartbeat', flags.heartbeat);
  const options: WebSocketClientOptions = {
    url,
    protocols: flags.protocol,
    headers: parseHeaders(flags.header),
    perMessageDeflate: flags.deflate,
    tls: {
      ...(flags.ca ? { ca: read(flags.ca) } : {}),
      ...(flags.cert && flags.key ? { cert: read(flags.cert), key: read(flags.key) } : {}),
      rejectUnauthorized: !flags.insecure,
    },
    ...(flags.proxy ? { proxy: flags.proxy } : {}),
    ...(flags.auth ? { auth: parseAuth(flags.auth) } : {}),
    ...(heartbeat ? { heartbeat: { interval: heartbeat * 1000, timeout: heartbeat * 1000 } } : {}),
    ...(flags.watchdog ? { watchdog: true } : {}),
  };
  return { options, sends: flags.send, waitMs: positiveNumber('--wait-ms', flags['wait-ms']) };
}

/**
 * Runs the client until the connection closes, stdin ends, or `--wait-ms` passes after the last send.
 *
 * @param args - `<url> [--send TEXT]... [--wait-ms N] [--proxy URL] [--header K:V]... [--protocol P]...
 *   [--auth KIND:...] [--ca FILE] [--cert FILE --key FILE] [--insecure] [--heartbeat S] [--watchdog] [--deflate]`
 * @throws {@link CliError} on bad flags; the connection's error (one line) when it cannot connect
 */
export async function runConnect(args: string[]): Promise<void> {
  const { options, sends, waitMs } = connectOptions(args);
  const client = new WebSocketClient(options);
  client.on('message', (text) => process.stdout.write(`${text}\n`));
  client.on('binary', (data) => process.stdout.write(`<binary ${data.length} bytes: ${data.toString('hex')}>\n`));
  client.on('exception', (error) => process.stderr.write(`sgc: ${error.message}\n`));
  client.on('reconnecting', (attempt, delay) => process.stderr.write(`sgc: reconnecting (attempt ${attempt}) in ${delay} ms\n`));
  const disconnected = new Promise<[number, string, boolean]>((resolve) =>
    client.on('disconnect', (...details) => {
      if (!options.watchdog) resolve(details);
    }),
  );
  await client.connect();
  process.stderr.write(`connected to ${client.url.href}${client.protocol ? ` (${client.protocol})` : ''}\n`);
  for (const text of sends) client.send(text);

  let done: Promise<unknown>;
  if (waitMs !== undefined || sends.length > 0) {
    // Scripted: stop waitMs after the last send (or at once), unless the server closes first.
    const timer = new Promise<void>((resolve) => setTimeout(resolve, waitMs ?? 0));
    done = Promise.race([timer, disconnected]);
  } else {
    // Interactive: each typed line is a text message; end of input closes the connection.
    const lines = createInterface({ input: process.stdin });
    lines.on('line', (line) => {
      if (client.isOpen || options.watchdog) client.send(line);
    });
    const ended = new Promise<void>((resolve) => lines.once('close', () => resolve()));
    done = Promise.race([ended, disconnected]);
  }
  await done;
  if (client.isOpen) {
    await client.close(1000, '');
    return;
  }
  const [code, reason, wasClean] = await disconnected;
  if (!wasClean) throw new Error(`connection closed abnormally (${code}${reason ? ` ${reason}` : ''})`);
}
