/**
 * Raw HTTP responses written on an upgrade socket: the 101 that completes the
 * handshake and the refusals (RFC 6455 §4.2.2, §4.4).
 *
 * @module
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Writes the `101 Switching Protocols` response.
 *
 * @param socket - the upgrade socket
 * @param accept - the `Sec-WebSocket-Accept` value
 * @param protocol - the chosen sub-protocol, or `''`
 * @param extensions - the `Sec-WebSocket-Extensions` value, or `''`
 * @param extra - further header lines
 */
export function writeSwitchingProtocols(
  socket: Duplex,
  accept: string,
  protocol: string,
  extensions: string,
  extra: readonly string[] = [],
): void {
  let head = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n`;
  if (protocol !== '') head += `Sec-WebSocket-Protocol: ${protocol}\r\n`;
  if (extensions !== '') head += `Sec-WebSocket-Extensions: ${extensions}\r\n`;
  for (const line of extra) head += `${line}\r\n`;
  socket.write(`${head}\r\n`);
}

/**
 * Refuses an upgrade with an HTTP error and closes the socket. A 426 carries
 * `Sec-WebSocket-Version: 13` so the client learns the version we speak (§4.4).
 *
 * @param socket - the upgrade socket
 * @param status - the HTTP status
 * @param message - a plain-text body
 * @param extra - further header lines (e.g. a `WWW-Authenticate` challenge)
 */
export function refuseUpgrade(socket: Duplex, status: number, message: string, extra: readonly string[] = []): void {
  if (socket.destroyed) return;
  const body = Buffer.from(message);
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\n`;
  if (status === 426) head += 'Sec-WebSocket-Version: 13\r\nUpgrade: websocket\r\n';
  for (const line of extra) head += `${line}\r\n`;
  socket.end(Buffer.concat([Buffer.from(`${head}\r\n`), body]));
}
