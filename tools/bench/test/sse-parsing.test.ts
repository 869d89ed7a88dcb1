import { describe, expect, it } from 'vitest';
import { ChunkedDecoder } from '../src/sse/chunked-decoder.js';
import { SseEventCounter, sumOpenings } from '../src/sse/event-counter.js';
import { readStreamHead } from '../src/sse/stream-client.js';

/** Feeds `text` to a fresh counter in pieces of `step` bytes. */
function count(text: string, step: number): SseEventCounter {
  const counter = new SseEventCounter();
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += step) counter.push(bytes.subarray(at, at + step));
  return counter;
}

/** What sgc's HttpServer writes on opening, then two broadcast events and a heartbeat. */
const SGC_STREAM = 'retry: 3000\n\nevent: sgc@connection\ndata: 4f1c\n\ndata: aaaa\n\n: heartbeat\n\ndata: bbbb\n\n';

describe('SseEventCounter', () => {
  it('counts default-type data events apart from the opening events, however the bytes are split', () => {
    for (const step of [1, 2, 3, 7, 1000]) {
      expect(count(SGC_STREAM, step).openings).toEqual({ messages: 2, named: { 'sgc@connection': 1 }, retries: 1, comments: 1 });
    }
  });

  it('takes CRLF line ends, "event: message" as the default type, and ignores events without data', () => {
    const counter = count('data: a\r\n\r\nevent: message\ndata: b\n\nevent: ping\n\nid: 7\n\n', 5);
    expect(counter.messages).toBe(2);
    expect(counter.openings.named).toEqual({});
  });

  it('dispatches only at the blank line, so a half-received event is not counted', () => {
    const counter = count('data: a\ndata: b\n', 4);
    expect(counter.messages).toBe(0);
    counter.push(Buffer.from('\n'));
    expect(counter.messages).toBe(1);
  });

  it('sums several streams', () => {
    const one = count(SGC_STREAM, 10).openings;
    expect(sumOpenings([one, one, count('data: x\n\n', 3).openings])).toEqual({ messages: 5, named: { 'sgc@connection': 2 }, retries: 2, comments: 2 });
  });
});

describe('ChunkedDecoder', () => {
  const body = '5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n';

  it('joins the chunks however the bytes are split, and sees the last chunk', () => {
    for (const step of [1, 2, 5, 100]) {
      const decoder = new ChunkedDecoder();
      const parts: string[] = [];
      const bytes = Buffer.from(body);
      for (let at = 0; at < bytes.length; at += step) decoder.push(bytes.subarray(at, at + step), (data) => parts.push(data.toString()));
      expect(parts.join('')).toBe('hello, world');
      expect(decoder.done).toBe(true);
    }
  });

  it('refuses a size that is not hexadecimal and data without its CRLF', () => {
    expect(() => new ChunkedDecoder().push(Buffer.from('zz\r\n'), () => {})).toThrow(/bad chunk size/);
    expect(() => new ChunkedDecoder().push(Buffer.from('2\r\nabX'), () => {})).toThrow(/CRLF/);
  });
});

describe('readStreamHead', () => {
  it('accepts a chunked event stream', () => {
    const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nTransfer-Encoding: chunked';
    expect(readStreamHead(head)).toEqual({ chunked: true });
    expect(readStreamHead('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream')).toEqual({ chunked: false });
  });

  it('refuses another status or type', () => {
    expect(() => readStreamHead('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain')).toThrow(/refused: HTTP\/1.1 404/);
    expect(() => readStreamHead('HTTP/1.1 200 OK\r\nContent-Type: text/html')).toThrow(/not an event stream/);
  });
});
