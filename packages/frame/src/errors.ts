/**
 * The one error type every sgc package throws or emits.
 *
 * @module
 */

/**
 * Every stable error code an sgc package can produce. The string never changes
 * between versions, so code may branch on it; the message is for humans only.
 */
export const ErrorCode = {
  /** A frame used an opcode RFC 6455 §5.2 reserves (3-7, 11-15). */
  InvalidOpcode: 'SGC_ERR_INVALID_OPCODE',
  /** An RSV bit was set that no negotiated extension owns (RFC 6455 §5.2). */
  UnexpectedRsv: 'SGC_ERR_UNEXPECTED_RSV',
  /** A client sent an unmasked frame (RFC 6455 §5.1). */
  MaskRequired: 'SGC_ERR_MASK_REQUIRED',
  /** A server sent a masked frame (RFC 6455 §5.1). */
  MaskForbidden: 'SGC_ERR_MASK_FORBIDDEN',
  /** A control frame was longer than 125 bytes (RFC 6455 §5.5). */
  ControlFrameTooLong: 'SGC_ERR_CONTROL_FRAME_TOO_LONG',
  /** A control frame had FIN clear (RFC 6455 §5.5). */
  FragmentedControlFrame: 'SGC_ERR_FRAGMENTED_CONTROL_FRAME',
  /** A continuation frame arrived with no message in progress (RFC 6455 §5.4). */
  UnexpectedContinuation: 'SGC_ERR_UNEXPECTED_CONTINUATION',
  /** A new data frame arrived before the fragmented message ended (RFC 6455 §5.4). */
  ExpectedContinuation: 'SGC_ERR_EXPECTED_CONTINUATION',
  /** A 64-bit payload length had its most significant bit set or exceeds 2^53 - 1 (RFC 6455 §5.2). */
  InvalidLength: 'SGC_ERR_INVALID_LENGTH',
  /** A message (or its inflated form) exceeded `maxPayload` (close 1009). */
  PayloadTooLarge: 'SGC_ERR_PAYLOAD_TOO_LARGE',
  /** A message was split into more than `maxFragments` frames (close 1008). */
  TooManyFragments: 'SGC_ERR_TOO_MANY_FRAGMENTS',
  /** The peer sent more pings than `maxPendingPongs` without reading our pongs (close 1008). */
  TooManyPendingPongs: 'SGC_ERR_TOO_MANY_PENDING_PONGS',
  /** A text message or close reason was not valid UTF-8 (close 1007). */
  InvalidUtf8: 'SGC_ERR_INVALID_UTF8',
  /** A close frame carried a status code RFC 6455 §7.4 does not allow on the wire. */
  InvalidCloseCode: 'SGC_ERR_INVALID_CLOSE_CODE',
  /** A close frame had a one-byte payload (RFC 6455 §5.5.1). */
  InvalidClosePayload: 'SGC_ERR_INVALID_CLOSE_PAYLOAD',
  /** A compressed message could not be inflated (close 1007). */
  InflateFailed: 'SGC_ERR_INFLATE_FAILED',
  /** The opening handshake was refused or malformed. */
  HandshakeFailed: 'SGC_ERR_HANDSHAKE_FAILED',
  /** An extension offer or response could not be parsed or accepted. */
  InvalidExtension: 'SGC_ERR_INVALID_EXTENSION',
  /** A caller passed an argument outside its documented range. */
  InvalidArgument: 'SGC_ERR_INVALID_ARGUMENT',
  /** The operation needs an open connection. */
  NotOpen: 'SGC_ERR_NOT_OPEN',
  /** The operation did not finish within its timeout. */
  Timeout: 'SGC_ERR_TIMEOUT',
  /** The operation was cancelled through its `AbortSignal`. */
  Aborted: 'SGC_ERR_ABORTED',
  /** The connection closed before the operation finished. */
  ConnectionClosed: 'SGC_ERR_CONNECTION_CLOSED',
  /** A network or TLS error from the underlying socket. */
  Socket: 'SGC_ERR_SOCKET',
  /** The server is not in a state that allows the call (not started, already started). */
  InvalidState: 'SGC_ERR_INVALID_STATE',
  /** The operation does not exist on this connection's transport (a ping on a plain TCP connection). */
  NotSupported: 'SGC_ERR_NOT_SUPPORTED',
  /** The connection log file could not be opened or written; `cause` holds the file-system error. */
  LogFile: 'SGC_ERR_LOG_FILE',
  /** The peer answered a request with an error of its protocol (a JSON-RPC error, a refused subscription). */
  Remote: 'SGC_ERR_REMOTE',
  /** The peer sent a message the protocol does not allow (malformed JSON-RPC, an unknown reply). */
  ProtocolViolation: 'SGC_ERR_PROTOCOL_VIOLATION',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const brand = Symbol.for('sgc.error');

/** Options accepted by the {@link SgcError} constructor. */
export interface SgcErrorOptions extends ErrorOptions {
  /** The WebSocket close code this error closes the connection with, if any. */
  closeCode?: number;
  /** The HTTP status that goes with a handshake error, if any. */
  status?: number;
}

/**
 * The error every sgc package throws, rejects with or emits.
 *
 * `code` is stable across versions; `closeCode` is set when the error fails a
 * WebSocket connection (RFC 6455 §7.1.7) and says which close code was sent.
 * `instanceof SgcError` works across duplicate installs of `@sgc/frame`.
 *
 * @example
 * ```ts
 * try {
 *   await client.connect({ timeout: 1000 });
 * } catch (err) {
 *   if (err instanceof SgcError && err.code === ErrorCode.Timeout) retryLater();
 * }
 * ```
 */
export class SgcError extends Error {
  /** The stable machine-readable code. */
  readonly code: ErrorCode;
  /** The close code the connection was (or will be) failed with, if any. */
  readonly closeCode: number | undefined;
  /** The HTTP status of a refused handshake, if any. */
  readonly status: number | undefined;

  /**
   * @param code - one of {@link ErrorCode}
   * @param message - a human-readable description
   * @param options - `closeCode`, `status` and the standard `cause`
   */
  constructor(code: ErrorCode, message: string, options: SgcErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.closeCode = options.closeCode;
    this.status = options.status;
  }

  override get name(): string {
    return 'SgcError';
  }

  /**
   * Recognises sgc errors made by any copy of this package; subclasses keep the ordinary
   * prototype check, so `instanceof` a subclass is not true of every `SgcError`.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== SgcError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && brand in value;
  }

  /** @internal */
  get [brand](): true {
    return true;
  }
}
