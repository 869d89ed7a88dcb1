import { describe, expect, it } from 'vitest';
import {
  computeAccept,
  ErrorCode,
  generateKey,
  parseProtocols,
  SgcError,
  validateUpgradeRequest,
  validateUpgradeResponse,
  WEBSOCKET_GUID,
  type HeaderMap,
} from '../src/node.js';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';

/** Calls `fn` and returns the SgcError it throws (fails the test if it throws anything else or nothing). */
function thrownBy(fn: () => unknown): SgcError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SgcError);
    return error as SgcError;
  }
  throw new Error('expected an SgcError');
}

const request: HeaderMap = {
  host: 'server.example.com',
  upgrade: 'websocket',
  connection: 'Upgrade',
  'sec-websocket-key': KEY,
  'sec-websocket-version': '13',
};

describe('computeAccept and generateKey', () => {
  it('computes the RFC 6455 §1.3 accept value', () => {
    expect(WEBSOCKET_GUID).toBe('258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
    expect(computeAccept(KEY)).toBe(ACCEPT);
  });

  it('generates base64 keys of 16 random bytes that a server accepts', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const key = generateKey();
      expect(key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(key, 'base64')).toHaveLength(16);
      expect(validateUpgradeRequest('GET', { ...request, 'sec-websocket-key': key }).key).toBe(key);
      keys.add(key);
    }
    expect(keys.size).toBe(50);
  });
});

describe('validateUpgradeRequest', () => {
  it('accepts the RFC 6455 §1.2 sample request', () => {
    const info = validateUpgradeRequest('GET', {
      ...request,
      origin: 'http://example.com',
      'sec-websocket-protocol': 'chat, superchat',
      'sec-websocket-extensions': 'permessage-deflate; client_max_window_bits',
    });
    expect(info).toEqual({
      key: KEY,
      protocols: ['chat', 'superchat'],
      extensions: [{ name: 'permessage-deflate', params: { client_max_window_bits: true } }],
    });
  });

  it('reads headers case-insensitively in their values and as lists', () => {
    const info = validateUpgradeRequest('GET', { ...request, upgrade: 'WebSocket', connection: 'keep-alive, UPGRADE' });
    expect(info).toEqual({ key: KEY, protocols: [], extensions: [] });
    expect(validateUpgradeRequest('GET', { ...request, connection: ['keep-alive', 'Upgrade'] }).key).toBe(KEY);
  });

  it('joins repeated extension headers', () => {
    const info = validateUpgradeRequest('GET', { ...request, 'sec-websocket-extensions': ['permessage-deflate', 'x-webkit-deflate-frame'] });
    expect(info.extensions.map((offer) => offer.name)).toEqual(['permessage-deflate', 'x-webkit-deflate-frame']);
  });

  it.each(['POST', 'get', 'HEAD', undefined])('refuses method %s with 405', (method) => {
    const error = thrownBy(() => validateUpgradeRequest(method, request));
    expect(error.code).toBe(ErrorCode.HandshakeFailed);
    expect(error.status).toBe(405);
  });

  it.each([
    ['a missing Upgrade', { upgrade: undefined }],
    ['Upgrade: h2c', { upgrade: 'h2c' }],
    ['Upgrade: websockets', { upgrade: 'websockets' }],
    ['a missing Connection', { connection: undefined }],
    ['Connection: keep-alive', { connection: 'keep-alive' }],
    ['a missing key', { 'sec-websocket-key': undefined }],
    ['a key of 15 bytes', { 'sec-websocket-key': Buffer.alloc(15).toString('base64') }],
    ['a key of 17 bytes', { 'sec-websocket-key': Buffer.alloc(17).toString('base64') }],
    ['a key that is not base64', { 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ!=' }],
    ['an empty key', { 'sec-websocket-key': '' }],
    ['an invalid protocol token', { 'sec-websocket-protocol': 'chat, super chat' }],
    ['a duplicate protocol', { 'sec-websocket-protocol': 'chat, chat' }],
    ['a malformed extension header', { 'sec-websocket-extensions': 'permessage-deflate; a="' }],
  ])('refuses %s with 400', (_name, change) => {
    const error = thrownBy(() => validateUpgradeRequest('GET', { ...request, ...change }));
    expect(error.code).toBe(ErrorCode.HandshakeFailed);
    expect(error.status).toBe(400);
  });

  it('keeps the extension parser error as the cause of a 400', () => {
    const error = thrownBy(() => validateUpgradeRequest('GET', { ...request, 'sec-websocket-extensions': 'a; b="x y"' }));
    expect(error.cause).toBeInstanceOf(SgcError);
    expect((error.cause as SgcError).code).toBe(ErrorCode.InvalidExtension);
  });

  it.each([['8'], ['12'], ['14'], [''], [undefined], [['13', '8']]])('refuses Sec-WebSocket-Version %j with 426', (version) => {
    const error = thrownBy(() => validateUpgradeRequest('GET', { ...request, 'sec-websocket-version': version }));
    expect(error.code).toBe(ErrorCode.HandshakeFailed);
    expect(error.status).toBe(426);
  });

  it('trims whitespace around the key and version', () => {
    expect(validateUpgradeRequest('GET', { ...request, 'sec-websocket-key': ` ${KEY} `, 'sec-websocket-version': ' 13' }).key).toBe(KEY);
  });
});

describe('validateUpgradeResponse', () => {
  const response: HeaderMap = { upgrade: 'websocket', connection: 'Upgrade', 'sec-websocket-accept': ACCEPT };

  it('accepts the RFC 6455 §1.3 sample response', () => {
    expect(validateUpgradeResponse(101, response, KEY, [])).toEqual({ protocol: '', extensions: [] });
  });

  it('returns the chosen protocol and the accepted extensions', () => {
    const result = validateUpgradeResponse(
      101,
      { ...response, 'sec-websocket-protocol': 'chat', 'sec-websocket-extensions': 'permessage-deflate; server_no_context_takeover' },
      KEY,
      ['superchat', 'chat'],
    );
    expect(result).toEqual({ protocol: 'chat', extensions: [{ name: 'permessage-deflate', params: { server_no_context_takeover: true } }] });
  });

  it('accepts a response without a protocol even when some were offered', () => {
    expect(validateUpgradeResponse(101, response, KEY, ['chat']).protocol).toBe('');
  });

  it.each([200, 400, 403, 426, 500])('refuses HTTP %i, keeping the status', (status) => {
    const error = thrownBy(() => validateUpgradeResponse(status, response, KEY, []));
    expect(error.code).toBe(ErrorCode.HandshakeFailed);
    expect(error.status).toBe(status);
  });

  it.each([
    ['a wrong accept value', { 'sec-websocket-accept': computeAccept('AAAAAAAAAAAAAAAAAAAAAA==') }],
    ['a missing accept value', { 'sec-websocket-accept': undefined }],
    ['a missing Upgrade', { upgrade: undefined }],
    ['a wrong Upgrade', { upgrade: 'h2c' }],
    ['a missing Connection', { connection: undefined }],
    ['a protocol that was not offered', { 'sec-websocket-protocol': 'mqtt' }],
    ['several protocols', { 'sec-websocket-protocol': 'chat, superchat' }],
    ['an empty protocol header', { 'sec-websocket-protocol': '' }],
    ['a malformed extension header', { 'sec-websocket-extensions': 'permessage-deflate;' }],
  ])('refuses %s', (_name, change) => {
    const error = thrownBy(() => validateUpgradeResponse(101, { ...response, ...change }, KEY, ['chat', 'superchat']));
    expect(error.code).toBe(ErrorCode.HandshakeFailed);
  });

  it('refuses a protocol when none was offered', () => {
    expect(thrownBy(() => validateUpgradeResponse(101, { ...response, 'sec-websocket-protocol': 'chat' }, KEY, [])).code).toBe(
      ErrorCode.HandshakeFailed,
    );
  });
});

describe('parseProtocols', () => {
  it('returns the protocols in order, trimmed', () => {
    expect(parseProtocols('mqtt, wamp.2.json ,v10.stomp')).toEqual(['mqtt', 'wamp.2.json', 'v10.stomp']);
    expect(parseProtocols(undefined)).toEqual([]);
  });

  it('treats protocols as case-sensitive', () => {
    expect(parseProtocols('chat, Chat')).toEqual(['chat', 'Chat']);
  });

  it.each(['chat, chat', 'a,b,a', 'chat, ', '', 'a,,b', 'super chat', 'chat;v=1', '"chat"', 'chät'])(
    'throws a 400 handshake error for %j',
    (header) => {
      const error = thrownBy(() => parseProtocols(header));
      expect(error.code).toBe(ErrorCode.HandshakeFailed);
      expect(error.status).toBe(400);
    },
  );
});
