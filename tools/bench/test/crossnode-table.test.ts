import { describe, expect, it } from 'vitest';
import { crossnodeTable } from '../src/report/crossnode-table.js';
import { buildReport, renderReport } from '../src/report/report.js';

const EMPTY_RUN = {
  impls: [],
  sizes: [],
  echo: undefined,
  idle: undefined,
  reconnect: undefined,
  throttle: undefined,
  broadcast: undefined,
  crossnode: undefined,
  static: undefined,
  sse: undefined,
};

describe('cross-node table', () => {
  it('labels each path and prints milliseconds with three decimals', () => {
    const table = crossnodeTable([
      { path: 'sameNode', publishes: 300, median: 0.2081, p99: 1.7, min: 0.08, max: 4.8 },
      { path: 'redisHop', publishes: 300, median: 0.36, p99: 2.46, min: -0.04, max: 4.1 },
    ]);
    const lines = table.split('\n');
    expect(lines[2]).toMatch(/same node: A -> client on A +\| +300 \| +0.208 \| +1.700 \| +0.080 \| +4.800 \|/);
    expect(lines[3]).toMatch(/Redis hop.*-0.040/);
  });

  it('says in the report that it was skipped without Redis, instead of a table', () => {
    const skipped = 'no Redis on 127.0.0.1:6379 (connect ECONNREFUSED 127.0.0.1:6379)';
    const report = buildReport({ ...EMPTY_RUN, crossnode: { prefix: null, latencies: [], failures: [], skipped } });
    expect(renderReport(report)).toContain('skipped: no Redis on 127.0.0.1:6379');
  });

  it('leaves the section out when a run measured nothing and was not skipped', () => {
    const report = buildReport({ ...EMPTY_RUN, crossnode: { prefix: 'p', latencies: [], failures: ['publish 1 of 300 timed out'], skipped: undefined } });
    expect(report.crossnode).toBeUndefined();
  });
});
