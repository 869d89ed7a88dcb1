import { describe, expect, it } from 'vitest';
import { ErrorCode, SgcError } from '../src/index.js';

describe('SgcError', () => {
  it('carries a stable code, the close code, the status and the cause', () => {
    const cause = new Error('inner');
    const error = new SgcError(ErrorCode.InvalidUtf8, 'bad text', { closeCode: 1007, status: 400, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(SgcError);
    expect(error.name).toBe('SgcError');
    expect(error.message).toBe('bad text');
    expect(error.code).toBe('SGC_ERR_INVALID_UTF8');
    expect(error.closeCode).toBe(1007);
    expect(error.status).toBe(400);
    expect(error.cause).toBe(cause);
    expect(String(error)).toBe('SgcError: bad text');
  });

  it('leaves closeCode, status and cause undefined when not given', () => {
    const error = new SgcError(ErrorCode.Timeout, 'slow');
    expect(error.closeCode).toBeUndefined();
    expect(error.status).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('is recognised across copies of the package through its Symbol.for brand', () => {
    const foreign = Object.create(Error.prototype, { [Symbol.for('sgc.error')]: { value: true } }) as unknown;
    expect(foreign).toBeInstanceOf(SgcError);
    expect(new Error('plain')).not.toBeInstanceOf(SgcError);
    expect(null).not.toBeInstanceOf(SgcError);
    expect({ code: ErrorCode.Timeout }).not.toBeInstanceOf(SgcError);
  });

  it('keeps every error code stable and unique', () => {
    const values = Object.values(ErrorCode);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(value).toMatch(/^SGC_ERR_[A-Z0-9_]+$/);
    // The codes the codec emits; renaming one breaks users who branch on it.
    expect(ErrorCode).toMatchObject({
      InvalidOpcode: 'SGC_ERR_INVALID_OPCODE',
      UnexpectedRsv: 'SGC_ERR_UNEXPECTED_RSV',
      MaskRequired: 'SGC_ERR_MASK_REQUIRED',
      MaskForbidden: 'SGC_ERR_MASK_FORBIDDEN',
      ControlFrameTooLong: 'SGC_ERR_CONTROL_FRAME_TOO_LONG',
      FragmentedControlFrame: 'SGC_ERR_FRAGMENTED_CONTROL_FRAME',
      UnexpectedContinuation: 'SGC_ERR_UNEXPECTED_CONTINUATION',
      ExpectedContinuation: 'SGC_ERR_EXPECTED_CONTINUATION',
      InvalidLength: 'SGC_ERR_INVALID_LENGTH',
      PayloadTooLarge: 'SGC_ERR_PAYLOAD_TOO_LARGE',
      TooManyFragments: 'SGC_ERR_TOO_MANY_FRAGMENTS',
      InvalidUtf8: 'SGC_ERR_INVALID_UTF8',
      InvalidCloseCode: 'SGC_ERR_INVALID_CLOSE_CODE',
      InvalidClosePayload: 'SGC_ERR_INVALID_CLOSE_PAYLOAD',
      InflateFailed: 'SGC_ERR_INFLATE_FAILED',
      HandshakeFailed: 'SGC_ERR_HANDSHAKE_FAILED',
      InvalidExtension: 'SGC_ERR_INVALID_EXTENSION',
      InvalidArgument: 'SGC_ERR_INVALID_ARGUMENT',
    });
  });

  it('keeps the ordinary instanceof check for subclasses', () => {
    class RemoteFailure extends SgcError {}
    const plain = new SgcError(ErrorCode.Timeout, 'late');
    const sub = new RemoteFailure(ErrorCode.Remote, 'refused');
    expect(sub instanceof SgcError).toBe(true);
    expect(sub instanceof RemoteFailure).toBe(true);
    expect(plain instanceof RemoteFailure).toBe(false);
  });
});
