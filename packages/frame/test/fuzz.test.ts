/**
 * Fuzzing of the frame parser, on a fixed budget.
 *
 * (a) Valid frame sequences (random opcodes, fragmentation, lengths, masking, control
 *     frames between fragments, an optional close) pushed in random splits must decode to
 *     exactly the generated messages; the same with permessage-deflate.
 * (b) Mutated streams (bit flips, byte changes, insertions, deletions, truncation, header
 *     bit flips) pushed in random splits must never throw, must end with at most one
 *     onClose/onError and no later handler call, and must match an independent reference
 *     parser (below): the same events, and an error whose code and close code fit the rule
 *     the input broke. With a codec, the run must also finish within a bounded time.
 *
 * The seed is fixed so CI runs the same cases every time; set SGC_FUZZ_SEED to explore.
 */
import fc from 'fast-check';
import { constants, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorCode,
  FrameParser,
  isValidCloseCode,
  SgcError,
  type DeflateAgreement,
  type FragmentMode,
  type FrameParserOptions,
} from '../src/node.js';
import {
  countingCodec,
  firstInvalidIndex,
  frame,
  pmd,
  prng,
  recorder,
  settle,
  splitAt,
  type ParserEvent,
  type Recorder,
} from './_utils.js';

const SEED = Number(process.env.SGC_FUZZ_SEED ?? 0x6455);
const ALLOWED_CLOSE_CODES = [1002, 1007, 1008, 1009];

beforeAll(() => {
  console.info(`fuzz.test.ts: fast-check seed ${SEED} (set SGC_FUZZ_SEED to change it)`);
});

// ---------------------------------------------------------------------------
// The model: what a sender generates, serialised with the independent encoder.
// ---------------------------------------------------------------------------

interface Control {
  readonly kind: 'control';
  readonly opcode: 9 | 10;
  readonly payload: Uint8Array;
}
interface Message {
  readonly kind: 'message';
  readonly opcode: 1 | 2;
  readonly payload: Buffer;
  /** Where the (possibly compressed) payload is cut into fragments, as fractions of 1e6. */
  readonly cuts: readonly number[];
  /** Control frames sent after fragment i (ignored after the last). */
  readonly between: readonly (Control | null)[];
  readonly compress: boolean;
}
interface Scenario {
  readonly role: 'client' | 'server';
  readonly fragmentMode: FragmentMode;
  readonly validateUtf8: boolean;
  readonly items: readonly (Message | Control)[];
  readonly close: { code: number; reason: string } | 'empty' | null;
  /** Bytes after the close frame, which the parser must ignore. */
  readonly trailing: Uint8Array;
  readonly maskSeed: number;
}

function bytesFromSeed(length: number, seed: number): Buffer {
  const random = prng(seed);
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

const payloadArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 12, arbitrary: fc.uint8Array({ maxLength: 200 }) },
  { weight: 3, arbitrary: fc.integer({ min: 120, max: 131 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 65530, max: 65541 }), fc.integer()).map(([n, seed]) => bytesFromSeed(n, seed)) },
);
const textArb: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 10, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => Buffer.from(s)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 120, maxLength: 130 }).map((s) => Buffer.from(s)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.integer({ min: 2000, max: 20000 }))
      .map(([s, n]) => Buffer.from(s.repeat(Math.ceil(n / s.length)))),
  },
);
const controlArb: fc.Arbitrary<Control> = fc.record({
  kind: fc.constant('control' as const),
  opcode: fc.constantFrom(9 as const, 10 as const),
  payload: fc.uint8Array({ maxLength: 125 }),
});
function messageArb(compression: boolean): fc.Arbitrary<Message> {
  return fc.record({
    kind: fc.constant('message' as const),
    opcode: fc.constantFrom(1 as const, 2 as const),
    payload: fc.constant(Buffer.alloc(0)),
    cuts: fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 5 }),
    between: fc.array(fc.option(controlArb, { freq: 2 }), { maxLength: 5 }),
    compress: compression ? fc.boolean() : fc.constant(false),
  }).chain((m) => (m.opcode === 1 ? textArb : payloadArb).map((payload) => ({ ...m, payload: Buffer.from(payload) })));
}
const closeArb = fc.oneof(
  fc.constant(null),
  fc.constant('empty' as const),
  fc.record({
    code: fc.oneof(fc.constantFrom(1000, 1001, 1002, 1003, 1007, 1011, 1014), fc.integer({ min: 3000, max: 4999 })),
    reason: fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => Buffer.byteLength(s) <= 123),
  }),
);
function scenarioArb(compression: boolean): fc.Arbitrary<Scenario> {
  return fc.record({
    role: fc.constantFrom('client' as const, 'server' as const),
    fragmentMode: compression ? fc.constant('buffer' as const) : fc.constantFrom('buffer' as const, 'fragments' as const, 'all' as const),
    validateUtf8: fc.boolean(),
    items: fc.array(fc.oneof({ weight: 3, arbitrary: messageArb(compression) }, { weight: 1, arbitrary: controlArb }), { maxLength: 6 }),
    close: closeArb,
    trailing: fc.uint8Array({ maxLength: 8 }),
    maskSeed: fc.integer(),
  });
}

/** RFC 7692 §7.2.1: a sync-flushed raw deflate stream without its 00 00 ff ff tail. */
function deflate(data: Uint8Array): Buffer {
  return deflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, -4);
}

interface Built {
  readonly bytes: Buffer;
  /** Offsets of every frame header, for header mutations. */
  readonly frameStarts: readonly number[];
  readonly expected: ParserEvent[];
}

function build(s: Scenario): Built {
  const random = prng(s.maskSeed);
  const mask = (): Buffer | undefined =>
    s.role === 'server' ? Buffer.from([0, 0, 0, 0].map(() => Math.floor(random() * 256))) : undefined;
  const frames: Buffer[] = [];
  const expected: ParserEvent[] = [];
  const control = (c: Control): void => {
    frames.push(frame(c.opcode, c.payload, { mask: mask() }));
    expected.push([c.opcode === 9 ? 'ping' : 'pong', Buffer.from(c.payload).toString('hex')]);
  };
  for (const item of s.items) {
    if (item.kind === 'control') {
      control(item);
      continue;
    }
    const wire = item.compress ? deflate(item.payload) : item.payload;
    const pieces = splitAt(wire, item.cuts.map((c) => Math.floor((c / 1_000_000) * (wire.length + 1))));
    let received = 0;
    pieces.forEach((piece, i) => {
      const last = i === pieces.length - 1;
      frames.push(frame(i === 0 ? item.opcode : 0, piece, { fin: last, rsv: i === 0 && item.compress ? 4 : 0, mask: mask() }));
      received += piece.length;
      if (s.fragmentMode !== 'buffer') {
        expected.push(['fragment', piece.toString('hex'), { opcode: item.opcode, continuation: !last, received }]);
      }
      const between = item.between[i];
      if (!last && between) control(between);
    });
    if (s.fragmentMode !== 'fragments') {
      expected.push(item.opcode === 1 ? ['text', item.payload.toString('utf8')] : ['binary', item.payload.toString('hex')]);
    }
  }
  if (s.close !== null) {
    const payload = s.close === 'empty' ? Buffer.alloc(0) : Buffer.concat([Buffer.from([s.close.code >> 8, s.close.code & 0xff]), Buffer.from(s.close.reason)]);
    frames.push(frame(8, payload, { mask: mask() }));
    expected.push(s.close === 'empty' ? ['close', 1005, ''] : ['close', s.close.code, s.close.reason]);
    frames.push(Buffer.from(s.trailing));
  }
  const frameStarts: number[] = [];
  let at = 0;
  for (const f of frames) {
    frameStarts.push(at);
    at += f.length;
  }
  return { bytes: Buffer.concat(frames), frameStarts, expected };
}

function parserOptions(s: Pick<Scenario, 'role' | 'fragmentMode' | 'validateUtf8'>, limits: Partial<FrameParserOptions> = {}): FrameParserOptions {
  return { role: s.role, fragmentMode: s.fragmentMode, validateUtf8: s.validateUtf8, maxPayload: 1 << 20, maxFragments: 1024, ...limits };
}

/** Cut points given as fractions of 1e6 of the input length. */
const splitArb = fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 30 });
function cutsFor(length: number, fractions: readonly number[]): number[] {
  return fractions.map((f) => Math.floor((f / 1_000_000) * (length + 1)));
}

// ---------------------------------------------------------------------------
// The reference parser: whole input at once, straight from RFC 6455 §5 and §7.
// ---------------------------------------------------------------------------

interface Verdict {
  readonly events: ParserEvent[];
  /** The (code, close code) pairs the parser may report; undefined when the input breaks no rule. */
  readonly failure?: readonly (readonly [ErrorCode, number])[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function reference(input: Buffer, options: FrameParserOptions): Verdict {
  const events: ParserEvent[] = [];
  const fail = (...pairs: (readonly [ErrorCode, number])[]): Verdict => ({ events, failure: pairs });
  let pos = 0;
  let messageOpcode = 0;
  let messageFrames = 0;
  let messageBytes = 0;
  let message: Buffer[] = [];
  for (;;) {
    if (input.length - pos < 2) return { events };
    const b0 = input[pos]!;
    const b1 = input[pos + 1]!;
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    const masked = (b1 & 0x80) !== 0;
    const length7 = b1 & 0x7f;
    const control = opcode >= 8;
    // §5.2, §5.4, §5.5, §5.1: every rule the header breaks; the parser may report any of them.
    const broken: ErrorCode[] = [];
    if ((b0 & 0x70) !== 0) broken.push(ErrorCode.UnexpectedRsv);
    if ((opcode >= 3 && opcode <= 7) || opcode >= 11) broken.push(ErrorCode.InvalidOpcode);
    if (control && !fin) broken.push(ErrorCode.FragmentedControlFrame);
    if (control && length7 > 125) broken.push(ErrorCode.ControlFrameTooLong);
    if (opcode === 0 && messageOpcode === 0) broken.push(ErrorCode.UnexpectedContinuation);
    if ((opcode === 1 || opcode === 2) && messageOpcode !== 0) broken.push(ErrorCode.ExpectedContinuation);
    if (masked !== (options.role === 'server')) broken.push(masked ? ErrorCode.MaskForbidden : ErrorCode.MaskRequired);
    if (broken.length > 0) return fail(...broken.map((code) => [code, 1002] as const));
    pos += 2;
    let length = length7;
    if (length7 === 126) {
      if (input.length - pos < 2) return { events };
      length = input.readUInt16BE(pos);
      pos += 2;
    } else if (length7 === 127) {
      if (input.length - pos < 8) return { events };
      const high = input.readUInt32BE(pos);
      if (high >= 0x80000000) return fail([ErrorCode.InvalidLength, 1002]);
      if (high >= 0x200000) return fail([ErrorCode.PayloadTooLarge, 1009]);
      length = high * 2 ** 32 + input.readUInt32BE(pos + 4);
      pos += 8;
    }
    if (!control) {
      const first = opcode !== 0;
      const frames = (first ? 0 : messageFrames) + 1;
      const bytes = (first ? 0 : messageBytes) + length;
      const limits: (readonly [ErrorCode, number])[] = [];
      if (frames > options.maxFragments) limits.push([ErrorCode.TooManyFragments, 1008]);
      if (bytes > options.maxPayload) limits.push([ErrorCode.PayloadTooLarge, 1009]);
      if (limits.length > 0) return fail(...limits);
      if (first) {
        messageOpcode = opcode;
        message = [];
      }
      messageFrames = frames;
      messageBytes = bytes;
    }
    let key: Buffer | undefined;
    if (masked) {
      if (input.length - pos < 4) return { events };
      key = input.subarray(pos, pos + 4);
      pos += 4;
    }
    const available = Math.min(length, input.length - pos);
    const payload = Buffer.from(input.subarray(pos, pos + available));
    if (key) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ key[i & 3]!;
    if (control) {
      if (available < length) return { events };
      pos += length;
      if (opcode === 9) events.push(['ping', payload.toString('hex')]);
      else if (opcode === 10) events.push(['pong', payload.toString('hex')]);
      else {
        // §5.5.1, §7.4: empty, or a code allowed on the wire and a UTF-8 reason.
        if (length === 1) return fail([ErrorCode.InvalidClosePayload, 1002]);
        if (length === 0) {
          events.push(['close', 1005, '']);
          return { events };
        }
        const code = payload.readUInt16BE(0);
        if (!isValidCloseCode(code)) return fail([ErrorCode.InvalidCloseCode, 1002]);
        if (!isUtf8(payload.subarray(2))) return fail([ErrorCode.InvalidUtf8, 1007]);
        events.push(['close', code, payload.subarray(2).toString('utf8')]);
        return { events };
      }
      continue;
    }
    const text = messageOpcode === 1 && options.validateUtf8;
    // §8.1: fail as soon as the text received so far cannot start valid UTF-8.
    if (text && firstInvalidIndex(Buffer.concat([...message, payload])) !== -1) return fail([ErrorCode.InvalidUtf8, 1007]);
    if (available < length) return { events };
    pos += length;
    message.push(payload);
    if (fin) {
      const whole = Buffer.concat(message);
      if (text && !isUtf8(whole)) return fail([ErrorCode.InvalidUtf8, 1007]);
      if (options.fragmentMode !== 'buffer') {
        events.push(['fragment', payload.toString('hex'), { opcode: messageOpcode as 1 | 2, continuation: false, received: messageBytes }]);
      }
      if (options.fragmentMode !== 'fragments') {
        events.push(messageOpcode === 1 ? ['text', whole.toString('utf8')] : ['binary', whole.toString('hex')]);
      }
      messageOpcode = 0;
    } else if (options.fragmentMode !== 'buffer') {
      events.push(['fragment', payload.toString('hex'), { opcode: messageOpcode as 1 | 2, continuation: true, received: messageBytes }]);
    }
  }
}

// ---------------------------------------------------------------------------
// Running the parser under test.
// ---------------------------------------------------------------------------

interface Run {
  readonly rec: Recorder;
  readonly thrown: unknown[];
}

function run(pieces: readonly Buffer[], options: FrameParserOptions): Run {
  const rec = recorder();
  const thrown: unknown[] = [];
  const parser = new FrameParser(rec.handler, options);
  for (const piece of pieces) {
    try {
      parser.push(Buffer.from(piece));
    } catch (error) {
      thrown.push(error);
    }
  }
  return { rec, thrown };
}

/** The handler contract every run must keep, valid input or not. */
function checkContract({ rec, thrown }: Run): void {
  expect(thrown, 'exceptions escaping push()').toEqual([]);
  expect(rec.lateCalls, 'handler calls after onClose/onError').toBe(0);
  expect(rec.terminalCalls, 'onClose/onError calls').toBeLessThanOrEqual(1);
  for (const error of rec.errors) {
    expect(error).toBeInstanceOf(SgcError);
    expect(Object.values(ErrorCode)).toContain((error as SgcError).code);
    expect(ALLOWED_CLOSE_CODES).toContain((error as SgcError).closeCode);
  }
}

/** Compares a run with the reference verdict. */
function checkAgainst(verdict: Verdict, { rec }: Run): void {
  if (verdict.failure === undefined) {
    expect(rec.events).toEqual(verdict.events);
    return;
  }
  expect(rec.events.slice(0, -1)).toEqual(verdict.events);
  const last = rec.events.at(-1);
  expect(last?.[0]).toBe('error');
  const [, code, closeCode] = last as ['error', ErrorCode, number];
  expect(verdict.failure.map(([c, cc]) => `${c}/${cc}`)).toContain(`${code}/${closeCode}`);
}

// ---------------------------------------------------------------------------
// Mutations.
// ---------------------------------------------------------------------------

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'duplicate'; at: number; count: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'header'; frame: number; byte: 0 | 1; bit: number };

const at = fc.nat({ max: 999_999 });
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at, bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at, value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), at, count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at, count: fc.integer({ min: 1, max: 24 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at }),
  // Header bits matter most: FIN, RSV, opcode, MASK and length bits of a frame start.
  fc.record({ kind: fc.constant('header' as const), frame: fc.nat({ max: 40 }), byte: fc.constantFrom(0 as const, 1 as const), bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('header' as const), frame: fc.nat({ max: 40 }), byte: fc.constant(0 as const), bit: fc.nat({ max: 3 }) }),
);

function mutate(built: Built, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(built.bytes);
  for (const m of mutations) {
    const pos = m.kind === 'header' ? -1 : Math.floor((m.at / 1_000_000) * bytes.length);
    switch (m.kind) {
      case 'flip':
        if (pos < bytes.length) bytes[pos] = bytes[pos]! ^ (1 << m.bit);
        break;
      case 'set':
        if (pos < bytes.length) bytes[pos] = m.value;
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, pos), m.bytes, bytes.subarray(pos)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, pos), bytes.subarray(pos + m.count)]);
        break;
      case 'duplicate':
        bytes = Buffer.concat([bytes.subarray(0, pos + m.count), bytes.subarray(pos)]);
        break;
      case 'truncate':
        bytes = bytes.subarray(0, pos);
        break;
      case 'header': {
        const start = built.frameStarts[m.frame % Math.max(1, built.frameStarts.length)] ?? 0;
        if (start + m.byte < bytes.length) bytes[start + m.byte] = bytes[start + m.byte]! ^ (1 << m.bit);
        break;
      }
    }
  }
  return bytes;
}

const limitsArb = fc.record({
  maxPayload: fc.constantFrom(0, 64, 1000, 70_000, 1 << 20),
  maxFragments: fc.constantFrom(1, 3, 1024),
});

// ---------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------

/** Error codes and outcomes seen by the mutation fuzzers, to check they reach every rule. */
const seen = new Map<string, number>();
const note = (key: string): void => void seen.set(key, (seen.get(key) ?? 0) + 1);
afterAll(() => {
  console.info(`fuzz.test.ts outcomes: ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);
});

/** The agreements the codec fuzzers run under, seen from the receiver. */
const agreements = {
  'permessage-deflate, no context takeover': pmd({ sendNoContextTakeover: true, receiveNoContextTakeover: true }),
  'permessage-deflate, context takeover': pmd(),
  'deflate-frame': pmd({ extension: 'x-webkit-deflate-frame', perFrame: true }),
} satisfies Record<string, DeflateAgreement>;
const agreementNames = Object.keys(agreements) as (keyof typeof agreements)[];

describe('fuzz: valid frame sequences', () => {
  it('decode to exactly the generated messages however they are split', () => {
    fc.assert(
      fc.property(scenarioArb(false), splitArb, (scenario, fractions) => {
        const built = build(scenario);
        const options = parserOptions(scenario);
        // The reference parser agrees with the model, so it can be trusted on mutated input.
        expect(reference(built.bytes, options)).toEqual({ events: built.expected });
        for (const pieces of [[built.bytes], splitAt(built.bytes, cutsFor(built.bytes.length, fractions))]) {
          const result = run(pieces, options);
          checkContract(result);
          expect(result.rec.events).toEqual(built.expected);
        }
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('decode byte by byte to the generated messages', () => {
    fc.assert(
      fc.property(scenarioArb(false), (scenario) => {
        const built = build(scenario);
        fc.pre(built.bytes.length < 4096);
        const result = run(Array.from(built.bytes, (b) => Buffer.from([b])), parserOptions(scenario));
        checkContract(result);
        expect(result.rec.events).toEqual(built.expected);
      }),
      { seed: SEED + 1, numRuns: 250 },
    );
  });

  it('decode with permessage-deflate to exactly the generated messages', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(true), splitArb, async (scenario, fractions) => {
        const built = build(scenario);
        const counting = countingCodec(agreements['permessage-deflate, no context takeover']);
        const rec = recorder();
        const parser = new FrameParser(rec.handler, { ...parserOptions(scenario), codec: counting.codec });
        for (const piece of splitAt(built.bytes, cutsFor(built.bytes.length, fractions))) parser.push(piece);
        await settle(counting, 5000);
        counting.codec.close();
        checkContract({ rec, thrown: [] });
        expect(rec.events).toEqual(built.expected);
      }),
      { seed: SEED + 2, numRuns: 100 },
    );
  });
});

describe('fuzz: mutated frame streams', () => {
  it('never throw, fail at most once with 1002/1007/1008/1009, and match the reference parser', () => {
    fc.assert(
      fc.property(
        scenarioArb(false),
        fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
        limitsArb,
        splitArb,
        (scenario, mutations, limits, fractions) => {
          const built = build(scenario);
          const input = mutate(built, mutations);
          const options = parserOptions(scenario, limits);
          const verdict = reference(input, options);
          for (const pieces of [[input], splitAt(input, cutsFor(input.length, fractions))]) {
            const result = run(pieces, options);
            checkContract(result);
            checkAgainst(verdict, result);
          }
          const last = verdict.failure ? `error ${verdict.failure[0]![1]}` : (verdict.events.at(-1)?.[0] ?? 'nothing');
          note(last === 'close' ? 'close' : last.startsWith('error') ? last : 'clean');
        },
      ),
      { seed: SEED + 3, numRuns: 4000 },
    );
    // The mutations must reach every kind of outcome, or the fuzzer tests little.
    for (const outcome of ['clean', 'close', 'error 1002', 'error 1007', 'error 1008', 'error 1009']) {
      expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    }
  });

  it('report the same thing byte by byte', () => {
    fc.assert(
      fc.property(scenarioArb(false), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), limitsArb, (scenario, mutations, limits) => {
        const input = mutate(build(scenario), mutations);
        fc.pre(input.length < 4096);
        const options = parserOptions(scenario, limits);
        const result = run(Array.from(input, (b) => Buffer.from([b])), options);
        checkContract(result);
        checkAgainst(reference(input, options), result);
      }),
      { seed: SEED + 4, numRuns: 500 },
    );
  });

  it('with a deflate codec, never throw, fail at most once and finish within a bounded time', async () => {
    await fc.assert(
      fc.asyncProperty(
        scenarioArb(true),
        fc.array(mutationArb, { maxLength: 3 }),
        limitsArb,
        splitArb,
        fc.constantFrom(...agreementNames),
        async (scenario, mutations, limits, fractions, name) => {
          const input = mutate(build(scenario), mutations);
          const counting = countingCodec(agreements[name]);
          const rec = recorder();
          const thrown: unknown[] = [];
          const parser = new FrameParser(rec.handler, { ...parserOptions(scenario, limits), codec: counting.codec });
          for (const piece of splitAt(input, cutsFor(input.length, fractions))) {
            try {
              parser.push(piece);
            } catch (error) {
              thrown.push(error);
            }
          }
          await settle(counting, 5000); // rejects if an inflate never calls back
          counting.codec.close();
          checkContract({ rec, thrown });
          const last = rec.events.at(-1);
          note(`codec: ${last?.[0] === 'error' ? `error ${last[2]}` : (last?.[0] ?? 'nothing')}`);
        },
      ),
      { seed: SEED + 5, numRuns: 400 },
    );
    for (const outcome of ['error 1002', 'error 1007', 'error 1009']) expect(seen.get(`codec: ${outcome}`) ?? 0, outcome).toBeGreaterThan(0);
  });
});
