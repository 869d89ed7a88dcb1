import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { contentTypeFor } from '../src/static/content-type.js';
import { serveStatic } from '../src/static/index.js';
import { parseRange } from '../src/static/range.js';
import { parseRequestPath } from '../src/static/request-path.js';
import { entityTagMatches } from '../src/static/validators.js';

describe('parseRequestPath', () => {
  it('decodes once and splits into segments, keeping the raw path and query', () => {
    expect(parseRequestPath('/docs/a%20b.txt?v=2')).toEqual({ raw: '/docs/a%20b.txt', query: '?v=2', segments: ['docs', 'a b.txt'] });
    expect(parseRequestPath('/')).toEqual({ raw: '/', query: '', segments: [''] });
    expect(parseRequestPath('/sub/')?.segments).toEqual(['sub', '']);
    expect(parseRequestPath('http://example.com/a?b')).toEqual({ raw: '/a', query: '?b', segments: ['a'] });
    expect(parseRequestPath('http://example.com')?.segments).toEqual(['']);
  });

  it('keeps a double-encoded dot as the literal text it decodes to once', () => {
    expect(parseRequestPath('/%252e%252e/x')?.segments).toEqual(['%2e%2e', 'x']);
  });

  it.each([
    '/../x',
    '/a/../../x',
    '/%2e%2e/x',
    '/%2E%2e/x',
    '/..%2fx',
    '/%2e%2e%2fx',
    '/./x',
    '/%2e/x',
    '/..\\x',
    '/%5c..%5cx',
    '/a\\b',
    '/%00',
    '/a%00.txt',
    '//etc/passwd',
    '/%2fetc/passwd',
    '/a//b',
    '/%',
    '/%zz',
    '/%c0%ae%c0%ae/x',
    'x',
    '*',
    'example.com:443',
    'http://example.com/../x',
  ])('refuses %s', (target) => {
    expect(parseRequestPath(target)).toBeUndefined();
  });
});

describe('parseRange', () => {
  it.each([
    ['bytes=0-0', { kind: 'partial', start: 0, end: 0 }],
    ['bytes=5-', { kind: 'partial', start: 5, end: 9 }],
    ['bytes=-3', { kind: 'partial', start: 7, end: 9 }],
    ['BYTES=2-4', { kind: 'partial', start: 2, end: 4 }],
    ['bytes= 2-4 ,', { kind: 'partial', start: 2, end: 4 }],
    ['bytes=8-1000', { kind: 'partial', start: 8, end: 9 }],
    ['bytes=0-99999999999999999999999', { kind: 'partial', start: 0, end: 9 }],
    ['bytes=10-', { kind: 'unsatisfiable' }],
    ['bytes=10-20', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=0-1,3-4', { kind: 'whole' }],
    ['bytes=5-2', { kind: 'whole' }],
    ['bytes=-', { kind: 'whole' }],
    ['bytes=a-b', { kind: 'whole' }],
    ['bytes=1.5-2', { kind: 'whole' }],
    ['items=0-1', { kind: 'whole' }],
  ])('%s of 10 bytes → %o', (header, outcome) => {
    expect(parseRange(header, 10)).toEqual(outcome);
  });

  it('sends an empty file whole and ignores a missing header', () => {
    expect(parseRange('bytes=-5', 0)).toEqual({ kind: 'whole' });
    expect(parseRange(undefined, 10)).toEqual({ kind: 'whole' });
  });
});

describe('entityTagMatches', () => {
  it('compares weakly or strongly (RFC 9110 §8.8.3.2)', () => {
    expect(entityTagMatches('W/"1"', 'W/"1"', 'weak')).toBe(true);
    expect(entityTagMatches('"1"', 'W/"1"', 'weak')).toBe(true);
    expect(entityTagMatches('W/"1"', 'W/"1"', 'strong')).toBe(false);
    expect(entityTagMatches('"1"', '"1"', 'strong')).toBe(true);
    expect(entityTagMatches('"2", "1"', '"1"', 'strong')).toBe(true);
    expect(entityTagMatches('"2"', '"1"', 'weak')).toBe(false);
    expect(entityTagMatches(' * ', 'W/"1"', 'strong')).toBe(true);
  });
});

describe('contentTypeFor', () => {
  it('adds a charset to text types and falls back to octet-stream', () => {
    expect(contentTypeFor('a/b/INDEX.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('x.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('x.wasm')).toBe('application/wasm');
    expect(contentTypeFor('x.unknown-ext')).toBe('application/octet-stream');
    expect(contentTypeFor('txt')).toBe('application/octet-stream');
    expect(contentTypeFor('x.log', { log: 'text/x-log' })).toBe('text/x-log; charset=utf-8');
    expect(contentTypeFor('x.txt', { txt: 'text/plain; charset=iso-8859-1' })).toBe('text/plain; charset=iso-8859-1');
    expect(contentTypeFor('x.constructor', {})).toBe('application/octet-stream'); // no prototype lookups
  });
});

describe('serveStatic options', () => {
  it('rejects a missing root with a TypeError', async () => {
    const request = { method: 'GET', url: '/' } as IncomingMessage;
    await expect(serveStatic(request, {} as ServerResponse, { root: '' })).rejects.toThrow(TypeError);
  });
});
