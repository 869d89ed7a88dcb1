import { describe, expect, it } from 'vitest';
import { FrameCounter } from '../src/broadcast/frame-counter.js';

/** An unmasked server frame (RFC 6455 §5.2). */
function frame(payload: number, opcode = 0x2, fin = true): Buffer {
  const length = payload < 126 ? [payload] : payload < 65_536 ? [126, payload >> 8, payload & 0xff] : [127, 0, 0, 0, 0, 0, (payload >> 16) & 0xff, (payload >> 8) & 0xff, payload & 0xff];
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, ...length]), Buffer.alloc(payload, 7)]);
}

describe('FrameCounter', () => {
  it('counts messages of every length encoding, fed byte by byte', () => {
    const stream = Buffer.concat([frame(64), frame(0), frame(300), frame(70_000)]);
    const counter = new FrameCounter();
    for (const byte of stream) counter.push(Buffer.from([byte]));
    expect(counter.messages).toBe(4);
  });

  it('counts a message only once its payload is complete', () => {
    const counter = new FrameCounter();
    const stream = frame(64);
    counter.push(stream.subarray(0, 40));
    expect(counter.messages).toBe(0);
    counter.push(stream.subarray(40));
    expect(counter.messages).toBe(1);
  });

  it('counts a fragmented message once and skips control frames', () => {
    const counter = new FrameCounter();
    counter.push(Buffer.concat([frame(10, 0x1, false), frame(4, 0x9), frame(10, 0x0, false), frame(10, 0x0, true), frame(2, 0xa)]));
    expect(counter.messages).toBe(1);
  });
});
