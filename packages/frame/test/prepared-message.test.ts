import { describe, expect, it } from 'vitest';
import { Opcode, PreparedMessage, encodeFrame, encodeTextFrame } from '../src/node.js';
import { runPieces } from './_utils.js';

describe('PreparedMessage', () => {
  it('encodes one unmasked frame, once, that a client parser reads back', () => {
    const text = new PreparedMessage('héllo');
    expect(text.byteLength).toBe(6);
    expect(text.frame.equals(encodeTextFrame(Opcode.Text, 'héllo'))).toBe(true);
    expect(text.frame).toBe(text.frame);

    const bytes = Uint8Array.from({ length: 70_000 }, (_, index) => index % 251);
    const binary = new PreparedMessage(bytes);
    expect(binary.byteLength).toBe(70_000);
    expect(binary.frame.equals(encodeFrame(Opcode.Binary, bytes))).toBe(true);

    const received = runPieces([text.frame, binary.frame], { role: 'client' });
    expect(received.events).toEqual([
      ['text', 'héllo'],
      ['binary', Buffer.from(bytes).toString('hex')],
    ]);
  });
});
