/**
 * Counts the messages in a server-to-client WebSocket byte stream without
 * decoding them: it reads each frame header (RFC 6455 §5.2), skips the
 * payload, and counts a message when the payload of its final frame has
 * arrived. That is all the broadcast bench's clients need, and it costs far
 * less CPU than a full client, so the server's cost dominates what is measured.
 *
 * @module
 */

/** Opcodes of data frames: continuation, text, binary. Control frames (close, ping, pong) are not messages. */
const LAST_DATA_OPCODE = 0x2;

/** The largest header: 2 bytes, an 8-byte length, a 4-byte mask. */
const MAX_HEADER_BYTES = 14;

/** A running count of the whole messages in one connection's byte stream. */
export class FrameCounter {
  /** Whole data messages seen so far. */
  messages = 0;
  readonly #header = Buffer.alloc(MAX_HEADER_BYTES);
  #headerBytes = 0;
  /** Payload bytes of the current frame still to skip. */
  #skip = 0;
  /** Whether the frame being skipped completes a data message. */
  #completesMessage = false;

  /**
   * Feeds received bytes.
   *
   * @param chunk - bytes as they came off the socket, after the handshake response
   */
  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, chunk.length - at);
        this.#skip -= n;
        at += n;
        if (this.#skip === 0) this.#endFrame();
        continue;
      }
      this.#header[this.#headerBytes++] = chunk[at++]!;
      const size = headerSize(this.#header, this.#headerBytes);
      if (size === undefined || this.#headerBytes < size) continue;
      this.#skip = payloadLength(this.#header);
      this.#completesMessage = (this.#header[0]! & 0x80) !== 0 && (this.#header[0]! & 0x0f) <= LAST_DATA_OPCODE;
      this.#headerBytes = 0;
      if (this.#skip === 0) this.#endFrame();
    }
  }

  #endFrame(): void {
    if (this.#completesMessage) this.messages++;
    this.#completesMessage = false;
  }
}

/** The header's full size once its second byte is in, else `undefined`. */
function headerSize(header: Buffer, have: number): number | undefined {
  if (have < 2) return undefined;
  const length = header[1]! & 0x7f;
  const mask = header[1]! & 0x80 ? 4 : 0;
  return 2 + (length === 126 ? 2 : length === 127 ? 8 : 0) + mask;
}

/** The payload length of a complete header. */
function payloadLength(header: Buffer): number {
  const length = header[1]! & 0x7f;
  if (length === 126) return header.readUInt16BE(2);
  // No message comes near 2^53 bytes here: the number is exact.
  if (length === 127) return Number(header.readBigUInt64BE(2));
  return length;
}
