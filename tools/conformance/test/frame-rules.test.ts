import { describe, expect, it } from 'vitest';
import type { ReceivedFrame } from '../src/frame-reader.js';
import { checkClose, checkFrame } from '../src/frame-rules.js';

const frame = (over: Partial<ReceivedFrame>): ReceivedFrame => ({ fin: true, rsv: 0, opcode: 1, masked: true, payload: Buffer.alloc(0), ...over });
const asServer = { isServer: true, deflate: false, inMessage: false };

describe('what a testee may send', () => {
  it('requires masking from clients and forbids it from servers', () => {
    expect(checkFrame(frame({ masked: false }), asServer)?.reason).toMatch(/unmasked/);
    expect(checkFrame(frame({ masked: true }), { ...asServer, isServer: false })?.reason).toMatch(/masked frame from server/);
  });

  it('allows RSV1 only on the first frame of a compressed data message', () => {
    expect(checkFrame(frame({ rsv: 4 }), asServer)).toBeDefined();
    expect(checkFrame(frame({ rsv: 4 }), { ...asServer, deflate: true })).toBeUndefined();
    expect(checkFrame(frame({ rsv: 4, opcode: 0 }), { ...asServer, deflate: true, inMessage: true })).toBeDefined();
    expect(checkFrame(frame({ rsv: 4, opcode: 9 }), { ...asServer, deflate: true })).toBeDefined();
  });

  it('rejects reserved opcodes, long or fragmented control frames and stray continuations', () => {
    expect(checkFrame(frame({ opcode: 11 }), asServer)?.reason).toBe('reserved opcode 11');
    expect(checkFrame(frame({ opcode: 9, payload: Buffer.alloc(126) }), asServer)).toBeDefined();
    expect(checkFrame(frame({ opcode: 10, fin: false }), asServer)).toBeDefined();
    expect(checkFrame(frame({ opcode: 0 }), asServer)).toBeDefined();
    expect(checkFrame(frame({ opcode: 1 }), { ...asServer, inMessage: true })).toBeDefined();
  });

  it('checks close payloads: length, code and reason', () => {
    expect(checkClose(Buffer.alloc(0))).toEqual({ ok: true, code: null, reason: null });
    expect(checkClose(Buffer.from('03e8', 'hex'))).toEqual({ ok: true, code: 1000, reason: null });
    expect(checkClose(Buffer.from('61', 'hex')).ok).toBe(false);
    expect(checkClose(Buffer.from('03ed', 'hex')).ok).toBe(false); // 1005 must never be sent
    const badReason = checkClose(Buffer.from('03e8eda080', 'hex'));
    expect(badReason.ok ? 0 : badReason.violation.code).toBe(1007);
  });
});
