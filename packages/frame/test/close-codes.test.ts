import { describe, expect, it } from 'vitest';
import { CloseCode, isValidCloseCode } from '../src/index.js';

describe('isValidCloseCode', () => {
  it('allows exactly 1000-1003, 1007-1014 and 3000-4999 on the wire (RFC 6455 §7.4)', () => {
    const allowed: number[] = [];
    for (let code = 0; code <= 65535; code++) if (isValidCloseCode(code)) allowed.push(code);
    const expected = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014];
    for (let code = 3000; code <= 4999; code++) expected.push(code);
    expect(allowed).toEqual(expected);
  });

  it('rejects the reserved local-only codes', () => {
    expect(isValidCloseCode(CloseCode.NoStatus)).toBe(false);
    expect(isValidCloseCode(CloseCode.Abnormal)).toBe(false);
    expect(isValidCloseCode(CloseCode.TlsHandshake)).toBe(false);
  });
});

describe('CloseCode', () => {
  it('matches the IANA registry', () => {
    expect(CloseCode).toEqual({
      Normal: 1000,
      GoingAway: 1001,
      ProtocolError: 1002,
      UnsupportedData: 1003,
      NoStatus: 1005,
      Abnormal: 1006,
      InvalidPayload: 1007,
      PolicyViolation: 1008,
      MessageTooBig: 1009,
      MandatoryExtension: 1010,
      InternalError: 1011,
      ServiceRestart: 1012,
      TryAgainLater: 1013,
      BadGateway: 1014,
      TlsHandshake: 1015,
    });
  });
});
