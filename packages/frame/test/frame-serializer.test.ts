import { describe, expect, it } from 'vitest';
import {
  closePayload,
  encodeFrame,
  encodeTextFrame,
  ErrorCode,
  frameHeaderLength,
  Opcode,
  SgcError,
  writeFrameHeader,
} from '../src/node.js';
import { frame, hex, parse } from './_utils.js';

const KEY = hex('37fa213d');

describe('encodeFrame', () => {
  it('encodes the RFC 6455 §5.7 examples', () => {
    expect(encodeFrame(Opcode.Text, Buffer.from('Hello')).toString('hex')).toBe('810548656c6c6f');
    expect(encodeFrame(Opcode.Text, Buffer.from('Hello'), { mask: KEY }).toString('hex')).toBe('818537fa213d7f9f4d5158');
    expect(encodeFrame(Opcode.Text, Buffer.from('Hel'), { fin: false }).toString('hex')).toBe('010348656c');
    expect(encodeFrame(Opcode.Continuation, Buffer.from('lo')).toString('hex')).toBe('80026c6f');
    expect(encodeFrame(Opcode.Ping, Buffer.from('Hello')).toString('hex')).toBe('890548656c6c6f');
    expect(encodeFrame(Opcode.Pong, Buffer.from('Hello'), { mask: KEY }).toString('hex')).toBe('8a8537fa213d7f9f4d5158');
  });

  it.each([
    [0, '8200', '828037fa213d'],
    [125, '827d', '82fd37fa213d'],
    [126, '827e007e', '82fe007e37fa213d'],
    [65535, '827effff', '82feffff37fa213d'],
    [65536, '827f0000000000010000', '82ff000000000001000037fa213d'],
  ])('writes the header of a %i-byte payload', (length, unmasked, masked) => {
    const payload = Buffer.from(Array.from({ length }, (_, i) => (i * 13) & 0xff));
    const plain = encodeFrame(Opcode.Binary, payload);
    expect(plain.subarray(0, unmasked.length / 2).toString('hex')).toBe(unmasked);
    expect(plain.length).toBe(unmasked.length / 2 + length);
    expect(plain.equals(frame(2, payload))).toBe(true);
    const withMask = encodeFrame(Opcode.Binary, payload, { mask: KEY });
    expect(withMask.subarray(0, masked.length / 2).toString('hex')).toBe(masked);
    expect(withMask.equals(frame(2, payload, { mask: KEY }))).toBe(true);
    expect(frameHeaderLength(length, false)).toBe(unmasked.length / 2);
    expect(frameHeaderLength(length, true)).toBe(masked.length / 2);
  });

  it.each([0, 125, 126, 65535, 65536])('round-trips a %i-byte payload through the parser, masked and unmasked', (length) => {
    const payload = Buffer.from(Array.from({ length }, (_, i) => (i * 29 + 7) & 0xff));
    const expected = [['binary', payload.toString('hex')]];
    const runs = { randomRuns: 2 };
    expect(parse(encodeFrame(Opcode.Binary, payload), { role: 'client' }, runs)).toEqual(expected);
    expect(parse(encodeFrame(Opcode.Binary, payload, { mask: hex('a0b1c2d3') }), { role: 'server' }, runs)).toEqual(expected);
  });

  it('masks payloads at every byte offset like the reference encoder', () => {
    const backing = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 53) & 0xff));
    for (let offset = 0; offset < 8; offset++) {
      for (const length of [0, 63, 64, 127, 128, 200, 300]) {
        const payload = backing.subarray(offset, offset + length);
        expect(encodeFrame(Opcode.Binary, payload, { mask: KEY }).equals(frame(2, payload, { mask: KEY })), `${offset}/${length}`).toBe(true);
      }
    }
  });

  it('does not modify the payload it masks', () => {
    const payload = Buffer.from('Hello, world! '.repeat(10));
    const copy = Buffer.from(payload);
    encodeFrame(Opcode.Text, payload, { mask: KEY });
    expect(payload.equals(copy)).toBe(true);
  });

  it('sets RSV1 and clears FIN when asked', () => {
    expect(encodeFrame(Opcode.Text, Buffer.alloc(0), { rsv1: true }).toString('hex')).toBe('c100');
    expect(encodeFrame(Opcode.Binary, Buffer.alloc(0), { rsv1: true, fin: false }).toString('hex')).toBe('4200');
  });

  it('round-trips a fragmented message with interleaved control frames', () => {
    const wire = Buffer.concat([
      encodeFrame(Opcode.Text, Buffer.from('frag'), { fin: false, mask: KEY }),
      encodeFrame(Opcode.Ping, Buffer.from('p'), { mask: hex('00000000') }),
      encodeFrame(Opcode.Continuation, Buffer.from('mented'), { mask: hex('ffffffff') }),
      encodeFrame(Opcode.Close, closePayload(1000, 'done'), { mask: KEY }),
    ]);
    expect(parse(wire, { role: 'server' })).toEqual([
      ['ping', '70'],
      ['text', 'fragmented'],
      ['close', 1000, 'done'],
    ]);
  });
});

describe('encodeTextFrame', () => {
  it('encodes a string as the same frame encodeFrame makes from its UTF-8 bytes', () => {
    for (const text of ['', 'Hello', 'κόσμε', '😀'.repeat(40), 'x'.repeat(70000)]) {
      for (const mask of [undefined, KEY]) {
        const options = { mask };
        expect(encodeTextFrame(Opcode.Text, text, options).equals(encodeFrame(Opcode.Text, Buffer.from(text), options))).toBe(true);
      }
    }
  });

  it('round-trips multi-byte text through the parser', () => {
    const text = 'aé€😀'.repeat(20);
    expect(parse(encodeTextFrame(Opcode.Text, text, { mask: KEY }), { role: 'server' })).toEqual([['text', text]]);
  });

  it('encodes continuation frames', () => {
    expect(encodeTextFrame(Opcode.Continuation, 'lo', {}).toString('hex')).toBe('80026c6f');
  });
});

describe('writeFrameHeader', () => {
  it('writes at an offset and returns the header length', () => {
    const target = Buffer.alloc(20, 0xee);
    expect(writeFrameHeader(target, 3, Opcode.Binary, 300, { mask: KEY })).toBe(8);
    expect(target.toString('hex')).toBe('eeeeee82fe012c37fa213deeeeeeeeeeeeeeeeee');
    expect(writeFrameHeader(target, 0, Opcode.Text, 5, {})).toBe(2);
    expect(target.subarray(0, 2).toString('hex')).toBe('8105');
  });

  it('writes a 64-bit length above 2^32', () => {
    const target = Buffer.alloc(10);
    writeFrameHeader(target, 0, Opcode.Binary, 2 ** 40 + 0x01020304, {});
    expect(target.toString('hex')).toBe('827f0000010001020304');
  });
});

describe('closePayload', () => {
  it('encodes the code and reason', () => {
    expect(closePayload(1000).toString('hex')).toBe('03e8');
    expect(closePayload(1001, 'bye').toString('hex')).toBe('03e9627965');
    expect(closePayload(4999, 'é').toString('hex')).toBe('1387c3a9');
    expect(closePayload()).toHaveLength(0);
  });

  it('round-trips through the parser', () => {
    expect(parse(encodeFrame(Opcode.Close, closePayload(3000, 'κόσμε')))).toEqual([['close', 3000, 'κόσμε']]);
    expect(parse(encodeFrame(Opcode.Close, closePayload()))).toEqual([['close', 1005, '']]);
  });

  it('accepts a reason of exactly 123 bytes', () => {
    expect(closePayload(1000, 'é'.repeat(61) + 'x')).toHaveLength(125);
  });

  it.each([
    ['a reason without a code', () => closePayload(undefined, 'why')],
    ['code 1005', () => closePayload(1005)],
    ['code 1006', () => closePayload(1006)],
    ['code 1015', () => closePayload(1015)],
    ['code 999', () => closePayload(999)],
    ['code 5000', () => closePayload(5000)],
    ['a 124-byte reason', () => closePayload(1000, 'x'.repeat(124))],
    ['a reason of 62 two-byte characters', () => closePayload(1000, 'é'.repeat(62))],
  ])('throws SGC_ERR_INVALID_ARGUMENT for %s', (_name, fn) => {
    let thrown: unknown;
    try {
      fn();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SgcError);
    expect((thrown as SgcError).code).toBe(ErrorCode.InvalidArgument);
  });
});
