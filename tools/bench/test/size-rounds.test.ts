import { describe, expect, it } from 'vitest';
import { loadWindowLine, recordMeasurement, sizeRoundLabel, type SizeRoundRun } from '../src/util/size-rounds.js';

describe('progress lines', () => {
  it('lays out a static measurement as the static bench always has', () => {
    const line = loadWindowLine({ size: 1024, round: 1, impl: 'sgc' }, 3, { perSec: 3275.2, serverUs: 230.81, loadUs: 92.7 }, { op: 'req', load: 'load', rateWidth: 7, usWidth: 6 });
    expect(line).toBe('  1 KiB   round 1/3  sgc    3,275 req/s  server  230.8 µs/req  load   92.7 µs/req');
  });

  it('lays out an echo measurement as the echo bench always has', () => {
    const line = loadWindowLine({ size: 65536, round: 2, impl: 'net' }, 5, { perSec: 41_234, serverUs: 12.34, loadUs: 20 }, { op: 'RT', load: 'client', rateWidth: 8, usWidth: 7 });
    expect(line).toBe('  64 KiB  round 2/5  net    41,234 RT/s  server    12.3 µs/RT  client    20.0 µs/RT');
  });

  it('starts a failure line the same way', () => {
    expect(`${sizeRoundLabel({ size: 64, round: 3, impl: 'ws' }, 3)} FAILED: x`).toBe('  64 B    round 3/3  ws   FAILED: x');
  });

  it('records a sample with its line, or a failure with its FAILED line', async () => {
    const run: SizeRoundRun<'sgc', string> = { samples: [], failures: [] };
    const lines: string[] = [];
    const at = { impl: 'sgc', size: 1024, round: 2 } as const;
    expect(await recordMeasurement(run, at, 3, async () => 'fast', (sample, rounds) => `${sample} ${rounds}`, (line) => lines.push(line))).toBe(true);
    const failed = async (): Promise<string> => {
      throw new Error('boom');
    };
    expect(await recordMeasurement(run, at, 3, failed, String, (line) => lines.push(line))).toBe(false);
    expect(run.samples).toEqual(['fast']);
    expect(run.failures).toEqual([{ impl: 'sgc', size: 1024, round: 2, error: 'boom' }]);
    expect(lines).toEqual(['fast 3', '  1 KiB   round 2/3  sgc  FAILED: boom']);
  });
});
