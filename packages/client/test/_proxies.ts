/**
 * Starts real proxy servers (tinyproxy, microsocks, dante) for the dial tests: each on a free
 * 127.0.0.1 port, in the foreground, in its own process group, stopped by the test.
 *
 * The binaries come from Debian packages (`scripts/install-test-peers.sh`). A missing binary
 * is an error naming the package, never a skip: CI installs them.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A proxy process the test owns. */
export interface RunningProxy {
  /** The program, for messages. */
  readonly name: string;
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** What it has printed so far (the last 64 KiB), for failure messages. */
  output(): string;
  /** Stops the whole process group and removes its temporary files. Idempotent. */
  stop(): Promise<void>;
}

/** Username/password for a proxy that demands them. */
export interface Credentials {
  readonly user: string;
  readonly password: string;
}

const SEARCH_PATH = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];
const STARTUP_TIMEOUT = 10_000;
const running = new Set<RunningProxy>();

// A crashed test worker must not leave proxies behind: SIGKILL their groups on exit.
process.once('exit', () => {
  for (const proxy of running) killGroup(proxy as ProxyProcess, 'SIGKILL');
});

/**
 * Finds a program on PATH or in the sbin directories.
 *
 * @param program - the executable's name
 * @param aptPackage - the Debian package that provides it, named in the error
 * @returns its absolute path
 * @throws Error naming the package when it is missing
 */
export function findBinary(program: string, aptPackage: string): string {
  const directories = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...SEARCH_PATH];
  for (const directory of directories) {
    const candidate = join(directory, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    `${program} is not installed; the proxy tests need the Debian package "${aptPackage}" ` +
      `(run scripts/install-test-peers.sh, or apt-get install -y ${aptPackage})`,
  );
}

/**
 * Reserves a free port on 127.0.0.1 (by binding port 0 and releasing it).
 *
 * @returns the port number
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Options of {@link startTinyproxy}. */
export interface TinyproxyOptions {
  /** Require Basic authentication (`BasicAuth user password`). */
  readonly auth?: Credentials;
  /**
   * Restrict CONNECT to these ports. Without any `ConnectPort` line tinyproxy allows CONNECT
   * to every port (tinyproxy.conf(5)); note that `ConnectPort 0` would disable CONNECT.
   */
  readonly connectPorts?: readonly number[];
}

/**
 * Starts tinyproxy (an HTTP proxy with CONNECT) with a temporary config.
 *
 * @param options - authentication and allowed CONNECT ports
 * @returns the running proxy
 * @throws when tinyproxy is missing or does not start listening
 */
export function startTinyproxy(options: TinyproxyOptions = {}): Promise<RunningProxy> {
  const binary = findBinary('tinyproxy', 'tinyproxy');
  return startOnFreePort('tinyproxy', (port, dir) => {
    const lines = [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Allow 127.0.0.1',
      'Timeout 30',
      'MaxClients 50',
      'LogLevel Info',
      'DisableViaHeader Yes',
    ];
    if (options.auth) lines.push(`BasicAuth ${options.auth.user} ${options.auth.password}`);
    for (const allowed of options.connectPorts ?? []) lines.push(`ConnectPort ${allowed}`);
    const config = join(dir, 'tinyproxy.conf');
    writeFileSync(config, `${lines.join('\n')}\n`);
    // -d: stay in the foreground (logs go to stderr when no LogFile is set).
    return [binary, ['-d', '-c', config]];
  });
}

/**
 * Starts microsocks (a SOCKS5-only server; RFC 1929 auth with `-u`/`-P`).
 *
 * @param auth - require these credentials
 * @returns the running proxy
 * @throws when microsocks is missing or does not start listening
 */
export function startMicrosocks(auth?: Credentials): Promise<RunningProxy> {
  const binary = findBinary('microsocks', 'microsocks');
  return startOnFreePort('microsocks', (port) => {
    const args = ['-i', '127.0.0.1', '-p', String(port)];
    if (auth) args.push('-u', auth.user, '-P', auth.password);
    return [binary, args];
  });
}

/** Options of {@link startDante}. */
export interface DanteOptions {
  /** Refuse (by a `socks block` rule) connections to this port on 127.0.0.1. */
  readonly blockPort?: number;
}

/**
 * Starts dante's danted (SOCKS4 and SOCKS5, no authentication; dante has no SOCKS4a) with a
 * temporary config: internal and external address 127.0.0.1, clients from 127.0.0.0/8.
 *
 * @param options - a port to refuse
 * @returns the running proxy
 * @throws when danted is missing or does not start listening
 */
export function startDante(options: DanteOptions = {}): Promise<RunningProxy> {
  const binary = findBinary('danted', 'dante-server');
  return startOnFreePort('danted', (port, dir) => {
    const lines = [
      'logoutput: stderr',
      `internal: 127.0.0.1 port = ${port}`,
      'external: 127.0.0.1',
      'clientmethod: none',
      'socksmethod: none',
    ];
    // As root dante insists on dropping privileges for the parts that need none.
    if (process.getuid?.() === 0) lines.push('user.privileged: root', 'user.unprivileged: nobody');
    lines.push('client pass { from: 127.0.0.0/8 to: 0.0.0.0/0 log: error }');
    if (options.blockPort !== undefined) {
      lines.push(`socks block { from: 0.0.0.0/0 to: 127.0.0.1/32 port = ${options.blockPort} log: error }`);
    }
    lines.push('socks pass { from: 127.0.0.0/8 to: 0.0.0.0/0 log: error }');
    const config = join(dir, 'danted.conf');
    writeFileSync(config, `${lines.join('\n')}\n`);
    return [binary, ['-f', config, '-p', join(dir, 'danted.pid'), '-N', '1']];
  });
}

interface ProxyProcess extends RunningProxy {
  readonly pid: number;
  exited: boolean;
}

type Command = readonly [string, readonly string[]];

async function startOnFreePort(name: string, command: (port: number, dir: string) => Command): Promise<RunningProxy> {
  let lastError: unknown;
  // The port is free when chosen but could be taken before the proxy binds it: retry then.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), `sgc-${name}-`));
    try {
      return await startProcess(name, command(port, dir), port, dir);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      lastError = error;
      if (!/in use|EADDRINUSE|bind/i.test(String(error))) throw error;
    }
  }
  throw lastError;
}

async function startProcess(name: string, [binary, args]: Command, port: number, dir: string): Promise<RunningProxy> {
  // detached: a new process group, so stop() reaches the children dante forks.
  const child = spawn(binary, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-65536);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.pid === undefined) {
    // spawn() failed (the binary vanished after findBinary, or is not executable).
    const [error] = (await once(child, 'error')) as [Error];
    throw new Error(`Cannot start ${name}: ${error.message}`, { cause: error });
  }
  child.on('error', (error) => collect(Buffer.from(`\n[spawn error] ${error.message}\n`)));

  const proxy: ProxyProcess = {
    name,
    port,
    pid: child.pid,
    exited: false,
    output: () => output,
    async stop() {
      running.delete(proxy);
      if (!proxy.exited) {
        // The leader first: dante's mother relays the stop to its children; the group kill
        // below catches any that linger.
        signalLeader(proxy, 'SIGTERM');
        const stopped = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
        if (!stopped) {
          killGroup(proxy, 'SIGKILL');
          await exited;
        }
      }
      // The group leader is gone; reap any child it left behind.
      killGroup(proxy, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
  void exited.then(() => (proxy.exited = true));
  running.add(proxy);

  const deadline = Date.now() + STARTUP_TIMEOUT;
  for (;;) {
    if (proxy.exited) {
      await proxy.stop();
      throw new Error(`${name} exited before listening on 127.0.0.1:${port}:\n${output}`);
    }
    if (await accepts(port)) return proxy;
    if (Date.now() > deadline) {
      await proxy.stop();
      throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${STARTUP_TIMEOUT} ms:\n${output}`);
    }
    await sleep(25);
  }
}

function signalLeader(proxy: ProxyProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(proxy.pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

function killGroup(proxy: ProxyProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-proxy.pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
