/**
 * How bytes travel inside WebSocket messages on a proxied connection: raw binary frames, text
 * frames, or websockify's `base64` sub-protocol (text frames holding base64).
 *
 * @module
 */
import { StringDecoder } from 'node:string_decoder';
import { ErrorCode, SgcError } from '@sgc/frame';
import { ProxyCloseCode } from './close-codes.js';

/**
 * The frame type a proxy sends the target's bytes in when no sub-protocol decides it.
 *
 * @example
 * ```ts
 * new TcpProxy({ target: { host: '127.0.0.1', port: 25 }, sendAs: 'text' }); // SMTP lines as text frames
 * ```
 */
export type ProxySendAs = 'binary' | 'text';

/**
 * How one connection's messages map to bytes: `binary` and `text` carry the bytes themselves,
 * `base64` carries them base64-encoded in text frames.
 */
export type ProxyFraming = ProxySendAs | 'base64';

/**
 * Picks a connection's framing from its negotiated sub-protocol: websockify's `base64` and
 * `binary` decide it; any other protocol, or none, uses `sendAs`.
 *
 * @param protocol - the negotiated sub-protocol, or `''`
 * @param sendAs - the proxy's `sendAs` option
 * @returns the framing
 * @example
 * ```ts
 * framingFor('base64', 'binary'); // 'base64'
 * framingFor('', 'text'); // 'text'
 * ```
 */
export function framingFor(protocol: string, sendAs: ProxySendAs): ProxyFraming {
  if (protocol === 'base64' || protocol === 'binary') return protocol;
  return sendAs;
}

/** Standard base64 with padding: what websockify clients send. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Turns a client's message into the bytes written to the target: text as UTF-8 (decoded from
 * base64 on the `base64` sub-protocol), binary as it is.
 *
 * @param framing - the connection's framing
 * @param data - the message: a string for a text frame, bytes for a binary one
 * @returns the bytes, or an {@link @sgc/frame!index.SgcError} to close the connection with:
 *   `SGC_ERR_INVALID_ARGUMENT` with `closeCode` 1003 for a binary frame on `base64`, 1007 for text that is not base64
 * @example
 * ```ts
 * clientBytes('base64', 'UElORw=='); // <Buffer 50 49 4e 47>
 * ```
 */
export function clientBytes(framing: ProxyFraming, data: string | Buffer): Buffer | SgcError {
  if (framing !== 'base64') return typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (typeof data !== 'string') {
    return new SgcError(ErrorCode.InvalidArgument, 'A binary frame on the base64 sub-protocol', { closeCode: ProxyCloseCode.UnsupportedData });
  }
  if (data.length % 4 !== 0 || !BASE64.test(data)) {
    return new SgcError(ErrorCode.InvalidArgument, 'A text frame on the base64 sub-protocol that is not base64', {
      closeCode: ProxyCloseCode.InvalidPayload,
    });
  }
  return Buffer.from(data, 'base64');
}

/**
 * Turns the target's bytes into messages for the client. In `text` framing a UTF-8 character
 * split between two TCP reads is held back until it is whole, since every text frame must be
 * valid UTF-8 on its own (RFC 6455 §8.1); bytes that are not UTF-8 become U+FFFD.
 *
 * @example
 * ```ts
 * const encoder = new TargetEncoder('text');
 * encoder.encode(Buffer.from([0xe2, 0x82])); // '' (waits for the rest of the character)
 * encoder.encode(Buffer.from([0xac])); // '€'
 * ```
 */
export class TargetEncoder {
  readonly #framing: ProxyFraming;
  readonly #decoder: StringDecoder | undefined;

  /** @param framing - the connection's framing */
  constructor(framing: ProxyFraming) {
    this.#framing = framing;
    this.#decoder = framing === 'text' ? new StringDecoder('utf8') : undefined;
  }

  /**
   * Encodes one chunk read from the target.
   *
   * @param chunk - the bytes
   * @returns the message to send; empty when nothing is complete yet (send nothing then)
   */
  encode(chunk: Buffer): string | Buffer {
    if (this.#decoder !== undefined) return this.#decoder.write(chunk);
    return this.#framing === 'base64' ? chunk.toString('base64') : chunk;
  }

  /**
   * Flushes what `text` framing held back when the target's stream ends.
   *
   * @returns U+FFFD for an incomplete character, otherwise `''`
   */
  end(): string {
    return this.#decoder?.end() ?? '';
  }
}
