/**
 * sgc against the full suite, both roles, judged strictly: every case must
 * be OK or INFORMATIONAL. NON-STRICT fails, in particular the fail-fast
 * UTF-8 cases 6.4.x, where sgc must close with 1007 as soon as the invalid
 * octet arrives rather than at FIN.
 *
 * Both testees are the `sgc` command line as users run it (`sgc echo-server`,
 * `sgc autobahn-client`), so the suite also covers the CLI's settings.
 *
 * 12.x/13.x run with the default 50 messages per case instead of
 * Autobahn's 1000 (see DEFAULT_LIMITS); every size, fragmentation and
 * offer is still covered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { formatReport, runClientSuite, runServerSuite } from '../src/index.js';
import { expectAllPassed } from './_expect.js';

const cli = fileURLToPath(new URL('../../../apps/cli/dist/main.js', import.meta.url));

function sgc(...args: string[]): ChildProcess {
  return spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
}

describe('sgc as server (fuzzing client)', () => {
  it('passes every case strictly', async () => {
    const server = sgc('echo-server', '--host', '127.0.0.1', '--port', '0', '--deflate');
    try {
      const lines = createInterface({ input: server.stdout! });
      const [line] = (await once(lines, 'line')) as [string];
      const report = await runServerSuite({ url: line.replace('listening on ', ''), agent: 'sgc-server' });
      console.log(formatReport(report));
      expectAllPassed(report);
    } finally {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
  });
});

describe('sgc as client (fuzzing server)', () => {
  it('passes every case strictly', async () => {
    const drive = async (url: string, agent: string): Promise<void> => {
      const client = sgc('autobahn-client', '--url', url, '--agent', agent);
      const [code] = (await once(client, 'exit')) as [number | null];
      if (code !== 0) throw new Error(`sgc autobahn-client exited with ${code}`);
    };
    // A hung client ends as unrun (FAILED) cases, before vitest's own timeout.
    const report = await runClientSuite({ agent: 'sgc-client', drive, timeoutMs: 8 * 60_000 });
    console.log(formatReport(report));
    expectAllPassed(report);
  });
});
