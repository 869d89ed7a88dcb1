/**
 * A ws connection as a {@link StreamTarget}: ws has no `drain` event on the
 * WebSocket, so the callback of each send, which runs once its bytes were
 * handed to the kernel, is what wakes a sender waiting for room.
 *
 * @module
 */
import { WebSocket } from 'ws';
import type { StreamTarget } from './busy-sender.js';

/**
 * Wraps a ws connection.
 *
 * @param socket - an open ws connection
 * @param cap - `send()` reports a full buffer at this many `bufferedAmount` bytes
 * @returns the target
 */
export function wsStreamTarget(socket: WebSocket, cap: number): StreamTarget {
  let wake: (() => void) | undefined;
  const onWritten = (): void => {
    // An error (the socket closed) wakes the sender too: its next send() throws.
    if (wake && socket.bufferedAmount < cap) {
      const resolve = wake;
      wake = undefined;
      resolve();
    }
  };
  return {
    send: (data) => {
      if (socket.readyState !== WebSocket.OPEN) throw new Error('the ws connection closed');
      socket.send(data, { binary: true, compress: false }, onWritten);
      return socket.bufferedAmount < cap;
    },
    waitForRoom: (signal) =>
      new Promise<void>((resolve, reject) => {
        if (socket.bufferedAmount < cap) return resolve();
        const onAbort = (): void => reject(new Error('stopped'));
        signal.addEventListener('abort', onAbort, { once: true });
        wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
      }),
  };
}
