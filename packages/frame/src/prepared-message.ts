/**
 * A message encoded once for many connections: a server's broadcast sends the same
 * unmasked frame (RFC 6455 §5.1: servers do not mask) to every connection that
 * neither compresses it nor queues it, instead of encoding it once per connection.
 *
 * @module
 */
import { encodeFrame, encodeTextFrame } from './frame-serializer.js';
import { Opcode } from './opcodes.js';

/**
 * One message and, once asked for, its single unmasked, uncompressed frame.
 *
 * @example
 * ```ts
 * const message = new PreparedMessage('tick');
 * for (const session of sessions) session.sendPrepared(message);
 * ```
 */
export class PreparedMessage {
  /** The message: a string goes out as text, bytes as binary. */
  readonly data: string | Uint8Array;
  #frame: Buffer | undefined;
  #byteLength: number | undefined;

  /** @param data - the message */
  constructor(data: string | Uint8Array) {
    this.data = data;
  }

  /** The payload's length in bytes (UTF-8 for text). */
  get byteLength(): number {
    this.#byteLength ??= typeof this.data === 'string' ? Buffer.byteLength(this.data) : this.data.length;
    return this.#byteLength;
  }

  /**
   * The whole frame, encoded on first use and shared afterwards: sockets never write into
   * the buffers they are given, so one buffer can go to every connection.
   */
  get frame(): Buffer {
    const data = this.data;
    this.#frame ??= typeof data === 'string' ? encodeTextFrame(Opcode.Text, data) : encodeFrame(Opcode.Binary, data);
    return this.#frame;
  }
}
