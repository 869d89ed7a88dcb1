import { describe, expect, it } from 'vitest';
import { EndOfFrameScanner, ErrorCode, SgcError, type EndOfFrameScannerOptions } from '../src/node.js';
import { byteByByte, prng, randomSplit } from './_utils.js';

/** Runs a fresh scanner over the pieces and returns the messages as latin1 strings (readable with \0 and \n). */
function scan(pieces: readonly (string | Uint8Array)[], options: EndOfFrameScannerOptions): string[] {
  const messages: string[] = [];
  const scanner = new EndOfFrameScanner({ onMessage: (data) => messages.push(data.toString('latin1')) }, options);
  for (const piece of pieces) scanner.push(typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece);
  return messages;
}

const stomp: EndOfFrameScannerOptions = { mode: 'all', delimiter: [0, 10] };

describe('EndOfFrameScanner', () => {
  it("delivers every chunk as it comes in mode 'none', delimiter or not", () => {
    expect(scan(['ab', 'c\0\n', 'd'], { mode: 'none', delimiter: [0, 10] })).toEqual(['ab', 'c\0\n', 'd']);
  });

  it("treats 'latest' and 'all' without a delimiter like 'none'", () => {
    expect(scan(['ab', 'cd'], { mode: 'latest' })).toEqual(['ab', 'cd']);
    expect(scan(['ab', 'cd'], { mode: 'all' })).toEqual(['ab', 'cd']);
  });

  it("in mode 'latest' buffers until the data ends with the delimiter and keeps it in the message", () => {
    expect(scan(['SEND', '\nbody', '\0\n'], { mode: 'latest', delimiter: [0, 10] })).toEqual(['SEND\nbody\0\n']);
  });

  it("in mode 'latest' delivers back-to-back messages in one packet as one message, as the manual describes", () => {
    expect(scan(['a\0\nb\0\n'], { mode: 'latest', delimiter: [0, 10] })).toEqual(['a\0\nb\0\n']);
  });

  it("in mode 'latest' ignores a delimiter in the middle and keeps waiting", () => {
    expect(scan(['a\0\nb'], { mode: 'latest', delimiter: [0, 10] })).toEqual([]);
  });

  it("in mode 'latest' finds a delimiter split across chunks", () => {
    expect(scan(['abc\0', '\n'], { mode: 'latest', delimiter: [0, 10] })).toEqual(['abc\0\n']);
    expect(scan(['\0', '\n'], { mode: 'latest', delimiter: [0, 10] })).toEqual(['\0\n']);
  });

  it("in mode 'all' splits on every delimiter (the manual's STOMP example) and keeps the rest", () => {
    const messages: string[] = [];
    const scanner = new EndOfFrameScanner({ onMessage: (data) => messages.push(data.toString('latin1')) }, stomp);
    scanner.push(Buffer.from('A\0\nB\0\nC', 'latin1'));
    expect(messages).toEqual(['A\0\n', 'B\0\n']);
    expect(scanner.bufferedBytes).toBe(1);
    scanner.push(Buffer.from('D\0\n', 'latin1'));
    expect(messages).toEqual(['A\0\n', 'B\0\n', 'CD\0\n']);
    expect(scanner.bufferedBytes).toBe(0);
  });

  it("in mode 'all' finds a delimiter split across chunks, even byte by byte", () => {
    const input = Buffer.from('CONNECT\nlogin:x\n\n\0\nSEND\n\nhello\0\n\0\n', 'latin1');
    const expected = ['CONNECT\nlogin:x\n\n\0\n', 'SEND\n\nhello\0\n', '\0\n'];
    expect(scan([input], stomp)).toEqual(expected);
    expect(scan(byteByByte(input), stomp)).toEqual(expected);
    const random = prng(1914);
    for (let run = 0; run < 50; run++) expect(scan(randomSplit(input, random), stomp)).toEqual(expected);
  });

  it("in mode 'all' handles a long delimiter whose first bytes repeat", () => {
    const options: EndOfFrameScannerOptions = { mode: 'all', delimiter: [...Buffer.from('--end')] };
    const input = Buffer.from('a---end-b--end--', 'latin1');
    const expected = ['a---end', '-b--end'];
    expect(scan([input], options)).toEqual(expected);
    expect(scan(byteByByte(input), options)).toEqual(expected);
    const random = prng(7);
    for (let run = 0; run < 50; run++) expect(scan(randomSplit(input, random), options)).toEqual(expected);
  });

  it('does not copy a message that lies inside one chunk', () => {
    const chunk = Buffer.from('one\ntwo\n');
    const seen: Buffer[] = [];
    const scanner = new EndOfFrameScanner({ onMessage: (data) => seen.push(data) }, { mode: 'all', delimiter: [10] });
    scanner.push(chunk);
    expect(seen.map(String)).toEqual(['one\n', 'two\n']);
    expect(seen[0]!.buffer).toBe(chunk.buffer);
  });

  it('adds delimiter bytes one at a time, as AddTCPEndOfFrame does, and can change mode between pushes', () => {
    const messages: string[] = [];
    const scanner = new EndOfFrameScanner({ onMessage: (data) => messages.push(data.toString('latin1')) });
    expect(scanner.mode).toBe('none');
    scanner.mode = 'all';
    scanner.addDelimiterByte(0);
    scanner.addDelimiterByte(10);
    expect(Array.from(scanner.delimiter)).toEqual([0, 10]);
    scanner.push(Buffer.from('x\0', 'latin1'));
    scanner.addDelimiterByte(13); // the tail is rebuilt for the longer delimiter
    scanner.push(Buffer.from('\n\r', 'latin1'));
    expect(messages).toEqual(['x\0\n\r']);
  });

  it('fails with SGC_ERR_PAYLOAD_TOO_LARGE once more than maxBuffer bytes wait, and drops them', () => {
    const messages: string[] = [];
    const scanner = new EndOfFrameScanner(
      { onMessage: (data) => messages.push(data.toString()) },
      { mode: 'all', delimiter: [10], maxBuffer: 8 },
    );
    scanner.push(Buffer.from('12345678'));
    expect(scanner.bufferedBytes).toBe(8);
    let caught: unknown;
    try {
      scanner.push(Buffer.from('9'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SgcError);
    expect((caught as SgcError).code).toBe(ErrorCode.PayloadTooLarge);
    expect(scanner.bufferedBytes).toBe(0);
    // Messages that end within the chunk are not held, so they do not count against the limit.
    scanner.push(Buffer.from('a much longer message\n'));
    expect(messages).toEqual(['a much longer message\n']);
  });

  it("applies maxBuffer in mode 'latest' too", () => {
    const scanner = new EndOfFrameScanner({ onMessage: () => {} }, { mode: 'latest', delimiter: [10], maxBuffer: 4 });
    expect(() => scanner.push(Buffer.from('12345'))).toThrow(/maxBuffer is 4/);
  });

  it('hands back the incomplete rest on flush', () => {
    const scanner = new EndOfFrameScanner({ onMessage: () => {} }, stomp);
    scanner.push(Buffer.from('par'));
    scanner.push(Buffer.from('tial'));
    expect(scanner.flush()?.toString()).toBe('partial');
    expect(scanner.flush()).toBeUndefined();
  });

  it('rejects an unknown mode, a delimiter byte outside 0-255 and a bad maxBuffer', () => {
    const handler = { onMessage: () => {} };
    expect(() => new EndOfFrameScanner(handler, { mode: 'every' as 'all' })).toThrow(/none, latest or all/);
    expect(() => new EndOfFrameScanner(handler, { delimiter: [256] })).toThrow(/0 to 255/);
    expect(() => new EndOfFrameScanner(handler, { maxBuffer: 0 })).toThrow(/positive/);
    expect(() => new EndOfFrameScanner(handler).addDelimiterByte(-1)).toThrow(/0 to 255/);
  });
});
