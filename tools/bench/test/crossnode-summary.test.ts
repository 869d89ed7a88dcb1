import { describe, expect, it } from 'vitest';
import { summarizeCrossnode } from '../src/crossnode/crossnode-summary.js';
import { decodePayload, encodePayload, PAYLOAD_BYTES } from '../src/crossnode/publish-payload.js';

describe('summarizeCrossnode', () => {
  it('gives median, p99 and range per path, and the Redis hop per publish', () => {
    // 100 publishes: same node 0.1-0.2 ms, cross node always 0.3 ms later, one cross-node outlier.
    const latencies = Array.from({ length: 100 }, (_, i) => ({ sameNodeMs: 0.1 + i / 1000, crossNodeMs: 0.4 + i / 1000 }));
    latencies[50] = { sameNodeMs: 0.15, crossNodeMs: 9 };
    const [same, cross, hop] = summarizeCrossnode(latencies);
    expect([same!.path, cross!.path, hop!.path]).toEqual(['sameNode', 'crossNode', 'redisHop']);
    expect(same!.publishes).toBe(100);
    expect(same!.median).toBeCloseTo(0.1495);
    // Nearest rank: the 99th of 100 values, so one outlier stays out of the p99.
    expect(cross!.p99).toBeCloseTo(0.498);
    expect(cross!.max).toBe(9);
    expect(hop!.median).toBeCloseTo(0.3);
    expect(hop!.min).toBeCloseTo(0.3);
  });

  it('leaves every value undefined without publishes', () => {
    expect(summarizeCrossnode([]).every((r) => r.publishes === 0 && r.median === undefined && r.p99 === undefined && r.max === undefined)).toBe(true);
  });
});

describe('publish payload', () => {
  it('carries the sequence number and the send time in 64 bytes', () => {
    const data = encodePayload({ seq: 4_000_000_000, sentAtMs: 1234.5678 });
    expect(data.length).toBe(PAYLOAD_BYTES);
    expect(decodePayload(data)).toEqual({ seq: 4_000_000_000, sentAtMs: 1234.5678 });
  });

  it('ignores messages of another size', () => {
    expect(decodePayload(Buffer.alloc(8))).toBeUndefined();
  });
});
