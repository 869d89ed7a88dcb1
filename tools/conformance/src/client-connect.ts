/**
 * The fuzzing client's TCP connect and opening handshake (RFC 6455 §4.1),
 * done by hand so the octets after the response head go to the harness's
 * own frame reader.
 *
 * @module
 */
import { connect, type Socket } from 'node:net';
import { checkDeflateResponse, type DeflateAgreement, type DeflateOffer, formatOffer } from './deflate-params.js';
import { buildClientRequest, checkServerResponse, newKey, parseHttpHead } from './handshake.js';

/** An open connection, or why there is none. */
export type ConnectOutcome =
  | { ok: true; socket: Socket; head: Buffer; deflate: DeflateAgreement | null; request: string; response: string }
  | { ok: false; error: string; request: string; response: string };

/**
 * Connects to `url` and performs the opening handshake.
 *
 * @param url - `ws://host:port/path?query`
 * @param offers - permessage-deflate offers to make (none for most cases)
 * @param timeoutMs - limit for connect plus handshake
 * @returns the socket with any early frame octets, or an error
 */
export function connectWebSocket(url: string, offers: readonly DeflateOffer[], timeoutMs: number): Promise<ConnectOutcome> {
  const target = new URL(url);
  if (target.protocol !== 'ws:') throw new Error(`only ws:// URLs are supported, got ${url}`);
  const port = Number(target.port || 80);
  const key = newKey();
  const request = buildClientRequest({
    host: target.host,
    path: `${target.pathname || '/'}${target.search}`,
    key,
    extensions: offers.length > 0 ? offers.map(formatOffer).join(', ') : undefined,
  });
  return new Promise((resolve) => {
    const socket = connect({ host: target.hostname, port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (outcome: ConnectOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('data', onData);
      if (outcome.ok) socket.pause();
      else socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `no handshake within ${timeoutMs} ms`, request, response: received.toString('latin1') }), timeoutMs);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (received.length > 65536) finish({ ok: false, error: 'handshake response too large', request, response: '' });
        return;
      }
      const response = received.subarray(0, end).toString('latin1');
      const head = received.subarray(end + 4);
      const parsed = parseHttpHead(response);
      const bad = checkServerResponse(parsed, key);
      if (bad) return finish({ ok: false, error: bad, request, response });
      const ext = checkDeflateResponse(parsed.headers.get('sec-websocket-extensions'), offers);
      if (ext.error) return finish({ ok: false, error: ext.error, request, response });
      finish({ ok: true, socket, head, deflate: ext.agreement, request, response });
    };
    socket.on('data', onData);
    socket.once('connect', () => {
      socket.setNoDelay(true);
      socket.write(request);
    });
    socket.once('error', (e) => finish({ ok: false, error: e.message, request, response: received.toString('latin1') }));
    socket.once('close', () => finish({ ok: false, error: 'connection closed during handshake', request, response: received.toString('latin1') }));
  });
}
