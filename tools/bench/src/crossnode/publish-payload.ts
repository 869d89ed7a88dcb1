/**
 * The cross-node bench's message: a sequence number and the sender's
 * `performance.now()`, padded to 64 bytes. Sender and receivers live in the
 * same process, so the timestamp in the message is read back on the clock
 * that wrote it.
 *
 * @module
 */

/** Bytes per message, as in the broadcast bench. */
export const PAYLOAD_BYTES = 64;

/** What a message carries. */
export interface PublishStamp {
  readonly seq: number;
  /** `performance.now()` in the probe process when the message was sent. */
  readonly sentAtMs: number;
}

/**
 * Builds a message.
 *
 * @param stamp - sequence number (a 32-bit unsigned integer) and send time
 * @returns {@link PAYLOAD_BYTES} bytes
 */
export function encodePayload(stamp: PublishStamp): Buffer {
  const data = Buffer.alloc(PAYLOAD_BYTES);
  data.writeUInt32BE(stamp.seq, 0);
  data.writeDoubleBE(stamp.sentAtMs, 4);
  return data;
}

/**
 * Reads a message back.
 *
 * @param data - a received message
 * @returns its stamp, or `undefined` when it is not one of the bench's messages
 */
export function decodePayload(data: Buffer): PublishStamp | undefined {
  if (data.length !== PAYLOAD_BYTES) return undefined;
  return { seq: data.readUInt32BE(0), sentAtMs: data.readDoubleBE(4) };
}
