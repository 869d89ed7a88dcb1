/**
 * Whether this machine can hold N idle connections: each side's process needs
 * N file descriptors, and the client needs N ephemeral ports.
 *
 * @module
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Descriptors a child needs beyond its connections (stdio, IPC, listener, libuv, modules). */
const FD_HEADROOM = 256;

/**
 * The soft limit on open files (`ulimit -n`) that the children inherit.
 *
 * @returns the limit, `Infinity` when unlimited, or `undefined` when it cannot be read
 */
export function openFileLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (match) return match[1] === 'unlimited' ? Infinity : Number(match[1]);
  } catch {
    // Not Linux: ask the shell instead.
  }
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 5000 }).trim();
    return out === 'unlimited' ? Infinity : Number(out);
  } catch {
    return undefined;
  }
}

/**
 * The size of the ephemeral port range (Linux only).
 *
 * @returns the number of ports, or `undefined` when it cannot be read
 */
export function ephemeralPortCount(): number | undefined {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low !== undefined && high !== undefined && high >= low ? high - low + 1 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Explains why `count` idle connections cannot be opened here, if they cannot.
 *
 * @param count - connections wanted
 * @param fdLimit - from {@link openFileLimit}
 * @param ports - from {@link ephemeralPortCount}
 * @returns the reason, or `undefined` when the count fits (or the limits are unknown)
 */
export function idleCountProblem(count: number, fdLimit: number | undefined, ports: number | undefined): string | undefined {
  if (fdLimit !== undefined && count + FD_HEADROOM > fdLimit) {
    return `ulimit -n is ${fdLimit}; ${count} connections need about ${count + FD_HEADROOM} (raise it with ulimit -n ${count + 4096})`;
  }
  if (ports !== undefined && count > ports) return `only ${ports} ephemeral ports (net.ipv4.ip_local_port_range) for ${count} connections`;
  return undefined;
}
