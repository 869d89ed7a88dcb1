import { describe, expect, it } from 'vitest';
import { staticSample, type StaticSample } from '../src/static/measure-static.js';
import type { StaticImpl } from '../src/static/static-servers.js';
import { staticRatios, summarizeStatic } from '../src/static/static-summary.js';
import { staticFileContent, staticUrlPath } from '../src/static/static-files.js';

function sample(impl: StaticImpl, size: number, round: number, requestsPerSec: number, serverUsPerRequest = 100, errors = 0): StaticSample {
  // A 1 s window, so the request count is the rate.
  const requests = requestsPerSec;
  const errorTexts = errors > 0 ? ['status 500 with 22 bytes, expected 200 with 1024'] : [];
  return staticSample({ impl, size, round }, { requests, errors, errorTexts, elapsedMs: 1000, serverCpuUs: serverUsPerRequest * requests, loadCpuUs: 50 * requests });
}

describe('static summaries', () => {
  it('takes medians per size, sizes in the order given and sgc before the floor', () => {
    const rows = summarizeStatic(
      [sample('http', 1024, 1, 9000), sample('sgc', 65536, 1, 2000), sample('sgc', 1024, 1, 3000), sample('sgc', 1024, 2, 5000), sample('sgc', 1024, 3, 4000)],
      [1024, 65536],
    );
    expect(rows.map((r) => [r.size, r.impl, r.rounds, r.requestsPerSec])).toEqual([
      [1024, 'sgc', 3, 4000],
      [1024, 'http', 1, 9000],
      [65536, 'sgc', 1, 2000],
    ]);
    expect(rows[0]!.spread).toBeCloseTo(2000 / 4000);
    expect(rows[1]!.spread).toBeUndefined();
  });

  it('sums the errors over rounds instead of hiding them in a median', () => {
    const [row] = summarizeStatic([sample('sgc', 1024, 1, 3000, 100, 2), sample('sgc', 1024, 2, 3000, 100, 0), sample('sgc', 1024, 3, 3000, 100, 5)], [1024]);
    expect(row!.errors).toBe(7);
  });

  it('pairs ratios by size and round, so a round slowed down for both still gives a fair ratio', () => {
    const rows = staticRatios(
      [
        sample('sgc', 1024, 1, 3000, 400),
        sample('http', 1024, 1, 10_000, 100),
        sample('sgc', 1024, 2, 1000, 1200), // both slowed down 3x in round 2
        sample('http', 1024, 2, 3333, 300),
        sample('sgc', 1024, 3, 2500, 500),
        sample('http', 1024, 3, 10_000, 100),
        sample('sgc', 65536, 1, 1000, 300),
      ],
      [1024, 65536],
    );
    expect(rows[0]!.sgcOverFloorRate).toBeCloseTo(0.3, 2);
    expect(rows[0]!.sgcOverFloorServerCpu).toBeCloseTo(4);
    // No floor sample at 64 KiB: a row, but no ratio.
    expect(rows[1]).toEqual({ size: 65536, sgcOverFloorRate: undefined, sgcOverFloorServerCpu: undefined });
  });
});

describe('static samples', () => {
  it('derives the rate and the CPU per request from the counts of a window, and keeps error texts only with errors', () => {
    const key = { impl: 'sgc', size: 1024, round: 1 } as const;
    const counts = { requests: 3000, errors: 0, errorTexts: ['stale'], elapsedMs: 1500, serverCpuUs: 600_000, loadCpuUs: 150_000 };
    expect(staticSample(key, counts)).toMatchObject({ requestsPerSec: 2000, serverUsPerRequest: 200, loadUsPerRequest: 50, errorTexts: [] });
    expect(staticSample(key, { ...counts, errors: 1 }).errorTexts).toEqual(['stale']);
  });
});

describe('static files', () => {
  it('writes exactly the size asked for, as HTML', () => {
    for (const size of [1, 100, 1024, 65536]) expect(staticFileContent(size).length).toBe(size);
    expect(staticFileContent(1024).toString('latin1')).toMatch(/^<!doctype html>/);
    expect(staticUrlPath(1024)).toBe('/bench-1024.html');
  });
});
