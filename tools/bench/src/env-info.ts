/**
 * The facts a reader needs to judge a run's numbers: machine, load, Node and
 * library versions, and whether ws had its native masking add-on.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ephemeralPortCount, openFileLimit } from './idle/limits.js';

/** Where and with what a run happened. */
export interface EnvInfo {
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  /** 1, 5 and 15 minute load averages when the run started. */
  readonly loadAvg: readonly number[];
  readonly wsVersion: string;
  /** ws masks in JavaScript unless `bufferutil` can be loaded. */
  readonly wsBufferutil: boolean;
  readonly openFileLimit: number | null;
  readonly ephemeralPorts: number | null;
  readonly gitCommit: string | null;
}

const require = createRequire(import.meta.url);

/**
 * Collects the environment.
 *
 * @returns the facts, with `null` for what could not be read
 */
export function collectEnv(): EnvInfo {
  const limit = openFileLimit();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    loadAvg: os.loadavg().map((n) => Math.round(n * 100) / 100),
    wsVersion: wsVersion(),
    wsBufferutil: wsHasBufferutil(),
    openFileLimit: limit === undefined ? null : Number.isFinite(limit) ? limit : -1,
    ephemeralPorts: ephemeralPortCount() ?? null,
    gitCommit: gitCommit(),
  };
}

function wsVersion(): string {
  try {
    return (JSON.parse(readFileSync(require.resolve('ws/package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function wsHasBufferutil(): boolean {
  try {
    // Resolve from ws's own directory: that is where ws looks for it.
    createRequire(require.resolve('ws')).resolve('bufferutil');
    return true;
  } catch {
    return false;
  }
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}
