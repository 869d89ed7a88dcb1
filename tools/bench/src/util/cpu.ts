/**
 * CPU time between two marks a child took of itself ({@link CpuMark}). Every
 * bench that reports "CPU µs per …" counts user and system time together: the
 * floors spend most of theirs in the kernel.
 *
 * @module
 */
import type { CpuMark } from '../ipc/commands.js';

/**
 * The CPU time (user + system, all threads) a process used between two of its marks.
 *
 * @param start - the earlier mark
 * @param end - the later mark, from the same process
 * @returns microseconds
 */
export function cpuUsBetween(start: CpuMark, end: CpuMark): number {
  return cpuUs(end) - cpuUs(start);
}

function cpuUs(mark: CpuMark): number {
  return mark.userUs + mark.systemUs;
}
