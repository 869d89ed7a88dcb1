/**
 * Byte counts of the throttle bench: how big a WebSocket frame is on the
 * wire, and how big the messages and send buffers are for a given rate.
 *
 * @module
 */

/** Most bytes a message may have here; a larger one would make the counts too coarse at low rates anyway. */
const MAX_MESSAGE_BYTES = 64 << 10;

/** Fewest bytes a message has: below this the per-message CPU, not the throttle, could set the pace. */
const MIN_MESSAGE_BYTES = 512;

/**
 * The size of a single-frame message on the wire: what the throttle counts,
 * since it paces the bytes handed to the socket, headers and mask included.
 *
 * @param payload - payload bytes
 * @param masked - whether the frame carries a mask (client to server)
 * @returns header + mask + payload bytes (RFC 6455 §5.2)
 */
export function frameBytes(payload: number, masked: boolean): number {
  const length = payload < 126 ? 0 : payload < 65_536 ? 2 : 8;
  return 2 + length + (masked ? 4 : 0) + payload;
}

/**
 * The message size for a rate: about 10 ms of data, rounded down to a power
 * of two. Messages are counted when they are complete, so a message is the
 * resolution of the measurement; 10 ms keeps that fine at every rate.
 *
 * @param bitsPerSecond - the configured rate
 * @returns payload bytes per message, from 512 B to 64 KiB
 */
export function messageSizeFor(bitsPerSecond: number): number {
  const tenMs = bitsPerSecond / 8 / 100;
  const power = 2 ** Math.floor(Math.log2(Math.max(1, tenMs)));
  return Math.min(MAX_MESSAGE_BYTES, Math.max(MIN_MESSAGE_BYTES, power));
}

/**
 * How many bytes the sender keeps queued: at least 100 ms of data, so the
 * throttle never waits for the sender, and at least 64 KiB; not much more, so
 * stopping never leaves seconds of data behind.
 *
 * @param bitsPerSecond - the configured rate
 * @returns the cap in bytes
 */
export function bufferCapFor(bitsPerSecond: number): number {
  return Math.max(64 << 10, Math.ceil(bitsPerSecond / 8 / 10));
}
