import { describe, expect, it } from 'vitest';
import { fanoutMediansTable, fanoutRatiosTable } from '../src/report/fanout-tables.js';
import { BROADCAST_SUITE } from '../src/broadcast/broadcast-suite.js';
import { SSE_SUITE } from '../src/sse/sse-suite.js';

describe('broadcast tables', () => {
  const { terms } = BROADCAST_SUITE;

  it('shows the client count in every row, so a --quick run says it used fewer', () => {
    const table = fanoutMediansTable(
      [
        { impl: 'sgc', connections: 2000, messages: 20, rounds: 3, deliveriesPerSec: 123_456.7, serverUsPerDelivery: 5.123, spread: 0.104 },
        { impl: 'ws', connections: 2000, messages: 20, rounds: 3, deliveriesPerSec: undefined, serverUsPerDelivery: undefined, spread: undefined },
      ],
      terms,
    );
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/clients .* messages\/burst .* deliveries\/s .* server µs\/delivery/);
    expect(lines[2]).toMatch(/^\| +2,000 \| +20 \| sgc +\| +123,457 \| +5.12 \| +10% \| +3 \|$/);
    expect(lines[3]).toMatch(/\| ws +\| +- \| +- \| +- \|/);
  });

  it('prints the ratios with two decimals', () => {
    const lines = fanoutRatiosTable({ pair: 'sgc/ws', rate: 1.234, serverCpu: undefined }, 10_000, terms).split('\n');
    expect(lines[0]).toMatch(/\| clients \| sgc\/ws deliveries\/s \| sgc\/ws server CPU \|/);
    expect(lines[2]).toMatch(/10,000 \| +1.23x \| +- \|/);
  });
});

describe('SSE tables', () => {
  const { terms } = SSE_SUITE;

  it('shows the stream count in every row, so a --quick run says it used fewer', () => {
    const lines = fanoutMediansTable(
      [
        { impl: 'sgc', connections: 300, messages: 50, rounds: 5, deliveriesPerSec: 184_667.8, serverUsPerDelivery: 3.844, spread: 0.716 },
        { impl: 'http', connections: 300, messages: 50, rounds: 5, deliveriesPerSec: undefined, serverUsPerDelivery: undefined, spread: undefined },
      ],
      terms,
    ).split('\n');
    expect(lines[0]).toMatch(/streams .* events\/burst .* impl .* deliveries\/s .* server µs\/delivery/);
    expect(lines[2]).toMatch(/^\| +300 \| +50 \| sgc +\| +184,668 \| +3.84 \| +72% \| +5 \|$/);
    expect(lines[3]).toMatch(/\| http +\| +- \| +- \| +- \|/);
  });

  it('prints the ratios with two decimals', () => {
    const lines = fanoutRatiosTable({ pair: 'sgc/http', rate: 0.694, serverCpu: undefined }, 1000, terms).split('\n');
    expect(lines[0]).toMatch(/\| streams \| sgc\/http deliveries\/s \| sgc\/http server CPU \|/);
    expect(lines[2]).toMatch(/1,000 \| +0.69x \| +- \|/);
  });
});
