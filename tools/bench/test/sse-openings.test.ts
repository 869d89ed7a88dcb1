import { describe, expect, it } from 'vitest';
import { expectedOpenings, openingsProblem } from '../src/sse/sse-rig.js';

describe('SSE opening events', () => {
  it('expects one retry line and one sgc@connection event per sgc stream, nothing from the floor', () => {
    expect(expectedOpenings('sgc', 300)).toEqual({ messages: 0, named: { 'sgc@connection': 300 }, retries: 300, comments: 0 });
    expect(openingsProblem('sgc', 300, expectedOpenings('sgc', 300))).toBeUndefined();
    expect(openingsProblem('http', 300, { messages: 0, named: {}, retries: 0, comments: 0 })).toBeUndefined();
  });

  it('ignores heartbeat comments', () => {
    expect(openingsProblem('sgc', 2, { messages: 0, named: { 'sgc@connection': 2 }, retries: 2, comments: 2 })).toBeUndefined();
  });

  it('names what differs: a missing connection event, a stray data event, an unexpected type', () => {
    expect(openingsProblem('sgc', 300, { messages: 0, named: { 'sgc@connection': 299 }, retries: 300, comments: 0 })).toMatch(
      /299 sgc@connection events \(expected 300\)/,
    );
    expect(openingsProblem('http', 3, { messages: 1, named: { hello: 3 }, retries: 0, comments: 0 })).toMatch(
      /1 data events \(expected 0\), 3 hello events \(expected 0\)/,
    );
  });
});
