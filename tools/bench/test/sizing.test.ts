import { describe, expect, it } from 'vitest';
import { bufferCapFor, frameBytes, messageSizeFor } from '../src/throttle/sizing.js';

describe('frameBytes', () => {
  it('adds the RFC 6455 header: 2 bytes, plus 2 or 8 for the extended length, plus 4 for a mask', () => {
    expect(frameBytes(125, false)).toBe(127);
    expect(frameBytes(126, false)).toBe(130);
    expect(frameBytes(1024, true)).toBe(1032);
    expect(frameBytes(65_535, false)).toBe(65_539);
    expect(frameBytes(65_536, true)).toBe(65_550);
  });
});

describe('messageSizeFor', () => {
  it('is about 10 ms of data rounded down to a power of two', () => {
    expect(messageSizeFor(1e6)).toBe(1024);
    expect(messageSizeFor(4e6)).toBe(4096);
    expect(messageSizeFor(16e6)).toBe(16_384);
  });

  it('stays between 512 B and 64 KiB', () => {
    expect(messageSizeFor(1e5)).toBe(512);
    expect(messageSizeFor(1e9)).toBe(65_536);
  });
});

describe('bufferCapFor', () => {
  it('holds at least 100 ms of data and at least 64 KiB', () => {
    expect(bufferCapFor(1e6)).toBe(65_536);
    expect(bufferCapFor(16e6)).toBe(200_000);
  });
});
