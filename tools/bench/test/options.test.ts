import { describe, expect, it } from 'vitest';
import { parseOptions } from '../src/options.js';

describe('parseOptions', () => {
  it('defaults to every implementation, four sizes and both idle counts', () => {
    const options = parseOptions([]);
    expect(options.impls).toEqual(['sgc', 'ws', 'net']);
    expect(options.sizes).toEqual([64, 16384, 65536, 1048576]);
    expect(options.idleCounts).toEqual([1000, 10000]);
    expect(options.quick).toBe(false);
  });

  it('shortens the windows and keeps 1,000 idle connections with --quick', () => {
    const full = parseOptions([]);
    const quick = parseOptions(['--', '--quick']);
    expect(quick.measureMs).toBeLessThan(full.measureMs);
    expect(quick.idleCounts).toEqual([1000]);
  });

  it('keeps the canonical A/B order whatever order implementations are listed in', () => {
    expect(parseOptions(['--impls', 'net,sgc']).impls).toEqual(['sgc', 'net']);
  });

  it('parses sizes with units', () => {
    expect(parseOptions(['--sizes', '64,16k,1MiB']).sizes).toEqual([64, 16384, 1048576]);
  });

  it('rejects unknown implementations, unknown options and out-of-range values', () => {
    expect(() => parseOptions(['--impls', 'uws'])).toThrow(/unknown implementation/);
    expect(() => parseOptions(['--frobnicate'])).toThrow();
    expect(() => parseOptions(['--rounds', '0'])).toThrow(/between/);
    expect(() => parseOptions(['--measure', 'soon'])).toThrow(/whole number/);
  });

  it('runs 10 restarts and three throttle rates in full, 3 restarts and two rates with --quick', () => {
    const full = parseOptions([]);
    const quick = parseOptions(['--quick']);
    expect(full.restarts).toBe(10);
    expect(full.throttleRates).toEqual([1e6, 4e6, 16e6]);
    expect(quick.restarts).toBe(3);
    expect(quick.throttleRates).toEqual([1e6, 4e6]);
    expect(quick.throttleMeasureMs).toBeLessThan(full.throttleMeasureMs);
  });

  it('parses throttle rates in Mbit/s and the skip flags of the new benches', () => {
    const options = parseOptions(['--throttle-rates', '0.5,2', '--skip-reconnect', '--skip-throttle']);
    expect(options.throttleRates).toEqual([500_000, 2_000_000]);
    expect(options.skipReconnect).toBe(true);
    expect(options.skipThrottle).toBe(true);
    expect(() => parseOptions(['--throttle-rates', 'fast'])).toThrow(/Mbit/);
    expect(() => parseOptions(['--throttle-rates', '0.01'])).toThrow(/between/);
    expect(() => parseOptions(['--restarts', '0'])).toThrow(/between/);
  });

  it('runs 10,000 broadcast clients and 2,000 publishes in full, 2,000 and 300 with --quick', () => {
    const full = parseOptions([]);
    const quick = parseOptions(['--quick']);
    expect([full.broadcastClients, full.broadcastRounds, full.crossnodePublishes]).toEqual([10_000, 5, 2000]);
    expect([quick.broadcastClients, quick.broadcastRounds, quick.crossnodePublishes]).toEqual([2000, 5, 300]);
    const chosen = parseOptions(['--broadcast-clients', '500', '--publishes', '50', '--skip-broadcast', '--skip-crossnode']);
    expect([chosen.broadcastClients, chosen.crossnodePublishes, chosen.skipBroadcast, chosen.skipCrossnode]).toEqual([500, 50, true, true]);
    expect(() => parseOptions(['--broadcast-clients', '0'])).toThrow(/between/);
  });

  it('serves 1 KiB and 64 KiB files and opens 1,000 SSE streams in full, 300 with --quick', () => {
    const full = parseOptions([]);
    const quick = parseOptions(['--quick']);
    expect([full.staticSizes, full.staticRounds, full.sseClients, full.sseRounds]).toEqual([[1024, 65536], 5, 1000, 5]);
    expect([quick.staticSizes, quick.staticRounds, quick.sseClients, quick.sseRounds]).toEqual([[1024, 65536], 3, 300, 5]);
    expect(quick.staticMeasureMs).toBeLessThan(full.staticMeasureMs);
    const chosen = parseOptions(['--static-sizes', '4k', '--static-window', '500', '--sse-clients', '50', '--skip-static', '--skip-sse']);
    expect([chosen.staticSizes, chosen.staticMeasureMs, chosen.sseClients, chosen.skipStatic, chosen.skipSse]).toEqual([[4096], 500, 50, true, true]);
    expect(() => parseOptions(['--sse-clients', '0'])).toThrow(/between/);
    expect(() => parseOptions(['--static-sizes', 'big'])).toThrow(/not a size/);
  });
});
