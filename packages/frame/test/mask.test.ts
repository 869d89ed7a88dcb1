import { describe, expect, it } from 'vitest';
import { allocAlignedTo, applyMask, MaskPool } from '../src/node.js';
import { hex, prng } from './_utils.js';

/** The byte-wise definition of RFC 6455 §5.3: j = i MOD 4; out[i] = in[i] XOR key[j]. */
function referenceMask(source: Uint8Array, key: Uint8Array, maskOffset: number): Uint8Array {
  return source.map((byte, i) => byte ^ key[(maskOffset + i) & 3]!);
}

/** A view of `length` random bytes starting `offset` bytes into a fresh (8-aligned) ArrayBuffer. */
function bytesAt(offset: number, length: number, random: () => number, padding = 8): Uint8Array {
  const buffer = new ArrayBuffer(offset + length + padding);
  const all = new Uint8Array(buffer);
  for (let i = 0; i < all.length; i++) all[i] = Math.floor(random() * 256);
  return new Uint8Array(buffer, offset, length);
}

const key = hex('37fa213d');

describe('applyMask', () => {
  it('masks "Hello" with the RFC 6455 §5.7 key', () => {
    const out = new Uint8Array(5);
    applyMask(Buffer.from('Hello'), 0, out, 0, 5, key);
    expect(Buffer.from(out).toString('hex')).toBe('7f9f4d5158');
  });

  it('unmasks in place, which undoes masking', () => {
    const data = hex('7f9f4d5158');
    applyMask(data, 0, data, 0, data.length, key);
    expect(data.toString()).toBe('Hello');
  });

  it('leaves bytes outside the range untouched and does nothing for length 0', () => {
    const source = hex('0102030405060708');
    const target = Buffer.alloc(8, 0xee);
    applyMask(source, 2, target, 3, 3, key);
    expect(target.toString('hex')).toBe(`eeeeee${(0x03 ^ 0x37).toString(16)}${(0x04 ^ 0xfa).toString(16)}${(0x05 ^ 0x21).toString(16)}eeee`);
    applyMask(source, 0, target, 0, 0, key);
    expect(target[0]).toBe(0xee);
  });

  it('matches the byte-wise reference out of place for lengths 0-300, every alignment and mask offset', () => {
    const random = prng(1);
    const mask = Uint8Array.from([0x9d, 0x01, 0xff, 0x5a]);
    let mismatches = 0;
    for (let length = 0; length <= 300; length++) {
      for (let sourceOffset = 0; sourceOffset < 8; sourceOffset++) {
        const source = bytesAt(sourceOffset, length, random);
        const sourceCopy = source.slice();
        for (let targetOffset = 0; targetOffset < 8; targetOffset++) {
          for (let maskOffset = 0; maskOffset < 4; maskOffset++) {
            const expected = referenceMask(source, mask, maskOffset);
            const target = bytesAt(targetOffset, length, random);
            // Pass the offsets as arguments too: the function must honour both kinds of offset.
            const targetParent = new Uint8Array(target.buffer, 0, target.byteLength + targetOffset);
            applyMask(source, 0, targetParent, targetOffset, length, mask, maskOffset);
            if (Buffer.compare(Buffer.from(target), Buffer.from(expected)) !== 0) mismatches++;
            const target2 = new Uint8Array(length + 8);
            applyMask(new Uint8Array(source.buffer), sourceOffset, target2, targetOffset, length, mask, maskOffset);
            if (Buffer.compare(Buffer.from(target2.subarray(targetOffset, targetOffset + length)), Buffer.from(expected)) !== 0) {
              mismatches++;
            }
          }
        }
        expect(Buffer.from(source).equals(Buffer.from(sourceCopy)), 'source modified out of place').toBe(true);
      }
    }
    expect(mismatches).toBe(0);
  });

  it('matches the byte-wise reference in place for lengths 0-300, every alignment and mask offset', () => {
    const random = prng(2);
    let mismatches = 0;
    for (let length = 0; length <= 300; length++) {
      for (let offset = 0; offset < 8; offset++) {
        for (let maskOffset = 0; maskOffset < 4; maskOffset++) {
          const mask = bytesAt(0, 4, random);
          const data = bytesAt(offset, length, random);
          const expected = referenceMask(data, mask, maskOffset);
          applyMask(data, 0, data, 0, length, mask, maskOffset);
          if (Buffer.compare(Buffer.from(data), Buffer.from(expected)) !== 0) mismatches++;
        }
      }
    }
    expect(mismatches).toBe(0);
  });

  it('does not write past the end of the target range', () => {
    const random = prng(3);
    for (let length = 0; length <= 80; length++) {
      for (let offset = 0; offset < 8; offset++) {
        const target = new Uint8Array(offset + length + 8).fill(0xaa);
        applyMask(bytesAt(offset, length, random), 0, target, offset, length, key, offset & 3);
        expect(target.subarray(0, offset).every((b) => b === 0xaa)).toBe(true);
        expect(target.subarray(offset + length).every((b) => b === 0xaa)).toBe(true);
      }
    }
  });

  it('matches the byte-wise reference for random large lengths and offsets', () => {
    const random = prng(4);
    for (let run = 0; run < 24; run++) {
      const length = 301 + Math.floor(random() * 200_000);
      const sourceOffset = Math.floor(random() * 8);
      const targetOffset = Math.floor(random() * 8);
      const maskOffset = Math.floor(random() * 4);
      const mask = bytesAt(0, 4, random);
      const source = bytesAt(sourceOffset, length, random);
      const expected = referenceMask(source, mask, maskOffset);
      const target = bytesAt(targetOffset, length, random);
      applyMask(source, 0, target, 0, length, mask, maskOffset);
      expect(Buffer.from(target).equals(Buffer.from(expected)), `length ${length}`).toBe(true);
      applyMask(source, 0, source, 0, length, mask, maskOffset);
      expect(Buffer.from(source).equals(Buffer.from(expected)), `in place, length ${length}`).toBe(true);
    }
  });

  it('unmasks a payload received in pieces when each piece passes its mask offset', () => {
    const random = prng(5);
    const mask = bytesAt(0, 4, random);
    const plain = bytesAt(0, 1000, random).slice();
    const masked = referenceMask(plain, mask, 0);
    const out = Buffer.alloc(1000);
    for (let at = 0; at < 1000; ) {
      const take = Math.min(1000 - at, 1 + Math.floor(random() * 90));
      applyMask(masked, at, out, at, take, mask, at & 3);
      at += take;
    }
    expect(out.equals(Buffer.from(plain))).toBe(true);
  });
});

describe('allocAlignedTo', () => {
  it('returns a buffer whose byte `at` shares the alignment of the source byte', () => {
    const random = prng(6);
    for (let sourceOffset = 0; sourceOffset < 8; sourceOffset++) {
      for (const at of [0, 2, 6, 10, 14]) {
        const source = bytesAt(sourceOffset, 200, random);
        const out = allocAlignedTo(at + 200, at, source, 0);
        expect(out.length).toBe(at + 200);
        expect((out.byteOffset + at) & 3).toBe(source.byteOffset & 3);
        const parent = new Uint8Array(source.buffer);
        expect((allocAlignedTo(50, at, parent, sourceOffset).byteOffset + at) & 3).toBe(sourceOffset & 3);
      }
    }
  });
});

describe('MaskPool', () => {
  it('returns four-byte keys', () => {
    const pool = new MaskPool();
    for (let i = 0; i < 3000; i++) {
      const k = pool.next();
      expect(k).toBeInstanceOf(Uint8Array);
      expect(k.length).toBe(4);
    }
  });

  it('hands out consecutive slices of the pool and refills it when used up', () => {
    const pool = new MaskPool(8);
    const a = pool.next();
    const b = pool.next();
    expect(a.buffer).toBe(b.buffer);
    expect(b.byteOffset - a.byteOffset).toBe(4);
    const before = Buffer.from(new Uint8Array(a.buffer, a.byteOffset, 8));
    const c = pool.next(); // refill
    expect(c.buffer).toBe(a.buffer);
    expect(c.byteOffset).toBe(a.byteOffset);
    // 8 fresh random bytes equal the old ones with probability 2^-64.
    expect(Buffer.from(new Uint8Array(a.buffer, a.byteOffset, 8)).equals(before)).toBe(false);
  });

  it('rounds the pool size down to whole keys', () => {
    const pool = new MaskPool(10);
    const first = pool.next();
    pool.next();
    expect(pool.next().byteOffset).toBe(first.byteOffset);
  });

  it('gives keys that are not all the same', () => {
    const pool = new MaskPool(64);
    const keys = new Set<string>();
    for (let i = 0; i < 64; i++) keys.add(Buffer.from(pool.next()).toString('hex'));
    expect(keys.size).toBeGreaterThan(56);
  });
});
