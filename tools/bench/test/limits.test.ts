import { describe, expect, it } from 'vitest';
import { idleCountProblem } from '../src/idle/limits.js';

describe('idleCountProblem', () => {
  it('accepts a count that fits the descriptor limit and the port range', () => {
    expect(idleCountProblem(10_000, 20_000, 28_232)).toBeUndefined();
  });

  it('explains a descriptor limit that is too low', () => {
    expect(idleCountProblem(10_000, 1024, 28_232)).toMatch(/ulimit -n is 1024/);
  });

  it('explains a port range that is too small', () => {
    expect(idleCountProblem(10_000, Infinity, 5000)).toMatch(/ephemeral ports/);
  });

  it('tries anyway when the limits are unknown', () => {
    expect(idleCountProblem(10_000, undefined, undefined)).toBeUndefined();
  });
});
