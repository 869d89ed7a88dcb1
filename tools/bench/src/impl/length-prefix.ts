/**
 * The minimal framing of the `net` floor: a 4-byte big-endian length, then the
 * payload. It does what any message protocol must (find message boundaries,
 * hand over one contiguous buffer per message) and nothing more, so no
 * WebSocket library can use less CPU than this.
 *
 * @module
 */
import type { Socket } from 'node:net';

/** Bytes of the length header. */
const HEADER_BYTES = 4;

/** Larger messages are refused, so a corrupt length cannot make the decoder buffer without end. */
export const MAX_MESSAGE_BYTES = 64 << 20;

/** Up to this size, header and payload are copied into one buffer: cheaper than a two-buffer writev. */
const COPY_THRESHOLD = 4096;

/**
 * Writes `payload` as one length-prefixed message.
 *
 * @param socket - the connected socket
 * @param payload - the message bytes (not modified)
 */
export function writeMessage(socket: Socket, payload: Uint8Array): void {
  if (payload.length <= COPY_THRESHOLD) {
    const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
    frame.writeUInt32BE(payload.length, 0);
    frame.set(payload, HEADER_BYTES);
    socket.write(frame);
    return;
  }
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt32BE(payload.length, 0);
  // cork/uncork turns the two writes into one writev syscall.
  socket.cork();
  socket.write(header);
  socket.write(payload);
  socket.uncork();
}

/**
 * Splits a byte stream into length-prefixed messages. A message that arrives
 * in one chunk is handed over as a view of that chunk without copying; one
 * spread over several chunks is concatenated once.
 */
export class LengthPrefixDecoder {
  readonly #onMessage: (message: Buffer) => void;
  #chunks: Buffer[] = [];
  #buffered = 0;
  /** Length of the message being read, or -1 while its header is incomplete. */
  #expected = -1;

  /**
   * @param onMessage - called with each whole message
   */
  constructor(onMessage: (message: Buffer) => void) {
    this.#onMessage = onMessage;
  }

  /**
   * Feeds received bytes.
   *
   * @param chunk - bytes as they came off the socket
   * @throws RangeError when a header announces more than {@link MAX_MESSAGE_BYTES}
   */
  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    for (;;) {
      if (this.#expected < 0) {
        if (this.#buffered < HEADER_BYTES) return;
        const length = this.#take(HEADER_BYTES).readUInt32BE(0);
        if (length > MAX_MESSAGE_BYTES) throw new RangeError(`message of ${length} bytes exceeds the limit`);
        this.#expected = length;
      }
      if (this.#buffered < this.#expected) return;
      const message = this.#take(this.#expected);
      this.#expected = -1;
      this.#onMessage(message);
    }
  }

  /** Removes and returns the next `n` buffered bytes (the caller checked they are there). */
  #take(n: number): Buffer {
    const first = this.#chunks[0]!;
    if (first.length >= n) {
      this.#buffered -= n;
      if (first.length === n) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(n);
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.#chunks[0]!;
      const used = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, used);
      filled += used;
      if (used === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(used);
    }
    this.#buffered -= n;
    return out;
  }
}
