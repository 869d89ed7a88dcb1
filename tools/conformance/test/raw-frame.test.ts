import { describe, expect, it } from 'vitest';
import { FrameReader } from '../src/frame-reader.js';
import { chop, closePayload, encodeFrame, repeatPayload, xorMask } from '../src/raw-frame.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('raw frame encoder', () => {
  it('encodes an unmasked ping with a short payload', () => {
    expect(hex(encodeFrame({ opcode: 9, payload: 'hi' }))).toBe('89026869');
  });

  it('sets any RSV bits and reserved opcodes it is asked for', () => {
    expect(hex(encodeFrame({ opcode: 3, rsv: 7, fin: false }))).toBe('7300');
  });

  it('uses the 16-bit length for 126 octets and the 64-bit one from 65536', () => {
    expect(hex(encodeFrame({ opcode: 2, payloadLength: 126, payload: 'x' }).subarray(0, 4))).toBe('827e007e');
    expect(hex(encodeFrame({ opcode: 2, payloadLength: 65536, payload: 'x' }).subarray(0, 10))).toBe('827f0000000000010000');
  });

  it('masks with the given key as in RFC 6455 section 5.7', () => {
    const frame = encodeFrame({ opcode: 1, payload: 'Hello', mask: Buffer.from('37fa213d', 'hex') });
    expect(hex(frame)).toBe('818537fa213d7f9f4d5158');
  });

  it('masks word-wise and byte-wise alike at any alignment and key offset', () => {
    const key = Buffer.from('a1b2c3d4', 'hex');
    const data = Buffer.from(Array.from({ length: 103 }, (_, i) => i));
    for (let start = 0; start < 4; start++) {
      for (let offset = 0; offset < 4; offset++) {
        const expected = Buffer.from(data.map((b, i) => b ^ (key[(i + offset) & 3] ?? 0)));
        const view = Buffer.alloc(data.length + 4).subarray(start, start + data.length);
        data.copy(view);
        xorMask(view, key, offset);
        expect(hex(view)).toBe(hex(expected));
      }
    }
  });

  it('repeats a pattern to an exact length', () => {
    expect(repeatPayload('abc', 7).toString()).toBe('abcabca');
  });

  it('chops octets for separate writes', () => {
    expect(chop(Buffer.from('abcdefg'), 3).map((b) => b.toString())).toEqual(['abc', 'def', 'g']);
  });

  it('builds close payloads, malformed ones included', () => {
    expect(hex(closePayload(1000, 'ok'))).toBe('03e86f6b');
    expect(hex(closePayload(undefined, 'a'))).toBe('61');
  });
});

describe('frame reader', () => {
  it('reassembles frames split at every octet and unmasks them', () => {
    const frames = [encodeFrame({ opcode: 1, payload: 'hello', mask: true }), encodeFrame({ opcode: 2, payloadLength: 70000, payload: 'ab', mask: true })];
    const wire = Buffer.concat(frames);
    const reader = new FrameReader(1 << 20);
    const got = [];
    for (let i = 0; i < wire.length; i += 997) got.push(...reader.push(wire.subarray(i, i + 997)));
    expect(got.map((f) => [f.opcode, f.masked, f.payload.length])).toEqual([
      [1, true, 5],
      [2, true, 70000],
    ]);
    expect(got[0]?.payload.toString()).toBe('hello');
    expect(got[1]?.payload.subarray(0, 4).toString()).toBe('abab');
  });

  it('refuses a 64-bit length with the top bit set', () => {
    const reader = new FrameReader(1 << 20);
    expect(() => reader.push(Buffer.from('827f8000000000000001', 'hex'))).toThrow(/top bit/);
  });
});
