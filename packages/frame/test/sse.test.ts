import { describe, expect, it } from 'vitest';
import { SseParser, formatSseComment, formatSseEvent, isSseFieldText, type SseMessage } from '../src/index.js';

function parseAll(chunks: Array<string | Uint8Array>): { events: SseMessage[]; retries: number[]; comments: string[] } {
  const events: SseMessage[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  const parser = new SseParser({
    onEvent: (event) => events.push(event),
    onRetry: (ms) => retries.push(ms),
    onComment: (text) => comments.push(text),
  });
  for (const chunk of chunks) parser.push(chunk);
  return { events, retries, comments };
}

describe('formatSseEvent', () => {
  it('writes every field and splits data on any line break', () => {
    expect(formatSseEvent({ event: 'tick', id: '7', retry: 1500, data: 'a\nb\r\nc\rd' })).toBe(
      'event: tick\nid: 7\nretry: 1500\ndata: a\ndata: b\ndata: c\ndata: d\n\n',
    );
    expect(formatSseEvent({ data: '' })).toBe('data: \n\n');
  });

  it('refuses fields that would break the stream', () => {
    expect(() => formatSseEvent({ data: 'x', event: 'a\nb' })).toThrow(TypeError);
    expect(() => formatSseEvent({ data: 'x', id: 'a\rb' })).toThrow(TypeError);
    expect(() => formatSseEvent({ data: 'x', id: 'a\0b' })).toThrow(TypeError);
    expect(() => formatSseEvent({ data: 'x', retry: 1.5 })).toThrow(TypeError);
    expect(() => formatSseEvent({ data: 'x', retry: -1 })).toThrow(TypeError);
  });

  it('writes comments', () => {
    expect(formatSseComment('hb')).toBe(': hb\n\n');
    expect(formatSseComment()).toBe(': \n\n');
  });
});

describe('isSseFieldText', () => {
  it("recognises the manual's raw field lines", () => {
    expect(isSseFieldText('event: notifications\ndata: hello')).toBe(true);
    expect(isSseFieldText('id: 1\ndata: x\n\n')).toBe(true);
    expect(isSseFieldText('data')).toBe(true);
    expect(isSseFieldText('hello')).toBe(false);
    expect(isSseFieldText('data: x\nhello')).toBe(false);
    expect(isSseFieldText(': only a comment')).toBe(false);
    expect(isSseFieldText('')).toBe(false);
  });
});

describe('SseParser', () => {
  it('reads what formatSseEvent writes, in any chunking', () => {
    const stream = formatSseEvent({ event: 'tick', id: '7', retry: 900, data: 'a\nb' }) + formatSseEvent({ data: 'plain' });
    const whole = parseAll([stream]);
    expect(whole.events).toEqual([
      { type: 'tick', data: 'a\nb', lastEventId: '7' },
      { type: 'message', data: 'plain', lastEventId: '7' },
    ]);
    expect(whole.retries).toEqual([900]);
    const bytes = new TextEncoder().encode(stream);
    const oneByOne = parseAll([...bytes].map((byte) => Uint8Array.of(byte)));
    expect(oneByOne).toEqual(whole);
  });

  it('follows the standard on line breaks, BOM, fields and UTF-8 split across chunks', () => {
    const euro = new TextEncoder().encode('data: €\r\n\r\n');
    const result = parseAll([
      '\uFEFFdata:no space\r',
      '\ndata:  two spaces\r\revent\rdata\n\n',
      euro.subarray(0, 7),
      euro.subarray(7),
      ': a comment\nid: x\0y\nfoo: bar\nretry: 1e3\nid: 9\n\nid\ndata: z\n\n',
      'data: never dispatched',
    ]);
    expect(result.events).toEqual([
      { type: 'message', data: 'no space\n two spaces', lastEventId: '' },
      { type: 'message', data: '', lastEventId: '' },
      { type: 'message', data: '€', lastEventId: '' },
      { type: 'message', data: 'z', lastEventId: '' },
    ]);
    expect(result.comments).toEqual(['a comment']);
    expect(result.retries).toEqual([]);
  });

  it('keeps the last id across events and reports it for reconnects', () => {
    const parser = new SseParser({ onEvent: () => undefined });
    parser.push('id: 41\ndata: a\n\ndata: b\n\n');
    expect(parser.lastEventId).toBe('41');
  });
});
