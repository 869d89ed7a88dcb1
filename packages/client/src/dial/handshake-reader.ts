/**
 * Reads one proxy reply from a socket, however the bytes are split, and hands any bytes past
 * its end back to the socket.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { ErrorCode, SgcError } from '@sgc/frame';

/**
 * What a {@link ReplyParser} returns once the reply is complete.
 *
 * @internal
 */
export interface ParsedReply<T> {
  /** The parsed reply. */
  readonly value: T;
  /** How many bytes of the buffer the reply took; the rest belongs to the tunnel. */
  readonly length: number;
}

/**
 * Parses a reply from everything received so far. Returns `undefined` while more bytes are
 * needed, and throws an {@link @sgc/frame!index.SgcError} when the bytes cannot be a valid reply.
 *
 * @internal
 */
export type ReplyParser<T> = (received: Buffer) => ParsedReply<T> | undefined;

/**
 * Waits until `parse` accepts the bytes received so far.
 *
 * It consumes through `'readable'`/`read()` rather than a `'data'` listener, so the socket is
 * never left flowing with no listener (which would drop bytes). Bytes past the reply are put
 * back with `unshift()`: they are the first bytes of the tunnel, and whoever reads the socket
 * next (a TLS wrapper, the WebSocket handshake) must see them.
 *
 * @param socket - a connected socket
 * @param parse - the reply parser
 * @param what - names the peer in error messages, e.g. `'HTTP proxy 127.0.0.1:3128'`
 * @param maxLength - the most bytes a reply may take
 * @returns the parsed reply
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_SOCKET` when the socket errors or closes first, or the
 *   reply grows past `maxLength`; whatever `parse` throws
 * @internal
 */
export function readReply<T>(socket: Socket, parse: ReplyParser<T>, what: string, maxLength: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (socket.destroyed || socket.readableEnded) {
      reject(new SgcError(ErrorCode.Socket, `${what} closed the connection`));
      return;
    }
    let received: Buffer = Buffer.alloc(0);
    const cleanup = (): void => {
      socket.removeListener('readable', onReadable);
      socket.removeListener('end', onEnd);
      socket.removeListener('close', onEnd);
      socket.removeListener('error', onError);
    };
    const fail = (error: unknown): void => {
      cleanup();
      reject(error);
    };
    const onReadable = (): void => {
      let chunk: Buffer | null;
      while ((chunk = socket.read() as Buffer | null) !== null) {
        received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
        let reply: ParsedReply<T> | undefined;
        try {
          reply = parse(received);
        } catch (error) {
          fail(error);
          return;
        }
        if (reply !== undefined) {
          cleanup();
          if (reply.length < received.length) socket.unshift(received.subarray(reply.length));
          resolve(reply.value);
          return;
        }
        if (received.length >= maxLength) {
          fail(new SgcError(ErrorCode.Socket, `${what} sent a reply longer than ${maxLength} bytes`));
          return;
        }
      }
    };
    const onEnd = (): void => fail(new SgcError(ErrorCode.Socket, `${what} closed the connection before its reply was complete`));
    const onError = (error: Error): void =>
      fail(new SgcError(ErrorCode.Socket, `${what}: ${error.message}`, { cause: error }));
    socket.on('readable', onReadable);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
  });
}
