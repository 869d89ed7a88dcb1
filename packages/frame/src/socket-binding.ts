/**
 * Binds a session object to its socket, the same way for WebSocket and plain TCP
 * sessions: one set of module-level listeners that find their session through a
 * symbol, so an idle connection carries no closures.
 *
 * @module
 */
import type { Socket } from 'node:net';
import type { Throttle } from './throttle.js';

/** What a session offers its socket. */
export interface SocketOwner {
  /** Bytes arrived. */
  receive(chunk: Buffer): void;
  /** The write buffer drained. */
  drained(): void;
  /** The peer ended its side of TCP. */
  peerEnded(): void;
  /** The socket failed; `close` follows. */
  socketError(error: Error): void;
  /** The socket closed. */
  socketClosed(hadError: boolean): void;
}

const kOwner = Symbol('sgc.socketOwner');
type OwnedSocket = Socket & { [kOwner]: SocketOwner };

function onData(this: OwnedSocket, chunk: Buffer): void {
  this[kOwner].receive(chunk);
}
function onDrain(this: OwnedSocket): void {
  this[kOwner].drained();
}
function onEnd(this: OwnedSocket): void {
  this[kOwner].peerEnded();
}
function onError(this: OwnedSocket, error: Error): void {
  this[kOwner].socketError(error);
}
function onClose(this: OwnedSocket, hadError: boolean): void {
  this[kOwner].socketClosed(hadError);
}

/**
 * Attaches `owner` to `socket`: no Nagle delay, no idle timeout, data through the
 * throttle when there is one.
 *
 * @param socket - the connected socket
 * @param owner - the session
 * @param throttle - limits both directions when given
 * @param head - bytes read before the session existed (after a handshake). They go back into
 *   the socket before anyone listens, so they arrive asynchronously like all later data, never
 *   before the caller has announced the connection.
 * @example
 * ```ts
 * bindSocket(socket, this, options.throttle, head);
 * ```
 */
export function bindSocket(socket: Socket, owner: SocketOwner, throttle: Throttle | undefined, head?: Buffer): void {
  const s = socket as OwnedSocket;
  s[kOwner] = owner;
  s.setNoDelay(true);
  s.setTimeout(0);
  if (head !== undefined && head.length > 0) s.unshift(head);
  if (throttle === undefined) {
    s.on('data', onData);
  } else {
    throttle.attachWriter(s, () => owner.drained());
    throttle.attachReader(s, (chunk) => owner.receive(chunk));
  }
  s.on('drain', onDrain);
  s.on('end', onEnd);
  s.on('error', onError);
  s.on('close', onClose);
}
