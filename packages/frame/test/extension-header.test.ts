import { describe, expect, it } from 'vitest';
import { ErrorCode, formatExtension, parseExtensions, SgcError } from '../src/node.js';

describe('parseExtensions', () => {
  it('parses offers, bare parameters and values in order', () => {
    expect(parseExtensions('permessage-deflate; client_max_window_bits, x-webkit-deflate-frame')).toEqual([
      { name: 'permessage-deflate', params: { client_max_window_bits: true } },
      { name: 'x-webkit-deflate-frame', params: {} },
    ]);
    expect(parseExtensions('foo; a=1; b; c=xyz')).toEqual([{ name: 'foo', params: { a: '1', b: true, c: 'xyz' } }]);
  });

  it('tolerates optional whitespace around separators', () => {
    expect(parseExtensions('  foo ;a = 1 ;  b\t,bar  ')).toEqual([
      { name: 'foo', params: { a: '1', b: true } },
      { name: 'bar', params: {} },
    ]);
  });

  it('lower-cases extension and parameter names but not values', () => {
    expect(parseExtensions('PerMessage-Deflate; Server_Max_Window_Bits=10; X=AbC')).toEqual([
      { name: 'permessage-deflate', params: { server_max_window_bits: '10', x: 'AbC' } },
    ]);
  });

  it('unquotes quoted values, escapes included', () => {
    expect(parseExtensions('foo; a="10"; b="x\\yz"')).toEqual([{ name: 'foo', params: { a: '10', b: 'xyz' } }]);
  });

  it('does not split on separators inside quotes before checking the value', () => {
    expect(() => parseExtensions('foo; a="1,2"')).toThrow(SgcError);
    expect(() => parseExtensions('foo; a="1;2"')).toThrow(SgcError);
  });

  it('skips empty list elements, as several joined headers produce', () => {
    expect(parseExtensions('foo, , bar,')).toEqual([
      { name: 'foo', params: {} },
      { name: 'bar', params: {} },
    ]);
    expect(parseExtensions('')).toEqual([]);
  });

  it('keeps several offers of the same extension', () => {
    expect(parseExtensions('permessage-deflate; server_max_window_bits=10, permessage-deflate')).toHaveLength(2);
  });

  it.each([
    ['an empty extension name', '; a=1'],
    ['a name with a space', 'permessage deflate'],
    ['a name with a separator', 'foo/bar'],
    ['an empty parameter', 'foo;'],
    ['an empty parameter between others', 'foo; a; ; b'],
    ['an empty value', 'foo; a='],
    ['an empty quoted value', 'foo; a=""'],
    ['an unterminated quote', 'foo; a="10'],
    ['a lone quote', 'foo; a="'],
    ['a value with a space', 'foo; a=1 2'],
    ['a quoted value that is not a token', 'foo; a="a b"'],
    ['a parameter name with a space', 'foo; a b=1'],
  ])('throws SGC_ERR_INVALID_EXTENSION for %s', (_name, header) => {
    let thrown: unknown;
    try {
      parseExtensions(header);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SgcError);
    expect((thrown as SgcError).code).toBe(ErrorCode.InvalidExtension);
  });
});

describe('formatExtension', () => {
  it('formats bare parameters and values', () => {
    expect(formatExtension({ name: 'permessage-deflate', params: { server_no_context_takeover: true, client_max_window_bits: '10' } })).toBe(
      'permessage-deflate; server_no_context_takeover; client_max_window_bits=10',
    );
    expect(formatExtension({ name: 'x-webkit-deflate-frame', params: {} })).toBe('x-webkit-deflate-frame');
  });

  it('round-trips through parseExtensions', () => {
    const offers = parseExtensions('permessage-deflate; client_max_window_bits; server_max_window_bits=12, deflate-frame; no_context_takeover');
    expect(parseExtensions(offers.map(formatExtension).join(', '))).toEqual(offers);
  });
});
