import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@sgc/frame';
import { parseProxy, proxyForUrl } from '../src/dial/index.js';

describe('proxyForUrl()', () => {
  it('uses HTTPS_PROXY for wss: and https: targets', () => {
    const env = { HTTPS_PROXY: 'http://secure-proxy:3128', HTTP_PROXY: 'http://plain-proxy:3128' };
    expect(proxyForUrl('wss://example.com/chat', env)).toBe('http://secure-proxy:3128');
    expect(proxyForUrl('https://example.com/', env)).toBe('http://secure-proxy:3128');
  });

  it('uses HTTP_PROXY for ws: and http: targets', () => {
    const env = { HTTPS_PROXY: 'http://secure-proxy:3128', HTTP_PROXY: 'http://plain-proxy:3128' };
    expect(proxyForUrl('ws://example.com/chat', env)).toBe('http://plain-proxy:3128');
    expect(proxyForUrl(new URL('http://example.com/'), env)).toBe('http://plain-proxy:3128');
  });

  it('prefers the lower-case variable over the upper-case one', () => {
    expect(proxyForUrl('wss://a.test', { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:1' })).toBe('http://lower:1');
    expect(proxyForUrl('ws://a.test', { http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:1' })).toBe('http://lower:1');
    expect(proxyForUrl('ws://a.test', { all_proxy: 'socks5://lower:1', ALL_PROXY: 'socks5://upper:1' })).toBe('socks5://lower:1');
  });

  it('falls back to ALL_PROXY when the scheme has no variable', () => {
    expect(proxyForUrl('wss://a.test', { ALL_PROXY: 'socks5h://gw:1080', HTTP_PROXY: 'http://plain:1' })).toBe('socks5h://gw:1080');
    expect(proxyForUrl('ws://a.test', { all_proxy: 'socks5h://gw:1080' })).toBe('socks5h://gw:1080');
  });

  it('returns undefined when no variable is set', () => {
    expect(proxyForUrl('wss://a.test', {})).toBeUndefined();
    expect(proxyForUrl('ws://a.test', { HTTPS_PROXY: 'http://secure-only:1' })).toBeUndefined();
  });

  it('treats a set but empty variable as "no proxy", without falling back (as curl does)', () => {
    expect(proxyForUrl('wss://a.test', { https_proxy: '', ALL_PROXY: 'http://all:1' })).toBeUndefined();
    expect(proxyForUrl('wss://a.test', { https_proxy: '  ' })).toBeUndefined();
  });

  it('adds http:// to a value without a scheme', () => {
    expect(proxyForUrl('ws://a.test', { http_proxy: 'proxy.corp:3128' })).toBe('http://proxy.corp:3128');
    expect(proxyForUrl('ws://a.test', { http_proxy: ' proxy.corp:3128 ' })).toBe('http://proxy.corp:3128');
  });

  it('rejects URLs it cannot resolve a proxy for', () => {
    expect(() => proxyForUrl('ftp://a.test', {})).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
    expect(() => proxyForUrl('not a url', {})).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });

  describe('NO_PROXY', () => {
    const viaProxy = (url: string, noProxy: string, name = 'NO_PROXY'): boolean =>
      proxyForUrl(url, { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1', [name]: noProxy }) !== undefined;

    it('"*" disables the proxy for every host', () => {
      expect(viaProxy('wss://anything.example', '*')).toBe(false);
      expect(viaProxy('ws://10.1.2.3:8080', 'foo.test, *')).toBe(false);
    });

    it('matches a domain and its subdomains, with or without a leading dot', () => {
      for (const entry of ['example.com', '.example.com', '*.example.com']) {
        expect(viaProxy('wss://example.com', entry)).toBe(false);
        expect(viaProxy('wss://api.example.com', entry)).toBe(false);
        expect(viaProxy('wss://a.b.example.com', entry)).toBe(false);
        expect(viaProxy('wss://notexample.com', entry)).toBe(true);
        expect(viaProxy('wss://example.com.evil.test', entry)).toBe(true);
      }
    });

    it('ignores case, spaces around entries, empty entries and trailing dots', () => {
      expect(viaProxy('wss://API.Example.COM', ' , other.test ,  EXAMPLE.com ,')).toBe(false);
      expect(viaProxy('wss://api.example.com.', 'example.com')).toBe(false);
      expect(viaProxy('wss://api.example.com', 'example.com.')).toBe(false);
      expect(viaProxy('wss://a.test', 'b.test c.test a.test')).toBe(false);
    });

    it('reads no_proxy before NO_PROXY', () => {
      const env = { HTTPS_PROXY: 'http://p:1', no_proxy: 'a.test', NO_PROXY: 'b.test' };
      expect(proxyForUrl('wss://a.test', env)).toBeUndefined();
      expect(proxyForUrl('wss://b.test', env)).toBe('http://p:1');
      expect(viaProxy('wss://c.test', 'c.test', 'no_proxy')).toBe(false);
    });

    it('limits a host:port entry to that port, with default ports from the scheme', () => {
      expect(viaProxy('wss://a.test:8443', 'a.test:8443')).toBe(false);
      expect(viaProxy('wss://a.test:9443', 'a.test:8443')).toBe(true);
      expect(viaProxy('wss://a.test', 'a.test:443')).toBe(false);
      expect(viaProxy('ws://a.test', 'a.test:80')).toBe(false);
      expect(viaProxy('ws://a.test', 'a.test:443')).toBe(true);
      expect(viaProxy('ws://sub.a.test:80', '.a.test:80')).toBe(false);
    });

    it('compares IP literals as addresses, IPv6 with or without brackets', () => {
      expect(viaProxy('ws://127.0.0.1:8080', '127.0.0.1')).toBe(false);
      expect(viaProxy('ws://127.0.0.2:8080', '127.0.0.1')).toBe(true);
      expect(viaProxy('ws://[::1]:8080', '::1')).toBe(false);
      expect(viaProxy('ws://[::1]:8080', '[::1]')).toBe(false);
      expect(viaProxy('ws://[::1]:8080', '0:0:0:0:0:0:0:1')).toBe(false);
      expect(viaProxy('ws://[::1]:8080', '[::1]:8080')).toBe(false);
      expect(viaProxy('ws://[::1]:8081', '[::1]:8080')).toBe(true);
      expect(viaProxy('ws://127.0.0.1:8080', '127.0.0.1:8080')).toBe(false);
      expect(viaProxy('ws://127.0.0.1:8081', '127.0.0.1:8080')).toBe(true);
    });

    it('matches CIDR blocks for IP targets', () => {
      expect(viaProxy('ws://10.20.30.40', '10.0.0.0/8')).toBe(false);
      expect(viaProxy('ws://11.0.0.1', '10.0.0.0/8')).toBe(true);
      expect(viaProxy('ws://[fd00::1234]', 'fd00::/8')).toBe(false);
      expect(viaProxy('ws://[fe80::1]', 'fd00::/8')).toBe(true);
      expect(viaProxy('ws://10.0.0.1', '10.0.0.0/99')).toBe(true);
    });

    it('never matches an IP target against a domain entry, or a name against an IP entry', () => {
      expect(viaProxy('ws://10.1.2.3', '1.2.3')).toBe(true);
      expect(viaProxy('ws://10.1.2.3', '2.3')).toBe(true);
      expect(viaProxy('ws://localhost', '127.0.0.1')).toBe(true);
    });

    it('leaves the proxy on when nothing matches', () => {
      expect(viaProxy('wss://a.test', 'b.test,c.test')).toBe(true);
      expect(viaProxy('wss://a.test', '')).toBe(true);
      expect(viaProxy('wss://a.test', 'a.test:notaport')).toBe(true);
    });
  });
});

describe('parseProxy()', () => {
  it('normalizes each scheme with its default port', () => {
    expect(parseProxy('http://proxy.test')).toMatchObject({ type: 'http', host: 'proxy.test', port: 80 });
    expect(parseProxy('https://proxy.test')).toMatchObject({ type: 'https', port: 443 });
    for (const type of ['socks4', 'socks4a', 'socks5', 'socks5h'] as const) {
      expect(parseProxy(`${type}://proxy.test`)).toMatchObject({ type, port: 1080 });
    }
    expect(parseProxy('HTTP://Proxy.Test:3128/')).toMatchObject({ type: 'http', host: 'proxy.test', port: 3128 });
  });

  it('percent-decodes credentials', () => {
    expect(parseProxy('http://al%20ice:p%40ss%3Aword@proxy.test:3128')).toEqual({
      type: 'http',
      host: 'proxy.test',
      port: 3128,
      username: 'al ice',
      password: 'p@ss:word',
      headers: {},
      tls: undefined,
    });
    expect(parseProxy('socks5://%C3%BCser:%E2%82%AC@proxy.test')).toMatchObject({ username: 'üser', password: '€' });
    expect(parseProxy('socks4://bob@proxy.test')).toMatchObject({ username: 'bob', password: undefined });
  });

  it('strips the brackets of an IPv6 proxy host', () => {
    expect(parseProxy('socks5://[::1]:1080')).toMatchObject({ host: '::1', port: 1080 });
  });

  it('takes extra CONNECT headers and proxy TLS settings from the object form', () => {
    const proxy = parseProxy({ url: 'https://proxy.test', headers: { 'X-Trace': '1' }, tls: { ca: 'PEM' } });
    expect(proxy).toMatchObject({ headers: { 'X-Trace': '1' }, tls: { ca: 'PEM' } });
  });

  it.each([
    ['not a url', 'Invalid proxy URL'],
    ['ftp://proxy.test', 'Unsupported proxy scheme'],
    ['socks://proxy.test', 'Unsupported proxy scheme'],
    ['http://proxy.test:0', 'port'],
    ['http://a%3Ab:pw@proxy.test', 'cannot contain ":"'],
    ['socks4://user:pw@proxy.test', 'user name only'],
    ['http://:pw@proxy.test', 'password but no user name'],
    ['http://%E0%A4%A@proxy.test', 'percent-encoding'],
    [`socks5://${'u'.repeat(256)}:pw@proxy.test`, 'longer than 255'],
    ['env', 'proxyForUrl'],
  ])('rejects %s', (url, message) => {
    expect(() => parseProxy(url)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument, message: expect.stringContaining(message) }));
  });

  it('rejects headers for SOCKS proxies, headers that are not HTTP fields, and TLS settings for a plain proxy', () => {
    const invalid = expect.objectContaining({ code: ErrorCode.InvalidArgument });
    expect(() => parseProxy({ url: 'socks5://p.test', headers: { 'X-A': '1' } })).toThrow(invalid);
    expect(() => parseProxy({ url: 'http://p.test', headers: { 'Bad Name': '1' } })).toThrow(invalid);
    expect(() => parseProxy({ url: 'http://p.test', headers: { 'X-A': 'a\r\nInjected: 1' } })).toThrow(invalid);
    expect(() => parseProxy({ url: 'http://p.test', tls: { ca: 'PEM' } })).toThrow(invalid);
  });

  it('keeps credentials out of its error messages', () => {
    expect(() => parseProxy('http://user:secret@exa mple:1')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret') }));
  });
});
