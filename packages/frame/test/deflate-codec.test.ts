import { constants, createDeflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  acceptDeflateFrame,
  acceptPerMessageDeflate,
  acceptPerMessageDeflateResponse,
  DeflateCodec,
  encodeFrame,
  ErrorCode,
  FrameParser,
  Opcode,
  parseExtensions,
  perMessageDeflateOffer,
  SgcError,
  type DeflateAgreement,
} from '../src/node.js';
import { countingCodec, frame, hex, parseAsync, pmd, prng, recorder, settle, type ParserEvent } from './_utils.js';

const deflateFrame = (): DeflateAgreement => pmd({ extension: 'x-webkit-deflate-frame', perFrame: true });

/** RFC 7692 §7.2.1: compress with a sync flush and drop the trailing 00 00 ff ff. */
function deflate(data: string | Buffer, windowBits = 15): Buffer {
  const out = deflateRawSync(Buffer.from(data), { finishFlush: constants.Z_SYNC_FLUSH, windowBits });
  expect(out.subarray(-4).toString('hex')).toBe('0000ffff');
  return out.subarray(0, -4);
}

/** Compresses messages with one deflate stream (context takeover), each ended by a sync flush. */
async function deflateSharing(messages: readonly string[]): Promise<Buffer[]> {
  const stream = createDeflateRaw();
  const out: Buffer[] = [];
  for (const message of messages) {
    const chunks: Buffer[] = [];
    const onData = (chunk: Buffer): void => void chunks.push(chunk);
    stream.on('data', onData);
    stream.write(message);
    await new Promise<void>((resolve) => stream.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    stream.removeListener('data', onData);
    out.push(Buffer.concat(chunks).subarray(0, -4));
  }
  stream.close();
  return out;
}

const err = (code: ErrorCode, closeCode: number): ParserEvent => ['error', code, closeCode];
const text = (value: string): ParserEvent => ['text', value];

/** Text that compresses well but is not trivial. */
function sampleText(length: number, seed = 1): string {
  const random = prng(seed);
  const words = ['frame', 'mask', 'deflate', 'κόσμε', 'ping', 'pong', '😀', 'close', 'text'];
  let out = '';
  while (out.length < length) out += words[Math.floor(random() * words.length)] + ' ';
  return out.slice(0, length);
}

describe('permessage-deflate through the parser: RFC 7692 §7.2.3 examples', () => {
  it('inflates "Hello" compressed in one block', async () => {
    expect(await parseAsync('c107 f248cdc9c90700', pmd())).toEqual([text('Hello')]);
  });

  it('inflates a fragmented compressed "Hello" with RSV1 on the first frame only', async () => {
    expect(await parseAsync('4103 f248cd 8004 c9c90700', pmd())).toEqual([text('Hello')]);
  });

  it('inflates a second "Hello" that refers back to the first (sliding window shared)', async () => {
    expect(await parseAsync('c107 f248cdc9c90700 c105 f200110000', pmd())).toEqual([text('Hello'), text('Hello')]);
  });

  it('fails the shared-window example with 1007 when the peer promised no context takeover', async () => {
    expect(await parseAsync('c107 f248cdc9c90700 c105 f200110000', pmd({ receiveNoContextTakeover: true }))).toEqual([
      text('Hello'),
      err(ErrorCode.InflateFailed, 1007),
    ]);
  });

  it('inflates a DEFLATE block with no compression', async () => {
    expect(await parseAsync('c10b 000500faff48656c6c6f00', pmd())).toEqual([text('Hello')]);
  });

  it('inflates messages that end their deflate stream with BFINAL, and the messages after them', async () => {
    // Regression: the inflater ended with the first message and every later message came out empty.
    expect(await parseAsync('c108 f348cdc9c9070000 c108 f348cdc9c9070000 c107 f248cdc9c90700', pmd())).toEqual([
      text('Hello'),
      text('Hello'),
      text('Hello'),
    ]);
  });

  it('inflates a message made of two DEFLATE blocks', async () => {
    expect(await parseAsync('c10d f24805000000ffffcac9c90700', pmd())).toEqual([text('Hello')]);
  });

  it('inflates empty compressed messages', async () => {
    expect(await parseAsync('c10100 c20100 4100 800100', pmd())).toEqual([text(''), ['binary', ''], text('')]);
  });

  it('reads a compressed message with no payload bytes as empty, without garbling the next one', async () => {
    // Regression: inflating only the 00 00 ff ff trailer left zlib inside a stored-block header,
    // and the next message came out as 00 00 ff ff.
    expect(await parseAsync('c100 c20100 c100 c107 f248cdc9c90700', pmd())).toEqual([
      text(''),
      ['binary', ''],
      text(''),
      text('Hello'),
    ]);
    expect(await parseAsync('4100 8000 c107 f248cdc9c90700', pmd())).toEqual([text(''), text('Hello')]);
    expect(await parseAsync('c100 c107 f248cdc9c90700', deflateFrame())).toEqual([text(''), text('Hello')]);
  });
});

describe('permessage-deflate through the parser: data compressed by node:zlib', () => {
  it('inflates text and binary messages, masked for a server and unmasked for a client', async () => {
    const words = sampleText(5000);
    const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * i) & 0xff));
    const client = Buffer.concat([frame(1, deflate(words), { rsv: 4 }), frame(2, deflate(binary), { rsv: 4 })]);
    const expected = [text(words), ['binary', binary.toString('hex')]];
    expect(await parseAsync(client, pmd())).toEqual(expected);
    const server = Buffer.concat([
      frame(1, deflate(words), { rsv: 4, mask: hex('01020304') }),
      frame(2, deflate(binary), { rsv: 4, mask: hex('fffefdfc') }),
    ]);
    expect(await parseAsync(server, pmd(), { role: 'server' })).toEqual(expected);
  });

  it('inflates a message compressed with a 9-bit window for an 8-bit agreement', async () => {
    // zlib cannot compress raw deflate with 8 bits and uses 9; the receiver must still cope.
    const words = sampleText(3000, 2);
    expect(await parseAsync(frame(1, deflate(words, 9), { rsv: 4 }), pmd({ receiveMaxWindowBits: 8 }))).toEqual([text(words)]);
  });

  it('inflates a large message whose frame arrives in many pieces', async () => {
    const random = prng(9);
    const binary = Buffer.from(Array.from({ length: 200_000 }, () => Math.floor(random() * 4)));
    expect(await parseAsync(frame(2, deflate(binary), { rsv: 4 }), pmd(), {}, { randomRuns: 2 })).toEqual([
      ['binary', binary.toString('hex')],
    ]);
  });

  it('uses the context of earlier messages when context takeover is on', async () => {
    const message = sampleText(2000, 3);
    const [first, second] = await deflateSharing([message, message]);
    expect(second!.length).toBeLessThan(first!.length / 4); // the second is mostly a back-reference
    const input = Buffer.concat([frame(1, first!, { rsv: 4 }), frame(1, second!, { rsv: 4 })]);
    expect(await parseAsync(input, pmd())).toEqual([text(message), text(message)]);
    expect(await parseAsync(input, pmd({ receiveNoContextTakeover: true }))).toEqual([
      text(message),
      err(ErrorCode.InflateFailed, 1007),
    ]);
  });

  it('inflates every message on its own when context takeover is off', async () => {
    const a = sampleText(1500, 4);
    const b = sampleText(1500, 5);
    const input = Buffer.concat([frame(1, deflate(a), { rsv: 4 }), frame(1, deflate(b), { rsv: 4 }), frame(1, deflate(a), { rsv: 4 })]);
    expect(await parseAsync(input, pmd({ receiveNoContextTakeover: true }))).toEqual([text(a), text(b), text(a)]);
    expect(await parseAsync(input, pmd())).toEqual([text(a), text(b), text(a)]);
  });

  it('passes messages without RSV1 through uncompressed', async () => {
    const input = Buffer.concat([frame(1, Buffer.from('plain')), frame(1, deflate('packed'), { rsv: 4 }), frame(2, hex('0001'))]);
    expect(await parseAsync(input, pmd())).toEqual([text('plain'), text('packed'), ['binary', '0001']]);
  });

  it('keeps frames that follow a compressed message in order', async () => {
    const input = Buffer.concat([frame(1, deflate('first'), { rsv: 4 }), frame(1, Buffer.from('second')), hex('8900'), hex('8800')]);
    expect(await parseAsync(input, pmd())).toEqual([text('first'), text('second'), ['ping', ''], ['close', 1005, '']]);
  });

  it('inflates a fragmented compressed message and delivers a ping sent between its fragments first', async () => {
    const message = sampleText(4000, 6);
    const packed = deflate(message);
    const a = packed.subarray(0, 100);
    const b = packed.subarray(100, 101);
    const c = packed.subarray(101);
    const input = Buffer.concat([
      frame(1, a, { rsv: 4, fin: false }),
      hex('8901aa'),
      frame(0, b, { fin: false }),
      frame(0, Buffer.alloc(0), { fin: false }),
      frame(0, c),
    ]);
    expect(await parseAsync(input, pmd())).toEqual([['ping', 'aa'], text(message)]);
    expect(await parseAsync(input, pmd(), { fragmentMode: 'all' })).toEqual(
      expect.arrayContaining([['ping', 'aa'], text(message)]),
    );
  });

  it('fails RSV1 on a continuation frame with 1002', async () => {
    const packed = deflate('Hello there');
    const input = Buffer.concat([frame(1, packed.subarray(0, 4), { rsv: 4, fin: false }), frame(0, packed.subarray(4), { rsv: 4 })]);
    expect(await parseAsync(input, pmd())).toEqual([err(ErrorCode.UnexpectedRsv, 1002)]);
  });

  it('fails RSV1 on a control frame and RSV2/RSV3 on data frames with 1002', async () => {
    expect(await parseAsync('c900', pmd())).toEqual([err(ErrorCode.UnexpectedRsv, 1002)]);
    expect(await parseAsync('a100', pmd())).toEqual([err(ErrorCode.UnexpectedRsv, 1002)]);
    expect(await parseAsync('9100', pmd())).toEqual([err(ErrorCode.UnexpectedRsv, 1002)]);
  });

  it('fails invalid deflate data with 1007', async () => {
    expect(await parseAsync('c104 ffffffff', pmd())).toEqual([err(ErrorCode.InflateFailed, 1007)]);
    expect(await parseAsync(frame(2, hex('07 00 ff ff ff ff'), { rsv: 4 }), pmd())).toEqual([err(ErrorCode.InflateFailed, 1007)]);
  });

  it('fails compressed text that inflates to invalid UTF-8 with 1007', async () => {
    expect(await parseAsync(frame(1, deflate(hex('61 ed a0 80 62')), { rsv: 4 }), pmd())).toEqual([err(ErrorCode.InvalidUtf8, 1007)]);
    expect(await parseAsync(frame(1, deflate(hex('61 e2 82')), { rsv: 4 }), pmd())).toEqual([err(ErrorCode.InvalidUtf8, 1007)]);
  });

  it('fails compressed text at the fragment whose inflated bytes are invalid, before the message ends', async () => {
    const rec = recorder();
    const counting = countingCodec(pmd());
    const parser = new FrameParser(rec.handler, {
      role: 'client',
      maxPayload: 1 << 20,
      maxFragments: 100,
      validateUtf8: true,
      fragmentMode: 'buffer',
      codec: counting.codec,
    });
    // A sync-flushed block inflates completely even without the trailer the last frame gets.
    parser.push(frame(1, deflate(hex('616263 ff 646566')), { rsv: 4, fin: false }));
    await settle(counting);
    expect(rec.events).toEqual([err(ErrorCode.InvalidUtf8, 1007)]);
    parser.push(frame(0, Buffer.alloc(0)));
    await settle(counting);
    expect(rec.events).toHaveLength(1);
    counting.codec.close();
  });
});

describe('permessage-deflate through the parser: limits', () => {
  it('accepts a message that inflates to exactly maxPayload bytes', async () => {
    const payload = Buffer.alloc(10_000, 0x61);
    expect(await parseAsync(frame(2, deflate(payload), { rsv: 4 }), pmd(), { maxPayload: 10_000 })).toEqual([
      ['binary', payload.toString('hex')],
    ]);
  });

  it('fails a message that inflates to maxPayload + 1 bytes with 1009', async () => {
    const payload = Buffer.alloc(10_001, 0x61);
    expect(await parseAsync(frame(2, deflate(payload), { rsv: 4 }), pmd(), { maxPayload: 10_000 })).toEqual([
      err(ErrorCode.PayloadTooLarge, 1009),
    ]);
  });

  it('fails a fragmented message whose inflated total exceeds maxPayload with 1009', async () => {
    const packed = deflate('a'.repeat(6000) + 'b'.repeat(6000));
    const half = packed.length >> 1;
    const input = Buffer.concat([frame(1, packed.subarray(0, half), { rsv: 4, fin: false }), frame(0, packed.subarray(half))]);
    expect(await parseAsync(input, pmd(), { maxPayload: 10_000 })).toEqual([err(ErrorCode.PayloadTooLarge, 1009)]);
    expect(await parseAsync(input, pmd(), { maxPayload: 12_000 })).toEqual([text('a'.repeat(6000) + 'b'.repeat(6000))]);
  });

  it('stops inflating a deflate bomb at maxPayload, with 1009 and without inflating it all', async () => {
    const bomb = deflate(Buffer.alloc(64 << 20)); // 64 MiB of zeros in about 64 KiB
    const counting = countingCodec(pmd());
    let memoryAtError = 0;
    const events: ParserEvent[] = [];
    const parser = new FrameParser(
      {
        ...recorder().handler,
        onBinary: (data) => events.push(['binary', String(data.length)]),
        onError: (error) => {
          memoryAtError = process.memoryUsage().arrayBuffers;
          events.push(['error', error.code, error.closeCode]);
        },
      },
      { role: 'client', maxPayload: 1 << 20, maxFragments: 10, validateUtf8: true, fragmentMode: 'buffer', codec: counting.codec },
    );
    const before = process.memoryUsage().arrayBuffers;
    parser.push(frame(2, bomb, { rsv: 4 }));
    await settle(counting);
    expect(events).toEqual([err(ErrorCode.PayloadTooLarge, 1009)]);
    expect(counting.pending()).toBe(0); // the callback ran exactly once
    expect(memoryAtError - before).toBeLessThan(16 << 20);
  });

  it('applies maxFragments to compressed messages', async () => {
    const packed = deflate('Hello');
    const input = Buffer.concat([frame(1, packed.subarray(0, 2), { rsv: 4, fin: false }), frame(0, packed.subarray(2, 4), { fin: false }), frame(0, packed.subarray(4))]);
    expect(await parseAsync(input, pmd(), { maxFragments: 3 })).toEqual([text('Hello')]);
    expect(await parseAsync(input, pmd(), { maxFragments: 2 })).toEqual([err(ErrorCode.TooManyFragments, 1008)]);
  });
});

describe('deflate-frame through the parser', () => {
  it('inflates every frame that carries RSV1 on its own', async () => {
    const input = Buffer.concat([
      frame(1, deflate('Hel'), { rsv: 4, fin: false }),
      frame(0, Buffer.from('lo, '), { fin: false }), // frames without RSV1 are not compressed
      frame(0, deflate('world'), { rsv: 4 }),
    ]);
    expect(await parseAsync(input, deflateFrame())).toEqual([text('Hello, world')]);
  });

  it('accepts the agreement acceptDeflateFrame produces', async () => {
    const { agreement } = acceptDeflateFrame(parseExtensions('x-webkit-deflate-frame'), {})!;
    expect(agreement.perFrame).toBe(true);
    expect(await parseAsync(frame(2, deflate(hex('0102')), { rsv: 4 }), agreement)).toEqual([['binary', '0102']]);
    expect(await parseAsync(frame(1, deflate('x'), { rsv: 4, mask: hex('01020304') }), agreement, { role: 'server' })).toEqual([
      text('x'),
    ]);
  });

  it('fails a deflate-frame frame that inflates past maxPayload with 1009', async () => {
    const input = Buffer.concat([frame(2, deflate(Buffer.alloc(600)), { rsv: 4, fin: false }), frame(0, deflate(Buffer.alloc(600)), { rsv: 4 })]);
    expect(await parseAsync(input, deflateFrame(), { maxPayload: 1000 })).toEqual([err(ErrorCode.PayloadTooLarge, 1009)]);
    expect(await parseAsync(input, deflateFrame(), { maxPayload: 1200 })).toEqual([['binary', '00'.repeat(1200)]]);
  });
});

describe('DeflateCodec', () => {
  function compress(codec: DeflateCodec, data: string | Buffer, fin = true): Promise<Buffer> {
    return new Promise((resolve, reject) => codec.compress(Buffer.from(data), fin, (error, out) => (error ? reject(error) : resolve(out))));
  }
  function decompress(codec: DeflateCodec, data: Buffer, fin = true, limit = 1 << 20): Promise<Buffer> {
    return new Promise((resolve, reject) => codec.decompress(data, fin, limit, (error, out) => (error ? reject(error) : resolve(out))));
  }

  it('strips the sync-flush trailer so node:zlib inflates what it compressed', async () => {
    const codec = new DeflateCodec(pmd());
    const packed = await compress(codec, 'Hello');
    expect(packed.subarray(-4).toString('hex')).not.toBe('0000ffff');
    expect(inflateRawSync(Buffer.concat([packed, hex('0000ffff')]), { finishFlush: constants.Z_SYNC_FLUSH }).toString()).toBe('Hello');
    codec.close();
  });

  it('round-trips messages between two codecs, with and without context takeover', async () => {
    for (const noContext of [false, true]) {
      const sender = new DeflateCodec(pmd({ sendNoContextTakeover: noContext }));
      const receiver = new DeflateCodec(pmd({ receiveNoContextTakeover: noContext }));
      const message = sampleText(3000, 8);
      const first = await compress(sender, message);
      const second = await compress(sender, message);
      if (noContext) expect(second.equals(first)).toBe(true);
      else expect(second.length).toBeLessThan(first.length / 4);
      expect((await decompress(receiver, first)).toString()).toBe(message);
      expect((await decompress(receiver, second)).toString()).toBe(message);
      sender.close();
      receiver.close();
    }
  });

  it('keeps the trailer of a non-final piece', async () => {
    const codec = new DeflateCodec(pmd());
    const piece = await compress(codec, 'abc', false);
    expect(piece.subarray(-4).toString('hex')).toBe('0000ffff');
    codec.close();
  });

  it('fails decompression beyond the limit with an SgcError carrying 1009, once', async () => {
    const codec = new DeflateCodec(pmd());
    const calls: (SgcError | null)[] = [];
    await new Promise<void>((resolve) => {
      codec.decompress(deflate(Buffer.alloc(100_000)), true, 1000, (error) => {
        calls.push(error);
        setTimeout(resolve, 20);
      });
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeInstanceOf(SgcError);
    expect(calls[0]!.code).toBe(ErrorCode.PayloadTooLarge);
    expect(calls[0]!.closeCode).toBe(1009);
    codec.close();
  });

  it('fails corrupt data with 1007 and inflates later messages with a fresh stream', async () => {
    const codec = new DeflateCodec(pmd());
    await expect(decompress(codec, hex('ffffffff'))).rejects.toMatchObject({ code: ErrorCode.InflateFailed, closeCode: 1007 });
    expect((await decompress(codec, deflate('again'))).toString()).toBe('again');
    codec.close();
  });

  it('compresses only messages at or above the threshold and never with an 8-bit window', () => {
    const codec = new DeflateCodec(pmd({ threshold: 1024 }));
    expect(codec.shouldCompress(1023)).toBe(false);
    expect(codec.shouldCompress(1024)).toBe(true);
    expect(new DeflateCodec(pmd({ sendMaxWindowBits: 8, threshold: 0 })).shouldCompress(1 << 20)).toBe(false);
    expect(new DeflateCodec(pmd({ sendMaxWindowBits: 9, threshold: 0 })).shouldCompress(1)).toBe(true);
  });

  it('compresses with the agreement a client and server negotiated, end to end', async () => {
    const offer = perMessageDeflateOffer({ serverNoContextTakeover: true });
    const accepted = acceptPerMessageDeflate([offer], { serverMaxWindowBits: 10 })!;
    const clientAgreement = acceptPerMessageDeflateResponse(accepted.response, { serverNoContextTakeover: true });
    const server = new DeflateCodec(accepted.agreement);
    const message = sampleText(5000, 10);
    const wire = Buffer.concat([
      encodeFrame(Opcode.Text, await compress(server, message), { rsv1: true }),
      encodeFrame(Opcode.Text, await compress(server, message), { rsv1: true }),
    ]);
    server.close();
    expect(accepted.agreement.sendMaxWindowBits).toBe(10);
    expect(clientAgreement.receiveMaxWindowBits).toBe(10);
    expect(clientAgreement.receiveNoContextTakeover).toBe(true);
    expect(await parseAsync(wire, clientAgreement)).toEqual([text(message), text(message)]);
  });
});
