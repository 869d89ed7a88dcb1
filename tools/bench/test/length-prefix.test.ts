import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LengthPrefixDecoder, MAX_MESSAGE_BYTES, writeMessage } from '../src/impl/length-prefix.js';

/** Collects what writeMessage writes, as one buffer. */
function encode(...payloads: Buffer[]): Buffer {
  const written: Buffer[] = [];
  const socket = { cork() {}, uncork() {}, write: (chunk: Buffer) => written.push(Buffer.from(chunk)) } as unknown as Socket;
  for (const payload of payloads) writeMessage(socket, payload);
  return Buffer.concat(written);
}

function decodeAll(chunks: Buffer[]): Buffer[] {
  const messages: Buffer[] = [];
  const decoder = new LengthPrefixDecoder((message) => messages.push(Buffer.from(message)));
  for (const chunk of chunks) decoder.push(chunk);
  return messages;
}

describe('length-prefix framing', () => {
  it('round-trips small and large messages, including an empty one', () => {
    const payloads = [Buffer.from('hi'), Buffer.alloc(0), Buffer.alloc(70_000, 7)];
    expect(decodeAll([encode(...payloads)])).toEqual(payloads);
  });

  it('reassembles messages split at every byte boundary', () => {
    const payloads = [Buffer.from('first message'), Buffer.from('second')];
    const wire = encode(...payloads);
    for (let cut = 1; cut < wire.length; cut++) {
      expect(decodeAll([wire.subarray(0, cut), wire.subarray(cut)])).toEqual(payloads);
    }
  });

  it('reassembles a message delivered one byte at a time', () => {
    const wire = encode(Buffer.from('byte by byte'));
    expect(decodeAll([...wire].map((b) => Buffer.from([b])))).toEqual([Buffer.from('byte by byte')]);
  });

  it('refuses a header that announces more than the limit', () => {
    const header = Buffer.alloc(4);
    header.writeUInt32BE(MAX_MESSAGE_BYTES + 1, 0);
    expect(() => decodeAll([header])).toThrow(RangeError);
  });
});
