import { describe, expect, it } from 'vitest';
import { isControlOpcode, Opcode } from '../src/index.js';

describe('Opcode', () => {
  it('has the RFC 6455 §5.2 values', () => {
    expect(Opcode).toEqual({ Continuation: 0, Text: 1, Binary: 2, Close: 8, Ping: 9, Pong: 10 });
  });

  it('treats 8-15 as control opcodes and 0-7 as data opcodes', () => {
    for (let opcode = 0; opcode < 16; opcode++) expect(isControlOpcode(opcode), String(opcode)).toBe(opcode >= 8);
  });
});
