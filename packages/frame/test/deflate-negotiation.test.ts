import { describe, expect, it } from 'vitest';
import {
  acceptDeflateFrame,
  acceptDeflateFrameResponse,
  acceptPerMessageDeflate,
  acceptPerMessageDeflateResponse,
  DEFLATE_FRAME_NAMES,
  DeflateCodec,
  ErrorCode,
  formatExtension,
  parseExtensions,
  perMessageDeflateOffer,
  SgcError,
  type PerMessageDeflateOptions,
} from '../src/node.js';

/** Runs the server side on a header; returns the formatted response and the agreement, or undefined. */
function serverAccepts(header: string, options: PerMessageDeflateOptions = {}) {
  const result = acceptPerMessageDeflate(parseExtensions(header), options);
  return result && { response: formatExtension(result.response), agreement: result.agreement };
}

/** Expects `fn` to throw an SgcError with the given code (and close code, if given). */
function expectSgcError(fn: () => unknown, code: ErrorCode, closeCode?: number): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SgcError);
  expect((thrown as SgcError).code).toBe(code);
  if (closeCode !== undefined) expect((thrown as SgcError).closeCode).toBe(closeCode);
}

describe('acceptPerMessageDeflate', () => {
  it('accepts a bare offer with the default agreement', () => {
    expect(serverAccepts('permessage-deflate')).toEqual({
      response: 'permessage-deflate',
      agreement: {
        extension: 'permessage-deflate',
        perFrame: false,
        sendNoContextTakeover: false,
        receiveNoContextTakeover: false,
        sendMaxWindowBits: 15,
        receiveMaxWindowBits: 15,
        threshold: 1024,
        memLevel: 8,
        level: -1,
      },
    });
  });

  it('passes threshold, memLevel and level through to the agreement', () => {
    const { agreement } = serverAccepts('permessage-deflate', { threshold: 0, memLevel: 9, level: 1 })!;
    expect(agreement).toMatchObject({ threshold: 0, memLevel: 9, level: 1 });
  });

  // Offers Autobahn's 12.x and 13.x cases send, and what the server settles on.
  it.each([
    ['permessage-deflate; client_max_window_bits', {}, 'permessage-deflate', { send: 15, receive: 15 }],
    ['permessage-deflate; client_max_window_bits', { clientMaxWindowBits: 9 }, 'permessage-deflate; client_max_window_bits=9', { send: 15, receive: 9 }],
    ['permessage-deflate; client_no_context_takeover', {}, 'permessage-deflate; client_no_context_takeover', { receiveNoContext: true }],
    ['permessage-deflate; server_no_context_takeover', {}, 'permessage-deflate; server_no_context_takeover', { sendNoContext: true }],
    ['permessage-deflate; server_max_window_bits=9', {}, 'permessage-deflate; server_max_window_bits=9', { send: 9, receive: 15 }],
    ['permessage-deflate; server_max_window_bits=15', {}, 'permessage-deflate; server_max_window_bits=15', { send: 15 }],
    ['permessage-deflate; server_max_window_bits=12', { serverMaxWindowBits: 10 }, 'permessage-deflate; server_max_window_bits=10', { send: 10 }],
    ['permessage-deflate; client_max_window_bits=8', {}, 'permessage-deflate; client_max_window_bits=8', { receive: 8 }],
    ['permessage-deflate; client_max_window_bits=12', { clientMaxWindowBits: 10 }, 'permessage-deflate; client_max_window_bits=10', { receive: 10 }],
    ['permessage-deflate; client_max_window_bits=9', { clientMaxWindowBits: 12 }, 'permessage-deflate; client_max_window_bits=9', { receive: 9 }],
    [
      'permessage-deflate; client_no_context_takeover; server_no_context_takeover; client_max_window_bits; server_max_window_bits=10',
      {},
      'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10',
      { send: 10, receive: 15, sendNoContext: true, receiveNoContext: true },
    ],
    ['permessage-deflate', { serverNoContextTakeover: true }, 'permessage-deflate; server_no_context_takeover', { sendNoContext: true }],
    ['permessage-deflate', { clientNoContextTakeover: true }, 'permessage-deflate; client_no_context_takeover', { receiveNoContext: true }],
    ['permessage-deflate', { serverMaxWindowBits: 11 }, 'permessage-deflate; server_max_window_bits=11', { send: 11 }],
    ['permessage-deflate; server_max_window_bits="10"', {}, 'permessage-deflate; server_max_window_bits=10', { send: 10 }],
    ['PerMessage-Deflate; Client_Max_Window_Bits', {}, 'permessage-deflate', { receive: 15 }],
  ] as const)('accepts %s (options %o) with %s', (offer, options, response, expected) => {
    const result = serverAccepts(offer, options);
    expect(result?.response).toBe(response);
    const a = result!.agreement;
    if ('send' in expected) expect(a.sendMaxWindowBits).toBe(expected.send);
    if ('receive' in expected) expect(a.receiveMaxWindowBits).toBe(expected.receive);
    expect(a.sendNoContextTakeover).toBe('sendNoContext' in expected);
    expect(a.receiveNoContextTakeover).toBe('receiveNoContext' in expected);
  });

  it.each([
    'permessage-deflate; server_max_window_bits=16',
    'permessage-deflate; server_max_window_bits=7',
    'permessage-deflate; server_max_window_bits=0',
    'permessage-deflate; server_max_window_bits=08',
    'permessage-deflate; server_max_window_bits=abc',
    'permessage-deflate; server_max_window_bits',
    'permessage-deflate; client_max_window_bits=16',
    'permessage-deflate; client_max_window_bits=7',
    'permessage-deflate; client_max_window_bits=x',
    'permessage-deflate; server_no_context_takeover=1',
    'permessage-deflate; client_no_context_takeover=true',
    'permessage-deflate; foo',
    'permessage-deflate; foo=1',
    'permessage-deflate; x-webkit-deflate-frame',
    'x-webkit-deflate-frame',
    'deflate-stream',
    '',
  ])('declines %j', (offer) => {
    expect(serverAccepts(offer)).toBeUndefined();
  });

  it('declines an offer without client_max_window_bits when the server must limit the client window', () => {
    expect(serverAccepts('permessage-deflate', { clientMaxWindowBits: 10 })).toBeUndefined();
    expect(serverAccepts('permessage-deflate', { clientMaxWindowBits: 15 })?.response).toBe('permessage-deflate');
  });

  it('falls back to the next offer when the first is declined', () => {
    const result = serverAccepts(
      'permessage-deflate; server_max_window_bits=16, permessage-deflate; foo, permessage-deflate; server_max_window_bits=10',
    );
    expect(result?.response).toBe('permessage-deflate; server_max_window_bits=10');
    expect(result?.agreement.sendMaxWindowBits).toBe(10);
  });

  it('takes the first acceptable offer, in the client’s order', () => {
    // Autobahn 13.7.x: several offers in preference order.
    const result = serverAccepts(
      'x-webkit-deflate-frame, permessage-deflate; client_no_context_takeover; client_max_window_bits=9, permessage-deflate',
    );
    expect(result?.response).toBe('permessage-deflate; client_no_context_takeover; client_max_window_bits=9');
  });

  it('accepts window bits 8 in both directions but never compresses with an 8-bit window', () => {
    const result = serverAccepts('permessage-deflate; server_max_window_bits=8; client_max_window_bits=8')!;
    expect(result.response).toBe('permessage-deflate; server_max_window_bits=8; client_max_window_bits=8');
    expect(result.agreement.sendMaxWindowBits).toBe(8);
    expect(result.agreement.receiveMaxWindowBits).toBe(8);
    const codec = new DeflateCodec(result.agreement);
    expect(codec.shouldCompress(1 << 20)).toBe(false);
    expect(new DeflateCodec(serverAccepts('permessage-deflate; server_max_window_bits=9')!.agreement).shouldCompress(1 << 20)).toBe(true);
  });

  it.each([
    { serverMaxWindowBits: 16 },
    { serverMaxWindowBits: 7 },
    { clientMaxWindowBits: 9.5 },
    { clientMaxWindowBits: Number.NaN },
  ])('throws SGC_ERR_INVALID_ARGUMENT for options %o', (options) => {
    expectSgcError(() => acceptPerMessageDeflate(parseExtensions('permessage-deflate'), options), ErrorCode.InvalidArgument);
    expectSgcError(() => perMessageDeflateOffer(options), ErrorCode.InvalidArgument);
    expectSgcError(() => acceptDeflateFrame([], options), ErrorCode.InvalidArgument);
  });
});

describe('perMessageDeflateOffer', () => {
  it('offers client_max_window_bits without a value by default', () => {
    expect(formatExtension(perMessageDeflateOffer({}))).toBe('permessage-deflate; client_max_window_bits');
  });

  it('offers every configured parameter', () => {
    const offer = perMessageDeflateOffer({
      serverNoContextTakeover: true,
      clientNoContextTakeover: true,
      serverMaxWindowBits: 10,
      clientMaxWindowBits: 12,
    });
    expect(formatExtension(offer)).toBe(
      'permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=12',
    );
  });

  it('is accepted by the server side and round-trips through the header format', () => {
    const options = { serverMaxWindowBits: 9, clientNoContextTakeover: true };
    const header = formatExtension(perMessageDeflateOffer(options));
    const result = serverAccepts(header)!;
    expect(result.agreement.sendMaxWindowBits).toBe(9);
    expect(result.agreement.receiveNoContextTakeover).toBe(true);
    const client = acceptPerMessageDeflateResponse(parseExtensions(result.response)[0]!, options);
    expect(client.receiveMaxWindowBits).toBe(9);
    expect(client.sendNoContextTakeover).toBe(true);
  });
});

describe('acceptPerMessageDeflateResponse', () => {
  const response = (header: string) => parseExtensions(header)[0]!;

  it('reads a bare response as the default agreement', () => {
    expect(acceptPerMessageDeflateResponse(response('permessage-deflate'), {})).toMatchObject({
      perFrame: false,
      sendNoContextTakeover: false,
      receiveNoContextTakeover: false,
      sendMaxWindowBits: 15,
      receiveMaxWindowBits: 15,
    });
  });

  it.each([
    ['permessage-deflate; server_no_context_takeover', {}, { receiveNoContextTakeover: true, sendNoContextTakeover: false }],
    ['permessage-deflate; client_no_context_takeover', {}, { sendNoContextTakeover: true, receiveNoContextTakeover: false }],
    ['permessage-deflate', { clientNoContextTakeover: true }, { sendNoContextTakeover: true }],
    ['permessage-deflate; client_max_window_bits=10', {}, { sendMaxWindowBits: 10 }],
    ['permessage-deflate; client_max_window_bits=12', { clientMaxWindowBits: 10 }, { sendMaxWindowBits: 10 }],
    ['permessage-deflate', { clientMaxWindowBits: 11 }, { sendMaxWindowBits: 11 }],
    ['permessage-deflate; server_max_window_bits=10', {}, { receiveMaxWindowBits: 10 }],
    ['permessage-deflate; server_max_window_bits=9', { serverMaxWindowBits: 10 }, { receiveMaxWindowBits: 9 }],
    ['permessage-deflate; server_no_context_takeover', { serverNoContextTakeover: true }, { receiveNoContextTakeover: true }],
  ] as const)('accepts %s (options %o)', (header, options, expected) => {
    expect(acceptPerMessageDeflateResponse(response(header), options)).toMatchObject(expected);
  });

  it('accepts client_max_window_bits=8 but then never compresses', () => {
    const agreement = acceptPerMessageDeflateResponse(response('permessage-deflate; client_max_window_bits=8'), {});
    expect(agreement.sendMaxWindowBits).toBe(8);
    expect(new DeflateCodec(agreement).shouldCompress(1 << 20)).toBe(false);
  });

  it.each([
    ['permessage-deflate; foo', {}],
    ['permessage-deflate; server_no_context_takeover=1', {}],
    ['permessage-deflate; client_no_context_takeover=x', {}],
    ['permessage-deflate; server_max_window_bits=16', {}],
    ['permessage-deflate; server_max_window_bits=abc', {}],
    ['permessage-deflate; server_max_window_bits', {}],
    ['permessage-deflate; server_max_window_bits=12', { serverMaxWindowBits: 10 }],
    ['permessage-deflate', { serverMaxWindowBits: 10 }],
    ['permessage-deflate', { serverNoContextTakeover: true }],
    ['permessage-deflate; client_max_window_bits', {}],
    ['permessage-deflate; client_max_window_bits=7', {}],
  ] as const)('rejects the response %s (options %o) with 1010', (header, options) => {
    expectSgcError(() => acceptPerMessageDeflateResponse(response(header), options), ErrorCode.InvalidExtension, 1010);
  });
});

describe('acceptDeflateFrame', () => {
  it.each(DEFLATE_FRAME_NAMES)('accepts %s as a per-frame agreement', (name) => {
    const result = acceptDeflateFrame(parseExtensions(name), {})!;
    expect(formatExtension(result.response)).toBe(name);
    expect(result.agreement).toMatchObject({ extension: name, perFrame: true, sendMaxWindowBits: 15, receiveMaxWindowBits: 15 });
  });

  it('limits its window to max_window_bits and the server option', () => {
    expect(acceptDeflateFrame(parseExtensions('x-webkit-deflate-frame; max_window_bits=10'), {})!.agreement.sendMaxWindowBits).toBe(10);
    expect(acceptDeflateFrame(parseExtensions('x-webkit-deflate-frame; max_window_bits=12'), { serverMaxWindowBits: 9 })!.agreement.sendMaxWindowBits).toBe(9);
  });

  it('answers no_context_takeover when the server resets its compressor', () => {
    const result = acceptDeflateFrame(parseExtensions('deflate-frame'), { serverNoContextTakeover: true })!;
    expect(formatExtension(result.response)).toBe('deflate-frame; no_context_takeover');
    expect(result.agreement.sendNoContextTakeover).toBe(true);
    expect(acceptDeflateFrame(parseExtensions('deflate-frame; no_context_takeover'), {})!.agreement.sendNoContextTakeover).toBe(true);
  });

  it('declines unknown parameters and bad window bits, falling back to later offers', () => {
    expect(acceptDeflateFrame(parseExtensions('x-webkit-deflate-frame; foo'), {})).toBeUndefined();
    expect(acceptDeflateFrame(parseExtensions('x-webkit-deflate-frame; max_window_bits=16'), {})).toBeUndefined();
    expect(acceptDeflateFrame(parseExtensions('permessage-deflate'), {})).toBeUndefined();
    const result = acceptDeflateFrame(parseExtensions('x-webkit-deflate-frame; max_window_bits=20, deflate-frame'), {});
    expect(result?.response.name).toBe('deflate-frame');
  });
});

describe('acceptDeflateFrameResponse', () => {
  it('reads the response as a per-frame agreement', () => {
    expect(acceptDeflateFrameResponse({ name: 'x-webkit-deflate-frame', params: {} }, {})).toMatchObject({
      extension: 'x-webkit-deflate-frame',
      perFrame: true,
      sendMaxWindowBits: 15,
      receiveNoContextTakeover: false,
    });
  });

  it('applies no_context_takeover to the server side and max_window_bits to the client window', () => {
    const agreement = acceptDeflateFrameResponse(parseExtensions('deflate-frame; no_context_takeover; max_window_bits=10')[0]!, {
      clientMaxWindowBits: 12,
    });
    expect(agreement.receiveNoContextTakeover).toBe(true);
    expect(agreement.sendMaxWindowBits).toBe(10);
  });

  it.each(['deflate-frame; foo', 'deflate-frame; max_window_bits=16', 'deflate-frame; max_window_bits'])('rejects %s with 1010', (header) => {
    expectSgcError(() => acceptDeflateFrameResponse(parseExtensions(header)[0]!, {}), ErrorCode.InvalidExtension, 1010);
  });
});

describe('offers with a repeated parameter (RFC 7692 §5.1)', () => {
  it('declines only that offer and accepts the next one', () => {
    const result = acceptPerMessageDeflate(
      parseExtensions('permessage-deflate; server_max_window_bits=10; server_max_window_bits=12, permessage-deflate'),
      {},
    );
    expect(result?.response).toEqual({ name: 'permessage-deflate', params: {} });
  });

  it('fails a client handshake whose response repeats a parameter', () => {
    const [response] = parseExtensions('permessage-deflate; server_no_context_takeover; server_no_context_takeover');
    expect(() => acceptPerMessageDeflateResponse(response!, {})).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidExtension }),
    );
  });
});
