import { describe, expect, it } from 'vitest';
import { FrameParser, computeAccept, encodeFrame, Opcode, type FrameParserHandler } from '../src/node.js';

function collect(role: 'server' | 'client') {
  const events: unknown[] = [];
  const handler: FrameParserHandler = {
    onText: (t) => events.push(['text', t]),
    onBinary: (d) => events.push(['binary', d.toString('hex')]),
    onFragment: (d, i) => events.push(['fragment', d.toString(), i]),
    onPing: (d) => events.push(['ping', d.toString()]),
    onPong: (d) => events.push(['pong', d.toString()]),
    onClose: (c, r) => events.push(['close', c, r]),
    onError: (e) => events.push(['error', e.code, e.closeCode]),
  };
  const parser = new FrameParser(handler, { role, maxPayload: 1 << 20, maxFragments: 100, validateUtf8: true, fragmentMode: 'buffer' });
  return { parser, events };
}

describe('frame parser smoke', () => {
  it('parses the RFC 6455 §5.7 masked Hello', () => {
    const { parser, events } = collect('server');
    for (const byte of Buffer.from('818537fa213d7f9f4d5158', 'hex')) parser.push(Buffer.from([byte]));
    expect(events).toEqual([['text', 'Hello']]);
  });
  it('parses the fragmented unmasked Hello', () => {
    const { parser, events } = collect('client');
    parser.push(Buffer.from('010348656c80026c6f', 'hex'));
    expect(events).toEqual([['text', 'Hello']]);
  });
  it('computes the §1.3 accept', () => {
    expect(computeAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });
  it('round-trips a masked 70000-byte binary frame', () => {
    const { parser, events } = collect('server');
    const payload = Buffer.alloc(70000, 7);
    const frame = encodeFrame(Opcode.Binary, payload, { mask: Buffer.from([1, 2, 3, 4]) });
    parser.push(frame.subarray(0, 5));
    parser.push(frame.subarray(5, 40001));
    parser.push(frame.subarray(40001));
    expect(events).toEqual([['binary', payload.toString('hex')]]);
  });
});
