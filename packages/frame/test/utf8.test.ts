import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidUtf8, Utf8Validator } from '../src/node.js';
import { firstInvalidIndex, hex, splitAt } from './_utils.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The oracle: WHATWG's fatal UTF-8 decoder. */
function oracle(bytes: Uint8Array): boolean {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Feeds `pieces` to a fresh validator; returns the index of the first write that returned false, or -1. */
function feed(pieces: readonly Uint8Array[]): { failedAt: number; ended: boolean } {
  const validator = new Utf8Validator();
  for (let i = 0; i < pieces.length; i++) {
    if (!validator.write(pieces[i]!)) return { failedAt: i, ended: false };
  }
  return { failedAt: -1, ended: validator.end() };
}

const valid: [string, string][] = [
  ['empty', ''],
  ['ASCII', '48656c6c6f'],
  ['U+0000', '00'],
  ['U+007F', '7f'],
  ['U+0080 (2 bytes)', 'c280'],
  ['U+07FF', 'dfbf'],
  ['U+0800 (3 bytes, E0 A0)', 'e0a080'],
  ['U+D7FF (last before the surrogates)', 'ed9fbf'],
  ['U+E000 (first after the surrogates)', 'ee8080'],
  ['U+FFFD', 'efbfbd'],
  ['U+FFFF', 'efbfbf'],
  ['U+10000 (4 bytes, F0 90)', 'f0908080'],
  ['U+10FFFF (F4 8F)', 'f48fbfbf'],
  ['κόσμε', 'cebae1bdb9cf83cebcceb5'],
  ['an emoji', 'f09f9880'],
];

const invalid: [string, string][] = [
  ['overlong C0 80 (U+0000)', 'c080'],
  ['overlong C1 BF', 'c1bf'],
  ['overlong E0 80 80', 'e08080'],
  ['overlong E0 9F BF', 'e09fbf'],
  ['overlong F0 80 80 80', 'f0808080'],
  ['overlong F0 8F BF BF', 'f08fbfbf'],
  ['surrogate ED A0 80 (U+D800)', 'eda080'],
  ['surrogate ED BF BF (U+DFFF)', 'edbfbf'],
  ['above U+10FFFF: F4 90 80 80', 'f4908080'],
  ['lead F5', 'f5808080'],
  ['lead F8', 'f888808080'],
  ['lead FE', 'fe'],
  ['lead FF', 'ff'],
  ['stray continuation 80', '80'],
  ['stray continuation BF after ASCII', '41bf'],
  ['continuation after a complete sequence', 'c2a080'],
  ['lead followed by ASCII', 'c241'],
  ['3-byte lead followed by ASCII', 'e28241'],
  ['truncated 2-byte sequence at the end', '41c2'],
  ['truncated 3-byte sequence at the end', 'e282'],
  ['truncated 4-byte sequence at the end', 'f09f98'],
  ['κόσμε followed by a surrogate and ASCII', 'cebae1bdb9cf83cebcceb5eda080656469746564'],
];

describe('Utf8Validator', () => {
  it.each(valid)('accepts %s', (_name, bytes) => {
    const data = hex(bytes);
    expect(oracle(data)).toBe(true);
    expect(feed([data])).toEqual({ failedAt: -1, ended: true });
    expect(isValidUtf8(data)).toBe(true);
  });

  it.each(invalid)('rejects %s', (_name, bytes) => {
    const data = hex(bytes);
    expect(oracle(data)).toBe(false);
    const whole = feed([data]);
    expect(whole.failedAt === 0 || !whole.ended).toBe(true);
    expect(isValidUtf8(data)).toBe(false);
  });

  it.each(invalid.filter(([name]) => !name.startsWith('truncated')))(
    'rejects %s at the first impossible byte when fed byte by byte',
    (_name, bytes) => {
      const data = hex(bytes);
      const result = feed(Array.from(data, (b) => Uint8Array.of(b)));
      expect(result.failedAt).toBe(firstInvalidIndex(data));
    },
  );

  it('accepts truncated sequences as prefixes and rejects them at end()', () => {
    for (const bytes of ['c2', 'e2', 'e282', 'f0', 'f09f', 'f09f98', '41f48f']) {
      const validator = new Utf8Validator();
      expect(validator.write(hex(bytes)), bytes).toBe(true);
      expect(validator.end(), bytes).toBe(false);
    }
  });

  it('accepts a code point split across every possible boundary', () => {
    const data = hex('41f09f9880e282acc3a942');
    for (let a = 0; a <= data.length; a++) {
      for (let b = a; b <= data.length; b++) {
        expect(feed(splitAt(data, [a, b])), `${a},${b}`).toEqual({ failedAt: -1, ended: true });
      }
    }
  });

  it('resets after end() so the next message starts clean', () => {
    const validator = new Utf8Validator();
    expect(validator.write(hex('e282'))).toBe(true);
    expect(validator.end()).toBe(false);
    expect(validator.write(hex('41'))).toBe(true); // would be invalid if E2 82 were still pending
    expect(validator.end()).toBe(true);
  });

  it('checks only the start..end range of a chunk', () => {
    const validator = new Utf8Validator();
    expect(validator.write(hex('ff41c3a9ff'), 1, 4)).toBe(true);
    expect(validator.end()).toBe(true);
    expect(new Utf8Validator().write(hex('41ff41'), 0, 2)).toBe(false);
  });

  it('accepts an empty write in the middle of a sequence', () => {
    const validator = new Utf8Validator();
    expect(validator.write(hex('e2'))).toBe(true);
    expect(validator.write(Buffer.alloc(0))).toBe(true);
    expect(validator.write(hex('82ac'))).toBe(true);
    expect(validator.end()).toBe(true);
  });
});

/** Byte sequences that exercise every class of the well-formedness table. */
const interestingByte = fc.constantFrom(
  0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef,
  0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf7, 0xf8, 0xfe, 0xff,
);
const codePointBytes = fc
  .integer({ min: 0, max: 0x10ffff })
  .filter((cp) => cp < 0xd800 || cp > 0xdfff)
  .map((cp) => Buffer.from(String.fromCodePoint(cp)));
const mostlyValid = fc
  .array(fc.oneof({ weight: 8, arbitrary: codePointBytes }, { weight: 1, arbitrary: interestingByte.map((b) => Buffer.from([b])) }), {
    maxLength: 60,
  })
  .map((parts) => Buffer.concat(parts));
const utf8Input = fc.oneof(
  mostlyValid,
  fc.array(interestingByte, { maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => Buffer.from(text)),
);
const withCuts = utf8Input.chain((bytes) =>
  fc.tuple(fc.constant(bytes), fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 })),
);

describe('Utf8Validator properties', () => {
  it('agrees with a fatal TextDecoder however the input is split', () => {
    fc.assert(
      fc.property(withCuts, ([bytes, cuts]) => {
        const result = feed(splitAt(bytes, cuts));
        const accepted = result.failedAt === -1 && result.ended;
        expect(accepted).toBe(oracle(bytes));
      }),
      { seed: 3629, numRuns: 3000 },
    );
  });

  it('fails fast: write() returns false exactly at the chunk holding the first impossible byte', () => {
    fc.assert(
      fc.property(withCuts, ([bytes, cuts]) => {
        const pieces = splitAt(bytes, cuts);
        const bad = firstInvalidIndex(bytes);
        const result = feed(pieces);
        if (bad === -1) {
          expect(result.failedAt).toBe(-1);
          expect(result.ended).toBe(oracle(bytes));
          return;
        }
        // The piece that holds byte `bad` (empty pieces hold nothing).
        let at = 0;
        let piece = 0;
        while (at + pieces[piece]!.length <= bad) at += pieces[piece++]!.length;
        expect(result.failedAt).toBe(piece);
      }),
      { seed: 3629, numRuns: 3000 },
    );
  });

  it('agrees with the reference on which prefixes are valid', () => {
    fc.assert(
      fc.property(utf8Input, (bytes) => {
        const bad = firstInvalidIndex(bytes);
        // If the whole input is a valid prefix, the oracle accepts it or it ends mid-sequence.
        if (bad === -1) {
          const validator = new Utf8Validator();
          expect(validator.write(bytes)).toBe(true);
          expect(validator.end()).toBe(oracle(bytes));
        } else {
          expect(oracle(bytes.subarray(0, bad + 1))).toBe(false);
          expect(new Utf8Validator().write(bytes)).toBe(false);
        }
      }),
      { seed: 3629, numRuns: 2000 },
    );
  });
});
