/**
 * Frame opcodes (RFC 6455 §5.2, §11.8).
 *
 * @module
 */

/** The opcodes RFC 6455 defines; every other value is reserved and fails the connection. */
export const Opcode = {
  /** Continuation of a fragmented message. */
  Continuation: 0x0,
  /** A UTF-8 text frame. */
  Text: 0x1,
  /** A binary frame. */
  Binary: 0x2,
  /** Close control frame. */
  Close: 0x8,
  /** Ping control frame. */
  Ping: 0x9,
  /** Pong control frame. */
  Pong: 0xa,
} as const;

/** One of the {@link Opcode} values. */
export type Opcode = (typeof Opcode)[keyof typeof Opcode];

/**
 * Tells whether an opcode is a control opcode (the high bit of the nibble is set, RFC 6455 §5.5).
 *
 * @param opcode - a 4-bit opcode
 * @returns `true` for close, ping, pong and the reserved control range
 * @example
 * ```ts
 * isControlOpcode(Opcode.Ping); // true
 * ```
 */
export function isControlOpcode(opcode: number): boolean {
  return (opcode & 0x8) !== 0;
}
