/**
 * The fuzzer's permessage-deflate codec (RFC 7692 §7.2), built directly on
 * `node:zlib` raw deflate as the reference implementation. Context takeover
 * keeps one zlib stream per direction; no_context_takeover starts a fresh
 * one per message.
 *
 * @module
 */
import * as zlib from 'node:zlib';
import type { DeflateAgreement } from './deflate-params.js';

/** The 4 octets a sync flush ends with, removed on send and re-added on receive (§7.2.1, §7.2.2). */
const TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/** Settings of one direction of a permessage-deflate connection. */
interface DirectionSettings {
  windowBits: number;
  noContextTakeover: boolean;
}

/** Collects what a zlib stream emits up to a sync flush. */
function flushThrough(stream: zlib.DeflateRaw | zlib.InflateRaw, inputs: Buffer[], limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer): void => {
      chunks.push(c);
      size += c.length;
      if (size > limit) fail(new Error(`inflated message exceeds ${limit} bytes`));
    };
    const done = (): void => {
      stream.off('data', onData);
      stream.off('error', fail);
    };
    function fail(err: Error): void {
      done();
      reject(err);
    }
    stream.on('data', onData);
    stream.once('error', fail);
    for (const input of inputs) stream.write(input);
    stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      done();
      resolve(Buffer.concat(chunks, size));
    });
  });
}

/**
 * Compressor and decompressor for one connection, from the fuzzer's side.
 *
 * @example
 * ```ts
 * const codec = new DeflateCodec(agreement, 'client');
 * const wire = await codec.compress(Buffer.from('hello'));
 * ```
 */
export class DeflateCodec {
  private readonly out: DirectionSettings;
  private readonly in: DirectionSettings;
  private deflater: zlib.DeflateRaw | undefined;
  private inflater: zlib.InflateRaw | undefined;
  /** Serialises calls: a zlib stream is one ordered context. */
  private deflateChain: Promise<unknown> = Promise.resolve();
  private inflateChain: Promise<unknown> = Promise.resolve();

  /**
   * @param agreement - the negotiated parameters
   * @param role - which end the fuzzer is; it compresses with its own
   *   direction's parameters and decompresses with the peer's
   * @param maxMessageBytes - inflated messages larger than this are an error
   */
  constructor(
    agreement: DeflateAgreement,
    role: 'client' | 'server',
    private readonly maxMessageBytes = 64 * 1024 * 1024,
  ) {
    const client = { windowBits: agreement.clientMaxWindowBits, noContextTakeover: agreement.clientNoContextTakeover };
    const server = { windowBits: agreement.serverMaxWindowBits, noContextTakeover: agreement.serverNoContextTakeover };
    this.out = role === 'client' ? client : server;
    this.in = role === 'client' ? server : client;
  }

  /**
   * Compresses one message payload (§7.2.1).
   *
   * @param data - the uncompressed payload
   * @returns the payload to put in frames with RSV1 set on the first
   */
  compress(data: Buffer): Promise<Buffer> {
    const run = async (): Promise<Buffer> => {
      if (!this.deflater || this.out.noContextTakeover) {
        this.deflater?.close();
        // zlib silently raises a raw window of 8 to 9; a window-8 peer then gets
        // distances it cannot resolve. Huffman-only output has no distances at all.
        this.deflater = zlib.createDeflateRaw({
          // The fuzzer's compression ratio is not under test; speed is what matters.
          level: zlib.constants.Z_BEST_SPEED,
          windowBits: Math.max(this.out.windowBits, 9),
          ...(this.out.windowBits === 8 ? { strategy: zlib.constants.Z_HUFFMAN_ONLY } : {}),
        });
      }
      let out = await flushThrough(this.deflater, [data], Number.MAX_SAFE_INTEGER);
      if (out.length >= 4 && out.subarray(out.length - 4).equals(TAIL)) out = out.subarray(0, out.length - 4);
      // An empty message still needs one deflate block (§7.2.3.6 shows 0x00).
      return out.length === 0 ? Buffer.from([0x00]) : out;
    };
    const result = this.deflateChain.then(run, run);
    this.deflateChain = result.catch(() => undefined);
    return result;
  }

  /**
   * Decompresses one message payload (§7.2.2), using only the window the
   * peer agreed to: a peer that reaches further back fails here.
   *
   * @param data - the compressed payload of a whole message
   * @returns the original payload
   */
  decompress(data: Buffer): Promise<Buffer> {
    const run = async (): Promise<Buffer> => {
      if (!this.inflater || this.in.noContextTakeover) {
        this.inflater?.close();
        this.inflater = zlib.createInflateRaw({ windowBits: this.in.windowBits });
      }
      return flushThrough(this.inflater, [data, TAIL], this.maxMessageBytes);
    };
    const result = this.inflateChain.then(run, run);
    this.inflateChain = result.catch(() => undefined);
    return result;
  }

  /** Frees both zlib streams. */
  close(): void {
    this.deflater?.close();
    this.inflater?.close();
    this.deflater = undefined;
    this.inflater = undefined;
  }
}
