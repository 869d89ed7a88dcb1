import { describe, expect, it } from 'vitest';
import { staticMediansTable, staticRatiosTable } from '../src/report/static-tables.js';

describe('static tables', () => {
  it('shows the file size, the rate, the CPU of both processes and the errors in every row', () => {
    const table = staticMediansTable([
      { impl: 'sgc', size: 1024, rounds: 3, requestsPerSec: 4321.4, serverUsPerRequest: 230.04, loadUsPerRequest: 61.26, errors: 0, spread: 0.156 },
      { impl: 'http', size: 65536, rounds: 3, requestsPerSec: undefined, serverUsPerRequest: undefined, loadUsPerRequest: undefined, errors: 12, spread: undefined },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/file .* impl .* requests\/s .* server µs\/req .* load µs\/req .* errors .* spread .* rounds/);
    expect(lines[2]).toMatch(/^\| +1 KiB \| sgc +\| +4,321 \| +230.0 \| +61.3 \| +0 \| +16% \| +3 \|$/);
    expect(lines[3]).toMatch(/^\| +64 KiB \| http +\| +- \| +- \| +- \| +12 \| +- \| +3 \|$/);
  });

  it('prints one ratio row per size with two decimals', () => {
    const lines = staticRatiosTable([
      { size: 1024, sgcOverFloorRate: 0.4567, sgcOverFloorServerCpu: 3.912 },
      { size: 65536, sgcOverFloorRate: undefined, sgcOverFloorServerCpu: undefined },
    ]).split('\n');
    expect(lines[0]).toMatch(/sgc\/http requests\/s .* sgc\/http server CPU/);
    expect(lines[2]).toMatch(/1 KiB \| +0.46x \| +3.91x \|/);
    expect(lines[3]).toMatch(/64 KiB \| +- \| +- \|/);
  });
});
