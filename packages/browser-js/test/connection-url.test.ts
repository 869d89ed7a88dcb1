import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@sgc/frame';
import { connectionUrls, postBackUrl } from '../src/index.js';

describe('connectionUrls', () => {
  it('pairs a ws:// URL with the http:// URL of the same host, path and query', () => {
    expect(connectionUrls('ws://example.com:8080/chat?room=1')).toEqual({
      websocket: 'ws://example.com:8080/chat?room=1',
      sse: 'http://example.com:8080/chat?room=1',
    });
  });

  it('pairs wss:// with https://, whichever of the two it is given', () => {
    const expected = { websocket: 'wss://example.com/', sse: 'https://example.com/' };
    expect(connectionUrls('wss://example.com')).toEqual(expected);
    expect(connectionUrls('https://example.com/')).toEqual(expected);
    expect(connectionUrls('http://127.0.0.1:5000/?id=1').websocket).toBe('ws://127.0.0.1:5000/?id=1');
  });

  it('drops a fragment, which WebSocket refuses', () => {
    expect(connectionUrls('ws://example.com/a#top').websocket).toBe('ws://example.com/a');
  });

  it('resolves a relative URL against the base (the page, in a browser)', () => {
    expect(connectionUrls('/events?x=1', 'https://example.com/app/page.html')).toEqual({
      websocket: 'wss://example.com/events?x=1',
      sse: 'https://example.com/events?x=1',
    });
  });

  it('puts URL authentication in the path the server checks, escaping the credentials', () => {
    const urls = connectionUrls({ host: 'ws://127.0.0.1:8080', user: 'admin', password: '1234' });
    expect(urls.websocket).toBe('ws://127.0.0.1:8080/sgc/auth/url/admin/1234');
    expect(urls.sse).toBe('http://127.0.0.1:8080/sgc/auth/url/admin/1234');
    const escaped = connectionUrls({ host: 'wss://example.com/ignored?keep=1', user: 'a/b c', password: 'p?w#d' });
    expect(escaped.websocket).toBe('wss://example.com/sgc/auth/url/a%2Fb%20c/p%3Fw%23d?keep=1');
  });

  it('refuses other schemes and text that is no URL', () => {
    expect(() => connectionUrls('ftp://example.com')).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
    expect(() => connectionUrls('not a url')).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });
});

describe('postBackUrl', () => {
  it('adds the connection id to the stream URL, keeping its query', () => {
    expect(postBackUrl('http://example.com/chat', 'c0ffee')).toBe('http://example.com/chat?sgcConnection=c0ffee');
    expect(postBackUrl('http://example.com/chat?room=1', 'a b')).toBe('http://example.com/chat?room=1&sgcConnection=a+b');
  });
});
