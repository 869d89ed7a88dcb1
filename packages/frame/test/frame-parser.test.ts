import { describe, expect, it } from 'vitest';
import { ErrorCode, FrameParser, SgcError, type FrameParserOptions } from '../src/node.js';
import { frame, hex, hexOf, parse, recorder, type ParserEvent } from './_utils.js';

const HELLO = '48656c6c6f';
const MASK = '37fa213d';
const MASKED_HELLO = '7f9f4d5158';

function error(code: ErrorCode, closeCode: number): ParserEvent {
  return ['error', code, closeCode];
}

/** A parser fed piece by piece by the test itself, to see at which push something happens. */
function stepper(options: Partial<FrameParserOptions> = {}) {
  const rec = recorder();
  const parser = new FrameParser(rec.handler, {
    role: 'client',
    maxPayload: 1 << 20,
    maxFragments: 1024,
    validateUtf8: true,
    fragmentMode: 'buffer',
    ...options,
  });
  return { parser, rec, push: (bytes: string) => parser.push(hex(bytes)) };
}

describe('FrameParser: RFC 6455 §5.7 examples', () => {
  it('parses a single-frame unmasked text message', () => {
    expect(parse(`8105${HELLO}`)).toEqual([['text', 'Hello']]);
  });

  it('parses a single-frame masked text message', () => {
    expect(parse(`8185${MASK}${MASKED_HELLO}`, { role: 'server' })).toEqual([['text', 'Hello']]);
  });

  it('parses a fragmented unmasked text message', () => {
    expect(parse('010348656c 80026c6f')).toEqual([['text', 'Hello']]);
  });

  it('parses an unmasked ping', () => {
    expect(parse(`8905${HELLO}`)).toEqual([['ping', HELLO]]);
  });

  it('parses a masked pong', () => {
    expect(parse(`8a85${MASK}${MASKED_HELLO}`, { role: 'server' })).toEqual([['pong', HELLO]]);
  });

  it('parses a 256-byte binary message with a 16-bit length', () => {
    const payload = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(parse(Buffer.concat([hex('827e0100'), payload]))).toEqual([['binary', payload.toString('hex')]]);
  });

  it('parses a 64 KiB binary message with a 64-bit length', () => {
    const payload = Buffer.from(Array.from({ length: 65536 }, (_, i) => (i * 31) & 0xff));
    const input = Buffer.concat([hex('827f0000000000010000'), payload]);
    expect(parse(input, {}, { randomRuns: 3 })).toEqual([['binary', payload.toString('hex')]]);
  });
});

describe('FrameParser: lengths and empty frames', () => {
  it.each([
    ['text', '8100', ['text', '']],
    ['binary', '8200', ['binary', '']],
    ['ping', '8900', ['ping', '']],
    ['pong', '8a00', ['pong', '']],
    ['close', '8800', ['close', 1005, '']],
  ] as const)('parses an empty %s frame at the very end of the input', (_name, input, event) => {
    expect(parse(input)).toEqual([event]);
  });

  it('parses empty masked frames sent to a server', () => {
    expect(parse(`8980${MASK} 8180${MASK} 8880${MASK}`, { role: 'server' })).toEqual([
      ['ping', ''],
      ['text', ''],
      ['close', 1005, ''],
    ]);
  });

  it.each([125, 126, 127, 65535, 65536, 70000])('parses a %i-byte binary frame, masked and unmasked', (length) => {
    const payload = Buffer.from(Array.from({ length }, (_, i) => (i * 7) & 0xff));
    const expected = [['binary', payload.toString('hex')]];
    const runs = { randomRuns: length > 1000 ? 2 : 6 };
    expect(parse(frame(2, payload), {}, runs)).toEqual(expected);
    expect(parse(frame(2, payload, { mask: hex('a1b2c3d4') }), { role: 'server' }, runs)).toEqual(expected);
  });

  it('accepts a length written in more bytes than needed', () => {
    expect(parse(`827e0003 616263 827f0000000000000001 64`)).toEqual([
      ['binary', '616263'],
      ['binary', '64'],
    ]);
  });

  it('parses a large masked text message with multi-byte characters', () => {
    const text = 'aé€😀'.repeat(7000);
    expect(parse(frame(1, Buffer.from(text), { mask: hex('0badf00d') }), { role: 'server' }, { randomRuns: 2 })).toEqual([
      ['text', text],
    ]);
  });

  it('parses several frames in one chunk', () => {
    expect(parse(`8105${HELLO} 8201ff 8900 8a0161 8802 03e8`)).toEqual([
      ['text', 'Hello'],
      ['binary', 'ff'],
      ['ping', ''],
      ['pong', '61'],
      ['close', 1000, ''],
    ]);
  });
});

describe('FrameParser: control frames (§5.5)', () => {
  it('fails a ping longer than 125 bytes with 1002 as soon as the header arrives', () => {
    expect(parse(Buffer.concat([hex('897e007e'), Buffer.alloc(126)]))).toEqual([error(ErrorCode.ControlFrameTooLong, 1002)]);
    const { rec, push } = stepper();
    push('897e');
    expect(rec.events).toEqual([error(ErrorCode.ControlFrameTooLong, 1002)]);
  });

  it.each(['887e007e', '8a7f0000000000000080', '897f'])('fails control frame header %s with 1002', (input) => {
    expect(parse(input)).toEqual([error(ErrorCode.ControlFrameTooLong, 1002)]);
  });

  it('accepts a control frame of exactly 125 bytes', () => {
    const payload = Buffer.alloc(125, 0x61);
    expect(parse(frame(9, payload))).toEqual([['ping', payload.toString('hex')]]);
  });

  it.each(['0900', '0800', '0a00', `0905${HELLO}`])('fails fragmented control frame %s with 1002', (input) => {
    expect(parse(input)).toEqual([error(ErrorCode.FragmentedControlFrame, 1002)]);
  });

  it('delivers a ping that arrives between fragments before the message', () => {
    expect(parse(`010348656c 8905${HELLO} 80026c6f`)).toEqual([
      ['ping', HELLO],
      ['text', 'Hello'],
    ]);
  });

  it('delivers empty control frames between fragments', () => {
    expect(parse('010148 8900 000165 8a00 80036c6c6f')).toEqual([
      ['ping', ''],
      ['pong', ''],
      ['text', 'Hello'],
    ]);
  });

  it('does not count control frames as fragments', () => {
    expect(parse('010148 8900 8900 8900 8004656c6c6f', { maxFragments: 2 })).toEqual([
      ['ping', ''],
      ['ping', ''],
      ['ping', ''],
      ['text', 'Hello'],
    ]);
  });
});

describe('FrameParser: close frames (§5.5.1, §7.4)', () => {
  it('reports 1005 for an empty close frame', () => {
    expect(parse('8800')).toEqual([['close', 1005, '']]);
  });

  it('reports the code and reason of a close frame', () => {
    expect(parse(`8805 03e8 627965`)).toEqual([['close', 1000, 'bye']]);
    expect(parse(`8807 0fa0 c3a9c3a9 21`)).toEqual([['close', 4000, 'éé!']]);
  });

  it('reports a masked close frame sent to a server', () => {
    expect(parse(frame(8, hex('03e9 6279'), { mask: hex(MASK) }), { role: 'server' })).toEqual([['close', 1001, 'by']]);
  });

  const validCodes = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999];
  it.each(validCodes)('accepts close code %i', (code) => {
    expect(parse(frame(8, Buffer.from([code >> 8, code & 0xff])))).toEqual([['close', code, '']]);
  });

  const invalidCodes = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535];
  it.each(invalidCodes)('fails close code %i with 1002', (code) => {
    expect(parse(frame(8, Buffer.from([code >> 8, code & 0xff, 0x61])))).toEqual([error(ErrorCode.InvalidCloseCode, 1002)]);
  });

  it('fails a one-byte close payload with 1002', () => {
    expect(parse('880103')).toEqual([error(ErrorCode.InvalidClosePayload, 1002)]);
  });

  it.each(['c328', 'eda080', 'e282', 'ff'])('fails a close reason of invalid UTF-8 (%s) with 1007', (reason) => {
    expect(parse(frame(8, hex(`03e8 ${reason}`)))).toEqual([error(ErrorCode.InvalidUtf8, 1007)]);
  });

  it('accepts a 123-byte close reason', () => {
    const reason = 'r'.repeat(123);
    expect(parse(frame(8, Buffer.concat([hex('0bb8'), Buffer.from(reason)])))).toEqual([['close', 3000, reason]]);
  });

  it('ignores every frame after a close frame', () => {
    expect(parse(`8800 8105${HELLO} 0900 ff`)).toEqual([['close', 1005, '']]);
  });

  it('ignores input pushed after a close and reports done', () => {
    const { parser, rec, push } = stepper();
    expect(parser.done).toBe(false);
    push('8802 03e8');
    push(`8105${HELLO}`);
    expect(rec.events).toEqual([['close', 1000, '']]);
    expect(parser.done).toBe(true);
    expect(parser.bufferedAmount).toBe(0);
  });

  it('does not deliver a close frame that arrives between fragments as part of the message', () => {
    expect(parse('010148 8800 8004656c6c6f')).toEqual([['close', 1005, '']]);
  });
});

describe('FrameParser: reserved bits and opcodes (§5.2)', () => {
  it.each([
    ['RSV1', `c105${HELLO}`],
    ['RSV2', `a105${HELLO}`],
    ['RSV3', `9105${HELLO}`],
    ['all RSV bits', `f105${HELLO}`],
    ['RSV1 on a ping', 'c900'],
    ['RSV2 on a continuation', '010148 a0046c6c6f'],
  ])('fails %s without a negotiated extension with 1002', (_name, input) => {
    const events = parse(input);
    expect(events.at(-1)).toEqual(error(ErrorCode.UnexpectedRsv, 1002));
    expect(events).toHaveLength(1);
  });

  it.each([3, 4, 5, 6, 7, 11, 12, 13, 14, 15])('fails reserved opcode %i with 1002', (opcode) => {
    expect(parse(Buffer.from([0x80 | opcode, 0x00]))).toEqual([error(ErrorCode.InvalidOpcode, 1002)]);
    expect(parse(Buffer.from([0x80 | opcode, 0x01, 0x61]))).toEqual([error(ErrorCode.InvalidOpcode, 1002)]);
  });

  it('fails a reserved opcode in the middle of a fragmented message with 1002', () => {
    expect(parse('010148 830161')).toEqual([error(ErrorCode.InvalidOpcode, 1002)]);
  });
});

describe('FrameParser: fragmentation (§5.4)', () => {
  it('fails a continuation frame with no message in progress with 1002', () => {
    expect(parse('80026c6f')).toEqual([error(ErrorCode.UnexpectedContinuation, 1002)]);
    expect(parse('00026c6f')).toEqual([error(ErrorCode.UnexpectedContinuation, 1002)]);
  });

  it('fails a continuation frame after a complete message with 1002', () => {
    expect(parse(`8105${HELLO} 80026c6f`)).toEqual([['text', 'Hello'], error(ErrorCode.UnexpectedContinuation, 1002)]);
  });

  it('fails a new text frame during a fragmented message with 1002', () => {
    expect(parse('010348656c 81026c6f')).toEqual([error(ErrorCode.ExpectedContinuation, 1002)]);
  });

  it('fails a new binary frame during a fragmented message with 1002', () => {
    expect(parse('020161 8200')).toEqual([error(ErrorCode.ExpectedContinuation, 1002)]);
  });

  it('joins a binary message of many fragments, empty ones included', () => {
    expect(parse('0201aa 0000 0002bbcc 0000 8001dd')).toEqual([['binary', 'aabbccdd']]);
  });

  it('joins a code point split across fragments', () => {
    expect(parse('0101c3 8001a9 0102f09f 000198 800180')).toEqual([
      ['text', 'é'],
      ['text', '😀'],
    ]);
  });

  it('parses a message of exactly maxFragments frames', () => {
    expect(parse('010161 000162 800163', { maxFragments: 3 })).toEqual([['text', 'abc']]);
  });

  it('fails a message of more than maxFragments frames with 1008', () => {
    expect(parse('010161 000162 800163', { maxFragments: 2 })).toEqual([error(ErrorCode.TooManyFragments, 1008)]);
  });

  it('counts fragments per message', () => {
    expect(parse('010161 800162 010163 800164', { maxFragments: 2 })).toEqual([
      ['text', 'ab'],
      ['text', 'cd'],
    ]);
  });
});

describe('FrameParser: masking (§5.1)', () => {
  it('fails an unmasked frame sent to a server with 1002', () => {
    expect(parse(`8105${HELLO}`, { role: 'server' })).toEqual([error(ErrorCode.MaskRequired, 1002)]);
    expect(parse('8900', { role: 'server' })).toEqual([error(ErrorCode.MaskRequired, 1002)]);
  });

  it('fails a masked frame sent to a client with 1002', () => {
    expect(parse(`8185${MASK}${MASKED_HELLO}`, { role: 'client' })).toEqual([error(ErrorCode.MaskForbidden, 1002)]);
    expect(parse(`8880${MASK}`, { role: 'client' })).toEqual([error(ErrorCode.MaskForbidden, 1002)]);
  });

  it('unmasks each frame with its own key', () => {
    const a = frame(1, Buffer.from('first frame'), { mask: hex('01020304'), fin: false });
    const b = frame(0, Buffer.from(' and second'), { mask: hex('fefdfcfb') });
    expect(parse(Buffer.concat([a, b]), { role: 'server' })).toEqual([['text', 'first frame and second']]);
  });
});

describe('FrameParser: payload length limits', () => {
  it('fails a 64-bit length with the most significant bit set with 1002', () => {
    expect(parse('827f8000000000000000')).toEqual([error(ErrorCode.InvalidLength, 1002)]);
    expect(parse('827fffffffffffffffff')).toEqual([error(ErrorCode.InvalidLength, 1002)]);
  });

  it('fails a 64-bit length above 2^53 - 1 with 1009, even without a payload limit', () => {
    expect(parse('827f0020000000000000')).toEqual([error(ErrorCode.PayloadTooLarge, 1009)]);
    const unlimited = { maxPayload: Number.POSITIVE_INFINITY };
    expect(parse('827f7fffffffffffffff', unlimited)).toEqual([error(ErrorCode.PayloadTooLarge, 1009)]);
    expect(parse('827f0020000000000000', unlimited)).toEqual([error(ErrorCode.PayloadTooLarge, 1009)]);
    // 2^53 - 1 itself is a length the parser can count, so it waits for the payload.
    expect(parse('827f001fffffffffffff 00', unlimited)).toEqual([]);
  });

  it('accepts a message of exactly maxPayload bytes', () => {
    expect(parse(`8105${HELLO}`, { maxPayload: 5 })).toEqual([['text', 'Hello']]);
  });

  it('fails a frame longer than maxPayload with 1009 before its payload arrives', () => {
    expect(parse(`8106${HELLO}21`, { maxPayload: 5 })).toEqual([error(ErrorCode.PayloadTooLarge, 1009)]);
    const { rec, push } = stepper({ maxPayload: 1 << 20 });
    push('827f0000000100000000');
    expect(rec.events).toEqual([error(ErrorCode.PayloadTooLarge, 1009)]);
  });

  it('fails a fragmented message whose total exceeds maxPayload with 1009', () => {
    expect(parse('010348656c 80036c6f21', { maxPayload: 5 })).toEqual([error(ErrorCode.PayloadTooLarge, 1009)]);
  });

  it('does not apply maxPayload across messages', () => {
    expect(parse(`8105${HELLO} 8105${HELLO}`, { maxPayload: 5 })).toEqual([
      ['text', 'Hello'],
      ['text', 'Hello'],
    ]);
  });

  it('does not apply maxPayload to control frames', () => {
    expect(parse(`8905${HELLO}`, { maxPayload: 1 })).toEqual([['ping', HELLO]]);
  });
});

describe('FrameParser: UTF-8 (§8.1)', () => {
  it.each(['ff', 'c0af', 'eda080', 'f4908080', '80', 'c241'])('fails a text frame holding %s with 1007', (bytes) => {
    expect(parse(`81${(bytes.length / 2).toString(16).padStart(2, '0')}${bytes}`)).toEqual([error(ErrorCode.InvalidUtf8, 1007)]);
  });

  it('fails a text message that ends inside a code point with 1007', () => {
    expect(parse('810261c3')).toEqual([error(ErrorCode.InvalidUtf8, 1007)]);
    expect(parse('0101e2 800182')).toEqual([error(ErrorCode.InvalidUtf8, 1007)]);
  });

  it('fails at the fragment holding the bad byte, before the next fragment arrives', () => {
    const { parser, rec, push } = stepper();
    push('010261 62');
    expect(rec.events).toEqual([]);
    push('0003 63ff64');
    expect(rec.events).toEqual([error(ErrorCode.InvalidUtf8, 1007)]);
    expect(parser.done).toBe(true);
    push('800165');
    expect(rec.events).toHaveLength(1);
  });

  it('fails inside a partly received frame, before the frame completes', () => {
    const { rec, push } = stepper();
    push('810a 6162');
    expect(rec.events).toEqual([]);
    push('ff');
    expect(rec.events).toEqual([error(ErrorCode.InvalidUtf8, 1007)]);
  });

  it('fails inside a partly received masked frame sent to a server', () => {
    const whole = frame(1, hex('61 62 63 ed a0 80 64 65 66 67'), { mask: hex('a1b2c3d4') });
    const { rec, parser } = stepper({ role: 'server' });
    parser.push(whole.subarray(0, 6 + 4));
    expect(rec.events).toEqual([]);
    parser.push(whole.subarray(10, 11)); // the A0 after ED: U+D800 is a surrogate
    expect(rec.events).toEqual([error(ErrorCode.InvalidUtf8, 1007)]);
  });

  it('waits for the rest of a code point split inside a frame', () => {
    const { rec, push } = stepper();
    push('8104 e282');
    expect(rec.events).toEqual([]);
    push('ac41');
    expect(rec.events).toEqual([['text', '€A']]);
  });

  it('does not check binary messages', () => {
    expect(parse('8202 ffc0')).toEqual([['binary', 'ffc0']]);
  });

  it('delivers invalid text unchecked when validateUtf8 is off', () => {
    expect(parse('8103 61ff62', { validateUtf8: false })).toEqual([['text', 'a\ufffdb']]);
  });

  it('starts each message with a fresh validator', () => {
    expect(parse('8102 c3a9 8101 41')).toEqual([
      ['text', 'é'],
      ['text', 'A'],
    ]);
  });
});

describe('FrameParser: fragment modes', () => {
  const fragmented = '010348656c 80026c6f';

  it("delivers only whole messages in 'buffer' mode", () => {
    expect(parse(fragmented, { fragmentMode: 'buffer' })).toEqual([['text', 'Hello']]);
  });

  it("delivers only fragments in 'fragments' mode", () => {
    expect(parse(fragmented, { fragmentMode: 'fragments' })).toEqual([
      ['fragment', hexOf('Hel'), { opcode: 1, continuation: true, received: 3 }],
      ['fragment', hexOf('lo'), { opcode: 1, continuation: false, received: 5 }],
    ]);
  });

  it("delivers fragments and then the message in 'all' mode", () => {
    expect(parse(fragmented, { fragmentMode: 'all' })).toEqual([
      ['fragment', hexOf('Hel'), { opcode: 1, continuation: true, received: 3 }],
      ['fragment', hexOf('lo'), { opcode: 1, continuation: false, received: 5 }],
      ['text', 'Hello'],
    ]);
  });

  it('reports the binary opcode, the running count and the last fragment', () => {
    expect(parse('0201aa 0000 8002bbcc', { fragmentMode: 'all' })).toEqual([
      ['fragment', 'aa', { opcode: 2, continuation: true, received: 1 }],
      ['fragment', '', { opcode: 2, continuation: true, received: 1 }],
      ['fragment', 'bbcc', { opcode: 2, continuation: false, received: 3 }],
      ['binary', 'aabbcc'],
    ]);
  });

  it('reports an unfragmented message as one last fragment', () => {
    expect(parse(`8105${HELLO}`, { fragmentMode: 'fragments' })).toEqual([
      ['fragment', HELLO, { opcode: 1, continuation: false, received: 5 }],
    ]);
  });

  it('interleaves control frames with fragments in arrival order', () => {
    expect(parse('010148 8900 8004656c6c6f', { fragmentMode: 'all' })).toEqual([
      ['fragment', '48', { opcode: 1, continuation: true, received: 1 }],
      ['ping', ''],
      ['fragment', hexOf('ello'), { opcode: 1, continuation: false, received: 5 }],
      ['text', 'Hello'],
    ]);
  });

  it("still validates UTF-8 in 'fragments' mode", () => {
    expect(parse('010161 8001ff', { fragmentMode: 'fragments' })).toEqual([
      ['fragment', '61', { opcode: 1, continuation: true, received: 1 }],
      error(ErrorCode.InvalidUtf8, 1007),
    ]);
  });
});

describe('FrameParser: errors and stopping', () => {
  it('reports each protocol error once, as an SgcError, and then ignores all input', () => {
    const { parser, rec, push } = stepper();
    push('0900 8105');
    push(HELLO);
    push('8800');
    expect(rec.events).toEqual([error(ErrorCode.FragmentedControlFrame, 1002)]);
    expect(rec.errors[0]).toBeInstanceOf(SgcError);
    expect(rec.errors[0]).toBeInstanceOf(Error);
    expect((rec.errors[0] as SgcError).closeCode).toBe(1002);
    expect(parser.done).toBe(true);
  });

  it('stops on stop() and drops buffered input', () => {
    const { parser, rec, push } = stepper();
    push('8205 0102');
    expect(parser.bufferedAmount).toBe(2);
    parser.stop();
    expect(parser.bufferedAmount).toBe(0);
    expect(parser.done).toBe(true);
    push('030405 8100');
    expect(rec.events).toEqual([]);
  });

  it('counts bytes that wait for more input in bufferedAmount', () => {
    const { parser, push } = stepper();
    push('82');
    expect(parser.bufferedAmount).toBe(1);
    push('7e01');
    expect(parser.bufferedAmount).toBe(1);
    push('00 aabb');
    expect(parser.bufferedAmount).toBe(2);
  });

  it('stops delivering when a handler calls stop()', () => {
    const texts: string[] = [];
    const rec = recorder();
    const parser: FrameParser = new FrameParser(
      {
        ...rec.handler,
        onText: (text) => {
          texts.push(text);
          parser.stop();
        },
      },
      { role: 'client', maxPayload: 1000, maxFragments: 10, validateUtf8: true, fragmentMode: 'buffer' },
    );
    parser.push(hex(`8105${HELLO} 8105${HELLO} 8900`));
    expect(texts).toEqual(['Hello']);
    expect(rec.events).toEqual([]);
  });

  it('accepts empty chunks anywhere', () => {
    const { parser, rec } = stepper();
    for (const piece of ['', '81', '', '', '05', '4865', '', '6c6c6f', '']) parser.push(hex(piece));
    parser.push(hex(''));
    expect(rec.events).toEqual([['text', 'Hello']]);
  });
});
