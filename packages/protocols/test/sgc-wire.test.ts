/**
 * The wire helpers of the sgc default protocol: level names, parameters, pushes and ids.
 */
import { describe, expect, it } from 'vitest';
import { encodeSgcResult, newRequestId, parseQoS, parseQueue, qosName, queueName, readSgcParams, sgcResultMethod } from '../src/index.js';

describe('sgc wire helpers', () => {
  it('names QoS and queue levels as esegece.com.js does, reading unknown names as level 0', () => {
    expect([0, 1, 2].map((level) => qosName(level as 0 | 1 | 2))).toEqual(['qosLevel0', 'qosLevel1', 'qosLevel2']);
    expect([0, 1, 2].map((level) => queueName(level as 0 | 1 | 2))).toEqual(['queueLevel0', 'queueLevel1', 'queueLevel2']);
    expect([parseQoS('qosLevel2'), parseQoS('qosLevel9'), parseQoS(undefined)]).toEqual([2, 0, 0]);
    expect([parseQueue('queueLevel1'), parseQueue(2)]).toEqual([1, 0]);
  });

  it('reads parameters with their defaults', () => {
    expect(readSgcParams({ channel: 'c', message: { a: 1 }, qos: 'qosLevel1', queue: 'queueLevel2', guid: 'g' })).toEqual({
      channel: 'c',
      message: { a: 1 },
      qos: 1,
      queue: 2,
      guid: 'g',
    });
    expect(readSgcParams('not an object')).toEqual({ channel: '', message: '', qos: 0, queue: 0, guid: undefined });
  });

  it('writes pushes and tells them from RPC results', () => {
    const text = encodeSgcResult('sgc@event', { channel: 'news', message: 'hi' });
    expect(text).toBe('{"jsonrpc":"2.0","result":{"method":"sgc@event","channel":"news","message":"hi"}}');
    expect(sgcResultMethod(JSON.parse(text).result)).toBe('sgc@event');
    expect(sgcResultMethod({ method: 'add' })).toBeUndefined();
    expect(sgcResultMethod(42)).toBeUndefined();
  });

  it('makes version-4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newRequestId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
