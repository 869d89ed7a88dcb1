import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

// The CLI is tested as users run it: the built binary in a child process.
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function sgc(...args: string[]): ChildProcess {
  const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

async function firstLine(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return line;
}

describe('sgc echo-server', () => {
  it('prints its URL, echoes with compression, and closes clients with 1001 on SIGTERM', async () => {
    const child = sgc('echo-server', '--host', '127.0.0.1', '--port', '0', '--deflate');
    const line = await firstLine(child);
    expect(line).toMatch(/^listening on ws:\/\/127\.0\.0\.1:\d+$/);
    const ws = new WebSocket(line.replace('listening on ', ''), { perMessageDeflate: true });
    await once(ws, 'open');
    expect(ws.extensions).toContain('permessage-deflate');
    ws.send('echo me '.repeat(300));
    const [echo] = await once(ws, 'message');
    expect(echo.toString()).toBe('echo me '.repeat(300));
    const closed = once(ws, 'close');
    child.kill('SIGTERM');
    const [code] = await closed;
    expect(code).toBe(1001);
    const [exitCode] = await once(child, 'exit');
    expect(exitCode).toBe(0);
  });

  it('exits with 2 and a one-line reason on a bad flag', async () => {
    const child = sgc('echo-server', '--port', 'nope');
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const [exitCode] = await once(child, 'exit');
    expect(exitCode).toBe(2);
    expect(stderr.trim()).toBe('sgc: invalid port: nope');
  });
});
