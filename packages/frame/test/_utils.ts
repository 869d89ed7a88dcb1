/**
 * Shared helpers of the @sgc/frame tests: hex fixtures, a seeded PRNG, a recording
 * parser handler, and `parse`/`parseAsync`, which push one input whole, byte by byte
 * and in random splits and check that every way of splitting gives the same events.
 */
import { expect } from 'vitest';
import {
  DeflateCodec,
  FrameParser,
  SgcError,
  type DeflateAgreement,
  type FragmentInfo,
  type FrameParserHandler,
  type FrameParserOptions,
} from '../src/node.js';

/** Bytes from a hex string; spaces and line breaks are ignored. */
export function hex(text: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  if (!/^(?:[0-9a-f]{2})*$/i.test(clean)) throw new Error(`bad hex fixture: ${text}`);
  return Buffer.from(clean, 'hex');
}

/** A small deterministic PRNG (mulberry32) so random splits are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts `data` into pieces at the given offsets (sorted, may repeat: repeats give empty pieces). */
export function splitAt(data: Uint8Array, cuts: readonly number[]): Buffer[] {
  const sorted = [...cuts].map((c) => Math.max(0, Math.min(data.length, c))).sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const cut of sorted) {
    pieces.push(Buffer.from(data.subarray(start, cut)));
    start = cut;
  }
  pieces.push(Buffer.from(data.subarray(start)));
  return pieces;
}

/** Random pieces of `data`; small inputs get many cuts, large ones a few dozen. */
export function randomSplit(data: Uint8Array, random: () => number): Buffer[] {
  const count = Math.floor(random() * Math.min(data.length + 2, 40));
  const cuts = Array.from({ length: count }, () => Math.floor(random() * (data.length + 1)));
  return splitAt(data, cuts);
}

/** Every byte as its own piece. */
export function byteByByte(data: Uint8Array): Buffer[] {
  return Array.from(data, (byte) => Buffer.from([byte]));
}

/** What a parser reported, in order. Payloads are hex so failures print readably. */
export type ParserEvent =
  | ['text', string]
  | ['binary', string]
  | ['fragment', string, FragmentInfo]
  | ['ping', string]
  | ['pong', string]
  | ['close', number, string]
  | ['error', string, number | undefined];

/** A handler that records every call and notes calls made after the first onClose/onError. */
export interface Recorder {
  readonly handler: FrameParserHandler;
  readonly events: ParserEvent[];
  readonly errors: unknown[];
  /** Handler calls that came after onClose or onError (must stay 0). */
  readonly lateCalls: number;
  /** onClose and onError calls (at most 1). */
  readonly terminalCalls: number;
}

export function recorder(): Recorder {
  const events: ParserEvent[] = [];
  const errors: unknown[] = [];
  let terminal = 0;
  let late = 0;
  const record = (event: ParserEvent): void => {
    if (terminal > 0) late++;
    events.push(event);
  };
  const handler: FrameParserHandler = {
    onText: (text) => record(['text', text]),
    onBinary: (data) => record(['binary', data.toString('hex')]),
    onFragment: (data, info) => record(['fragment', data.toString('hex'), { ...info }]),
    onPing: (data) => record(['ping', data.toString('hex')]),
    onPong: (data) => record(['pong', data.toString('hex')]),
    onClose: (code, reason) => {
      record(['close', code, reason]);
      terminal++;
    },
    onError: (error) => {
      record(['error', error.code, error.closeCode]);
      errors.push(error);
      terminal++;
    },
  };
  return {
    handler,
    events,
    errors,
    get lateCalls() {
      return late;
    },
    get terminalCalls() {
      return terminal;
    },
  };
}

/** Parser options used unless a test overrides them. */
export const defaultOptions: FrameParserOptions = {
  role: 'client',
  maxPayload: 1 << 20,
  maxFragments: 1024,
  validateUtf8: true,
  fragmentMode: 'buffer',
};

/** Runs one parser over the given pieces (copied: the parser unmasks in place). */
export function runPieces(pieces: readonly Uint8Array[], options: Partial<FrameParserOptions> = {}): Recorder {
  const rec = recorder();
  const parser = new FrameParser(rec.handler, { ...defaultOptions, ...options });
  for (const piece of pieces) parser.push(Buffer.from(piece));
  return rec;
}

function splittings(input: Buffer, seed: number, randomRuns: number): { name: string; pieces: Buffer[] }[] {
  const random = prng(seed);
  const runs = [
    { name: 'whole', pieces: [input] },
    { name: 'byte by byte', pieces: byteByByte(input) },
  ];
  for (let i = 0; i < randomRuns; i++) runs.push({ name: `random split #${i} (seed ${seed})`, pieces: randomSplit(input, random) });
  return runs;
}

/**
 * Parses `input` whole, byte by byte and in `randomRuns` random splits, checks that
 * all runs report the same events and keep the handler contract, and returns them.
 */
export function parse(
  input: Buffer | string,
  options: Partial<FrameParserOptions> = {},
  { seed = 6455, randomRuns = 6 } = {},
): ParserEvent[] {
  const bytes = typeof input === 'string' ? hex(input) : input;
  let reference: ParserEvent[] | undefined;
  for (const { name, pieces } of splittings(bytes, seed, randomRuns)) {
    const rec = runPieces(pieces, options);
    expect(rec.lateCalls, `${name}: handler calls after close/error`).toBe(0);
    expect(rec.terminalCalls, `${name}: onClose/onError calls`).toBeLessThanOrEqual(1);
    for (const error of rec.errors) expect(error, name).toBeInstanceOf(SgcError);
    if (reference === undefined) reference = rec.events;
    else expect(rec.events, `${name} differs from the whole input`).toEqual(reference);
  }
  return reference!;
}

/** A codec whose inflate calls are counted, so a test can wait until the parser is idle. */
export interface CountingCodec {
  readonly codec: DeflateCodec;
  /** decompress calls whose callback has not run yet; a negative value means a callback ran twice. */
  readonly pending: () => number;
  readonly calls: () => number;
}

export function countingCodec(agreement: DeflateAgreement): CountingCodec {
  const codec = new DeflateCodec(agreement);
  let pending = 0;
  let calls = 0;
  const decompress = codec.decompress.bind(codec);
  codec.decompress = (data, fin, limit, callback) => {
    pending++;
    calls++;
    decompress(data, fin, limit, (error, inflated) => {
      pending--;
      callback(error, inflated);
    });
  };
  return { codec, pending: () => pending, calls: () => calls };
}

/** Resolves once no inflate is in flight (checked across event-loop turns); rejects after `timeoutMs`. */
export async function settle(counting: CountingCodec, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietTurns = 0;
  while (quietTurns < 2) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (counting.pending() < 0) throw new Error('a decompress callback ran more than once');
    quietTurns = counting.pending() === 0 ? quietTurns + 1 : 0;
    if (Date.now() > deadline) throw new Error(`parser still inflating after ${timeoutMs} ms`);
  }
}

/** Runs one parser with a fresh codec over the given pieces and waits until it is idle. */
export async function runPiecesAsync(
  pieces: readonly Uint8Array[],
  agreement: DeflateAgreement,
  options: Partial<FrameParserOptions> = {},
): Promise<Recorder> {
  const rec = recorder();
  const counting = countingCodec(agreement);
  const parser = new FrameParser(rec.handler, { ...defaultOptions, ...options, codec: counting.codec });
  for (const piece of pieces) parser.push(Buffer.from(piece));
  await settle(counting);
  counting.codec.close();
  return rec;
}

/** {@link parse} with a real {@link DeflateCodec} (a fresh one per run, as each run is a new connection). */
export async function parseAsync(
  input: Buffer | string,
  agreement: DeflateAgreement,
  options: Partial<FrameParserOptions> = {},
  { seed = 7692, randomRuns = 4 } = {},
): Promise<ParserEvent[]> {
  const bytes = typeof input === 'string' ? hex(input) : input;
  let reference: ParserEvent[] | undefined;
  for (const { name, pieces } of splittings(bytes, seed, randomRuns)) {
    const rec = await runPiecesAsync(pieces, agreement, options);
    expect(rec.lateCalls, `${name}: handler calls after close/error`).toBe(0);
    expect(rec.terminalCalls, `${name}: onClose/onError calls`).toBeLessThanOrEqual(1);
    for (const error of rec.errors) expect(error, name).toBeInstanceOf(SgcError);
    if (reference === undefined) reference = rec.events;
    else expect(rec.events, `${name} differs from the whole input`).toEqual(reference);
  }
  return reference!;
}

/** Hex of the UTF-8 bytes of a string, for expected binary/fragment payloads. */
export function hexOf(text: string): string {
  return Buffer.from(text).toString('hex');
}

/**
 * An independent, minimal frame encoder (RFC 6455 §5.2) used to build fixtures and fuzz
 * inputs, so the parser is not only ever fed by the serializer under test.
 */
export function frame(
  opcode: number,
  payload: Uint8Array,
  { fin = true, rsv = 0, mask }: { fin?: boolean; rsv?: number; mask?: Uint8Array | undefined } = {},
): Buffer {
  const length = payload.length;
  const header: number[] = [(fin ? 0x80 : 0) | (rsv << 4) | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126) header.push(maskBit | length);
  else if (length < 65536) header.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    header.push(maskBit | 127, 0, 0);
    const high = Math.floor(length / 2 ** 32);
    header.push((high >> 8) & 0xff, high & 0xff, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
  }
  const body = Buffer.from(payload);
  if (mask) {
    header.push(...mask);
    for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ mask[i & 3]!;
  }
  return Buffer.concat([Buffer.from(header), body]);
}

/**
 * A reference written from the Unicode well-formed byte sequence table (Unicode §3.9,
 * table 3-7): the index of the first byte after which `bytes[0..index]` can no longer
 * begin well-formed UTF-8, or -1 when every prefix is still valid.
 */
export function firstInvalidIndex(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b === 0xe0) [length, low] = [3, 0xa0];
    else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) length = 3;
    else if (b === 0xed) [length, high] = [3, 0x9f];
    else if (b === 0xf0) [length, low] = [4, 0x90];
    else if (b >= 0xf1 && b <= 0xf3) length = 4;
    else if (b === 0xf4) [length, high] = [4, 0x8f];
    else return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return -1;
      const c = bytes[i + k]!;
      const [lo, hi] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c < lo || c > hi) return i + k;
    }
    i += length;
  }
  return -1;
}

/**
 * A permessage-deflate agreement seen from the receiving end: 15-bit windows, context takeover,
 * threshold 0, with `overrides` applied.
 */
export function pmd(overrides: Partial<DeflateAgreement> = {}): DeflateAgreement {
  return {
    extension: 'permessage-deflate',
    perFrame: false,
    sendNoContextTakeover: false,
    receiveNoContextTakeover: false,
    sendMaxWindowBits: 15,
    receiveMaxWindowBits: 15,
    threshold: 0,
    memLevel: 8,
    level: -1,
    ...overrides,
  };
}
