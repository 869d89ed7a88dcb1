/**
 * `sgc autobahn-client`: drives a fuzzing server the way the Autobahn|Testsuite
 * fuzzingserver expects its testee clients to: read the case count, run every
 * case echoing each message, then ask for the reports.
 *
 * @module
 */
import { WebSocketClient } from '@sgc/client';
import { CliError } from '../cli-error.js';
import { parseFlags } from '../options.js';

/** Client options for a testee: compression offered, limits large enough for category 9 (16 MiB messages, 4 MiB in 64-byte fragments). */
function testee(url: string): WebSocketClient {
  return new WebSocketClient({
    url,
    perMessageDeflate: true,
    maxPayload: 32 * 1024 * 1024,
    maxFragments: 65536,
    closeTimeout: 5000,
  });
}

/** Connects, and resolves when the server closes the connection; `onOpen` runs once connected. */
async function session(url: string, onOpen: (client: WebSocketClient) => void = () => {}): Promise<void> {
  const client = testee(url);
  // Not events.once(): it would also reject on the 'error' events the failing cases provoke.
  const closed = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
  try {
    await client.connect({ timeout: 10_000 });
  } catch {
    // A refused handshake is a case outcome for the fuzzing server to judge, not a driver failure.
    return;
  }
  onOpen(client);
  await closed;
}

/**
 * Runs the Autobahn client loop.
 *
 * @param args - `--url URL --agent NAME`
 * @throws {@link CliError} when the flags are missing or the case count is unreadable
 */
export async function runAutobahnClient(args: string[]): Promise<void> {
  const flags = parseFlags(args, { url: { type: 'string' }, agent: { type: 'string', default: 'sgc' } });
  if (flags.url === undefined) throw new CliError('--url is required');
  const base = flags.url.replace(/\/+$/, '');
  const agent = encodeURIComponent(flags.agent);

  let count = Number.NaN;
  await session(`${base}/getCaseCount`, (client) => client.once('message', (text) => (count = Number(text))));
  if (!Number.isInteger(count)) throw new CliError(`could not read the case count from ${base}/getCaseCount`);

  for (let index = 1; index <= count; index++) {
    await session(`${base}/runCase?case=${index}&agent=${agent}`, (client) => {
      const echo = (data: string | Buffer): void => {
        if (client.isOpen) client.send(data);
      };
      client.on('message', echo);
      client.on('binary', echo);
    });
  }
  await session(`${base}/updateReports?agent=${agent}`);
  process.stdout.write(`ran ${count} cases as ${flags.agent}\n`);
}
