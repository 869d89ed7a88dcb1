import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@sgc/frame';
import type { BackplaneEnvelope } from '../src/backplane/index.js';
import { decodeEnvelope, encodeEnvelope } from '../src/backplane/envelope-codec.js';

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

describe('backplane envelope wire form', () => {
  it.each<[string, BackplaneEnvelope]>([
    ['non-ASCII text with line feeds', { kind: 'broadcast', origin: 'n\n1', data: 'h\u00e9llo \u2713 \u{1f600}\nline two\u2028' }],
    ['every byte value', { kind: 'broadcast', origin: 'n1', data: allBytes, channel: 'c\u00e4', protocol: 'p', include: ['a\nb'], exclude: [] }],
    ['a wildcard channel', { kind: 'broadcast', origin: 'n1', data: 'x', channel: 'news*', wildcards: 'mask' }],
    ['empty text', { kind: 'direct', origin: 'n1', connectionId: 'c1', data: '' }],
    ['empty bytes', { kind: 'direct', origin: 'n1', connectionId: 'c1', data: new Uint8Array(0) }],
  ])('round-trips %s', (_name, envelope) => {
    const decoded = decodeEnvelope(encodeEnvelope(envelope));
    if (typeof envelope.data === 'string') {
      expect(decoded).toEqual(envelope);
    } else {
      expect(decoded.data).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(decoded.data as Uint8Array).equals(Buffer.from(envelope.data))).toBe(true);
      expect({ ...decoded, data: undefined }).toEqual({ ...envelope, data: undefined });
    }
  });

  it('keeps the header readable and the payload raw', () => {
    const wire = encodeEnvelope({ kind: 'direct', origin: 'n1', connectionId: 'c1', data: 'hi' });
    expect(wire.toString()).toBe('{"v":1,"kind":"direct","origin":"n1","text":true,"connectionId":"c1"}\nhi');
    const binary = encodeEnvelope({ kind: 'broadcast', origin: 'n1', data: new Uint8Array([10, 0]) });
    expect(binary.subarray(binary.length - 2)).toEqual(Buffer.from([10, 0]));
  });

  it.each([
    ['no header line', 'garbage'],
    ['not JSON', '{oops\n'],
    ['another version', '{"v":2,"kind":"broadcast","origin":"n","text":true}\nx'],
    ['no origin', '{"v":1,"kind":"broadcast","text":true}\nx'],
    ['an unknown kind', '{"v":1,"kind":"shout","origin":"n","text":true}\nx'],
    ['a direct message without connection id', '{"v":1,"kind":"direct","origin":"n","text":true}\nx'],
    ['a bad filter', '{"v":1,"kind":"broadcast","origin":"n","text":true,"include":"c1"}\nx'],
    ['an unknown wildcard syntax', '{"v":1,"kind":"broadcast","origin":"n","text":true,"channel":"a*","wildcards":"regex"}\nx'],
  ])('refuses %s', (_name, wire) => {
    expect(() => decodeEnvelope(Buffer.from(wire))).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });
});
