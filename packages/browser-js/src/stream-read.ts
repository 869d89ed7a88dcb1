/**
 * The browser's `sgcWSStreamRead`: splits a binary message that starts with a text id
 * (written by `sgcWSStreamWrite` in Delphi, @sgc/frame or a browser) into that id and the data.
 *
 * @module
 */
import { ErrorCode, STREAM_HEADER_LENGTH_DIGITS, SgcError, sgcWSStreamRead as splitStream } from '@sgc/frame';

/** A binary message as a browser may hold it. */
export type StreamSource = Blob | ArrayBuffer | ArrayBufferView<ArrayBuffer>;

/**
 * Receives the parts of a binary message.
 *
 * @param header - the id the sender put in front, e.g. `'00001'`
 * @param stream - the rest of the message
 */
export type StreamReadCallback = (header: string, stream: Blob) => void;

const ascii = new TextDecoder('ascii');

/**
 * Splits a binary message into its id and its data and hands both to `callback` (the manual's
 * `sgcWSStreamRead(stream, function (header, stream) { … })`). The layout is @sgc/frame's:
 * ten zero-padded ASCII digits with the id's byte length, the id in UTF-8, then the data.
 *
 * Only the header is read: the data is handed on as a slice of the `Blob`, not a copy.
 *
 * @param stream - the message, normally a `stream` event's `event.stream`
 * @param callback - called once with the id and the data
 * @returns a promise that settles after `callback` ran (reading a `Blob` is asynchronous)
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT`, as a rejection, when the message
 *   is shorter than its header, the length is not ten digits, or the id is not UTF-8
 * @example
 * ```js
 * socket.on('stream', function (event) {
 *   sgcWSStreamRead(event.stream, function (header, stream) {
 *     document.getElementById('text').textContent = header;
 *     document.getElementById('image').src = URL.createObjectURL(stream);
 *   });
 * });
 * ```
 */
export async function sgcWSStreamRead(stream: StreamSource, callback: StreamReadCallback): Promise<void> {
  const blob = stream instanceof Blob ? stream : new Blob([stream]);
  const end = STREAM_HEADER_LENGTH_DIGITS + (await idLength(blob));
  // @sgc/frame checks the header it was given in full; the data stays in the Blob.
  const { id } = splitStream(new Uint8Array(await blob.slice(0, end).arrayBuffer()));
  callback(id, blob.slice(end, blob.size, blob.type));
}

/** Reads the ten-digit length field that opens the message. */
async function idLength(blob: Blob): Promise<number> {
  if (blob.size < STREAM_HEADER_LENGTH_DIGITS) {
    throw new SgcError(ErrorCode.InvalidArgument, `A stream message needs at least ${STREAM_HEADER_LENGTH_DIGITS} bytes, got ${blob.size}`);
  }
  const digits = ascii.decode(await blob.slice(0, STREAM_HEADER_LENGTH_DIGITS).arrayBuffer());
  if (!/^\d{10}$/.test(digits)) {
    throw new SgcError(ErrorCode.InvalidArgument, 'The stream header length is not ten decimal digits');
  }
  return Number(digits);
}
