/**
 * The zlib side of permessage-deflate (RFC 7692 §7.2) and deflate-frame: one
 * raw deflate and one raw inflate stream per connection, created on first use.
 *
 * @module
 */
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';
import type { DeflateAgreement } from './deflate-negotiation.js';
import { ErrorCode, SgcError } from './errors.js';

/** The empty stored block a sync flush ends with; stripped on send, restored on receive (RFC 7692 §7.2.1-7.2.2). */
const TRAILER = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/** Callback of {@link DeflateCodec.decompress} and {@link DeflateCodec.compress}. */
export type CodecCallback = (error: SgcError | null, data: Buffer) => void;

/**
 * Compresses and inflates the payloads of one connection. Calls of each kind
 * must not overlap: the frame parser and the sender each wait for the callback.
 *
 * @example
 * ```ts
 * const codec = new DeflateCodec(agreement);
 * codec.compress(Buffer.from('hello'), true, (err, data) => send(data));
 * ```
 */
export class DeflateCodec {
  readonly #agreement: DeflateAgreement;
  #deflate: DeflateRaw | undefined;
  #inflate: InflateRaw | undefined;

  /** @param agreement - what the handshake negotiated */
  constructor(agreement: DeflateAgreement) {
    this.#agreement = agreement;
  }

  /** The negotiated parameters. */
  get agreement(): DeflateAgreement {
    return this.#agreement;
  }

  /**
   * Tells whether an outgoing payload of `length` bytes should be compressed:
   * never when limited to an 8-bit window, never below the threshold.
   *
   * @param length - the payload size in bytes
   * @returns `true` to compress
   */
  shouldCompress(length: number): boolean {
    return this.#agreement.sendMaxWindowBits >= 9 && length >= this.#agreement.threshold;
  }

  /**
   * Inflates one frame's payload.
   *
   * @param data - the compressed bytes
   * @param fin - `true` on the last piece of a message (or on every deflate-frame frame)
   * @param limit - most bytes the result may have; beyond it the call fails with 1009
   * @param callback - receives the inflated bytes or an error with a close code
   */
  decompress(data: Buffer, fin: boolean, limit: number, callback: CodecCallback): void {
    const inflate = (this.#inflate ??= createInflateRaw({ windowBits: this.#agreement.receiveMaxWindowBits }));
    const chunks: Buffer[] = [];
    let length = 0;
    let failure: SgcError | null = null;
    const finish = (): void => {
      inflate.removeListener('data', onData);
      inflate.removeListener('error', onError);
      if (failure) {
        // A failed stream cannot be reused; the connection is failing anyway.
        this.#inflate = undefined;
        inflate.close();
        callback(failure, Buffer.alloc(0));
        return;
      }
      if (inflate.readableEnded) {
        // The peer ended its deflate stream with a BFINAL block (RFC 7692 §7.2.3.4 allows it).
        // An ended zlib stream silently inflates later input to nothing, so the next message
        // gets a fresh inflater (as ws does).
        this.#inflate = undefined;
        inflate.close();
      } else if (fin && this.#agreement.receiveNoContextTakeover) inflate.reset();
      callback(null, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length));
    };
    const onData = (chunk: Buffer): void => {
      if (failure) return;
      length += chunk.length;
      if (length > limit) {
        failure = new SgcError(ErrorCode.PayloadTooLarge, `Inflated message exceeds ${limit} bytes`, { closeCode: 1009 });
        // Stop the work: a deflate bomb must not keep the CPU busy.
        inflate.removeListener('data', onData);
        inflate.removeListener('error', onError);
        this.#inflate = undefined;
        inflate.close();
        callback(failure, Buffer.alloc(0));
        return;
      }
      chunks.push(chunk);
    };
    const onError = (error: Error): void => {
      failure = new SgcError(ErrorCode.InflateFailed, `Invalid compressed data: ${error.message}`, {
        closeCode: 1007,
        cause: error,
      });
      finish();
    };
    inflate.on('data', onData);
    inflate.on('error', onError);
    inflate.write(data);
    if (fin) inflate.write(TRAILER);
    inflate.flush(() => {
      if (failure === null && this.#inflate === inflate) finish();
    });
  }

  /**
   * Compresses one message (or one deflate-frame frame).
   *
   * @param data - the bytes to compress
   * @param fin - `true` when this ends the message; the trailer is stripped then
   * @param callback - receives the compressed bytes
   */
  compress(data: Uint8Array, fin: boolean, callback: CodecCallback): void {
    const agreement = this.#agreement;
    const deflate = (this.#deflate ??= createDeflateRaw({
      windowBits: agreement.sendMaxWindowBits,
      memLevel: agreement.memLevel,
      level: agreement.level,
    }));
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      length += chunk.length;
    };
    deflate.on('data', onData);
    deflate.write(data);
    deflate.flush(constants.Z_SYNC_FLUSH, () => {
      deflate.removeListener('data', onData);
      let out = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
      if (fin) {
        if (out.length >= 4 && out.subarray(out.length - 4).equals(TRAILER)) out = out.subarray(0, out.length - 4);
        if (agreement.sendNoContextTakeover) deflate.reset();
      }
      callback(null, out);
    });
  }

  /** Releases both zlib streams. */
  close(): void {
    this.#deflate?.close();
    this.#inflate?.close();
    this.#deflate = undefined;
    this.#inflate = undefined;
  }
}
