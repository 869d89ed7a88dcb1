import { describe, expect, it } from 'vitest';
import { broadcastMediansTable, broadcastRatiosTable } from '../src/report/broadcast-tables.js';

describe('broadcast tables', () => {
  it('shows the client count in every row, so a --quick run says it used fewer', () => {
    const table = broadcastMediansTable([
      { impl: 'sgc', connections: 2000, messages: 20, rounds: 3, deliveriesPerSec: 123_456.7, serverUsPerDelivery: 5.123, spread: 0.104 },
      { impl: 'ws', connections: 2000, messages: 20, rounds: 3, deliveriesPerSec: undefined, serverUsPerDelivery: undefined, spread: undefined },
    ]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/clients .* messages\/burst .* deliveries\/s .* server µs\/delivery/);
    expect(lines[2]).toMatch(/^\| +2,000 \| +20 \| sgc +\| +123,457 \| +5.12 \| +10% \| +3 \|$/);
    expect(lines[3]).toMatch(/\| ws +\| +- \| +- \| +- \|/);
  });

  it('prints the ratios with two decimals', () => {
    expect(broadcastRatiosTable({ sgcOverWsRate: 1.234, sgcOverWsServerCpu: undefined }, 10_000).split('\n')[2]).toMatch(/10,000 \| +1.23x \| +- \|/);
  });
});
