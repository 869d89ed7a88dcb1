import { describe, expect, it } from 'vitest';
import { ErrorCode, SgcError, sgcWSStreamRead, sgcWSStreamWrite } from '../src/index.js';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function expectInvalid(run: () => unknown, message: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SgcError);
  expect((caught as SgcError).code).toBe(ErrorCode.InvalidArgument);
  expect((caught as SgcError).message).toMatch(message);
}

describe('sgcWSStreamWrite', () => {
  it('writes the manual example as ten zero-padded length digits, the id, then the data', () => {
    const out = sgcWSStreamWrite('00001', new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    expect(hexOf(out)).toBe(hexOf(ascii('0000000005')) + hexOf(ascii('00001')) + 'deadbeef');
  });

  it('counts the id in UTF-8 bytes in the length field', () => {
    const out = sgcWSStreamWrite('né', new Uint8Array([1]));
    expect(new TextDecoder().decode(out.subarray(0, 10))).toBe('0000000003');
    expect(hexOf(out.subarray(10))).toBe('6ec3a901');
  });

  it('accepts ids of 1 and 10 characters and rejects 0 and 11', () => {
    expect(sgcWSStreamWrite('a', new Uint8Array()).length).toBe(11);
    expect(sgcWSStreamWrite('abcdefghij', new Uint8Array()).length).toBe(20);
    expectInvalid(() => sgcWSStreamWrite('', new Uint8Array()), /1 to 10 characters, got 0/);
    expectInvalid(() => sgcWSStreamWrite('abcdefghijk', new Uint8Array()), /1 to 10 characters, got 11/);
  });

  it('counts characters, not UTF-16 units, so ten emoji fit', () => {
    const id = '😀'.repeat(10);
    const { id: back } = sgcWSStreamRead(sgcWSStreamWrite(id, new Uint8Array([7])));
    expect(back).toBe(id);
  });

  it('allows longer ids (such as the load balancer GUIDs) when maxIdLength is raised', () => {
    const guid = 'A1B2C3D4E5F60718293A4B5C6D7E8F90';
    const out = sgcWSStreamWrite(guid, new Uint8Array([9]), { maxIdLength: 32 });
    expect(sgcWSStreamRead(out).id).toBe(guid);
  });

  it('rejects an id with a lone surrogate, which has no UTF-8 form', () => {
    expectInvalid(() => sgcWSStreamWrite('a\ud800', new Uint8Array()), /lone surrogate/);
  });
});

describe('sgcWSStreamRead', () => {
  it('reads a message laid out as the Delphi and JavaScript helpers do', () => {
    const message = new Uint8Array([...ascii('0000000003'), ...ascii('img'), 0x89, 0x50, 0x4e, 0x47]);
    const { id, data } = sgcWSStreamRead(message);
    expect(id).toBe('img');
    expect(hexOf(data)).toBe('89504e47');
  });

  it('round-trips what sgcWSStreamWrite wrote and returns a view, not a copy', () => {
    const payload = new Uint8Array(1000).map((_, i) => i & 0xff);
    const message = sgcWSStreamWrite('frame-42', payload);
    const { id, data } = sgcWSStreamRead(message);
    expect(id).toBe('frame-42');
    expect(data).toEqual(payload);
    expect(data.buffer).toBe(message.buffer);
  });

  it('gives an empty payload when the message is only the header', () => {
    const { id, data } = sgcWSStreamRead(sgcWSStreamWrite('only', new Uint8Array()));
    expect(id).toBe('only');
    expect(data.length).toBe(0);
  });

  it('reads a zero length field as an empty id, as the JavaScript reader does', () => {
    const { id, data } = sgcWSStreamRead(new Uint8Array([...ascii('0000000000'), 0x41]));
    expect(id).toBe('');
    expect(hexOf(data)).toBe('41');
  });

  it('rejects a message shorter than the length field', () => {
    expectInvalid(() => sgcWSStreamRead(ascii('000000000')), /at least 10 bytes, got 9/);
    expectInvalid(() => sgcWSStreamRead(new Uint8Array()), /at least 10 bytes, got 0/);
  });

  it('rejects a message shorter than the id its header announces', () => {
    expectInvalid(() => sgcWSStreamRead(ascii('0000000005abcd')), /5-byte id but only 4 bytes follow/);
  });

  it('rejects a length field that is not ten decimal digits', () => {
    expectInvalid(() => sgcWSStreamRead(ascii('00000000-1abc')), /ten decimal digits/);
    expectInvalid(() => sgcWSStreamRead(ascii(' 000000001a')), /ten decimal digits/);
    // A plain binary message that never had a header.
    expectInvalid(() => sgcWSStreamRead(new Uint8Array(16).fill(0xff)), /ten decimal digits/);
  });

  it('rejects an id that is not UTF-8', () => {
    expectInvalid(() => sgcWSStreamRead(new Uint8Array([...ascii('0000000001'), 0xff])), /not valid UTF-8/);
  });

  it('enforces maxIdLength when one is given', () => {
    const message = sgcWSStreamWrite('abcdef', new Uint8Array([1]));
    expect(sgcWSStreamRead(message, { maxIdLength: 6 }).id).toBe('abcdef');
    expectInvalid(() => sgcWSStreamRead(message, { maxIdLength: 5 }), /longer than 5 characters/);
  });
});
