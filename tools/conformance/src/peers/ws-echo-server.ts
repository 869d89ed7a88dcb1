/**
 * The reference testee for the server role: a `ws` WebSocketServer that
 * echoes every message with its type, as ws's own autobahn-server.js does.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';
import { type PerMessageDeflateOptions, WebSocketServer } from 'ws';

/** Options of {@link startWsEchoServer}. */
export interface WsEchoServerOptions {
  /** ws's `perMessageDeflate`. @defaultValue true */
  perMessageDeflate?: boolean | PerMessageDeflateOptions;
  /** ws's `maxPayload`. @defaultValue 100 MiB (ws's default) */
  maxPayload?: number;
  /**
   * ws's `maxFragments` (16384 since 8.22; 0 = no limit). With the default,
   * ws 8.23 fails 9.3.1/9.4.1 (65536 fragments) with 1008, which ws 8.18,
   * the version of the published report, did not.
   */
  maxFragments?: number;
  /** ws's `skipUTF8Validation`; only for showing the harness catches it. */
  skipUTF8Validation?: boolean;
  /** @defaultValue 0, any free port */
  port?: number;
}

/** A running echo server. */
export interface EchoServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the ws echo server on 127.0.0.1.
 *
 * @param options - ws options
 * @returns the server, once listening
 */
export async function startWsEchoServer(options: WsEchoServerOptions = {}): Promise<EchoServer> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    perMessageDeflate: options.perMessageDeflate ?? true,
    ...(options.maxPayload !== undefined ? { maxPayload: options.maxPayload } : {}),
    ...(options.maxFragments !== undefined ? { maxFragments: options.maxFragments } : {}),
    ...(options.skipUTF8Validation !== undefined ? { skipUTF8Validation: options.skipUTF8Validation } : {}),
  });
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data as Buffer, { binary: isBinary }));
    ws.on('error', () => undefined); // protocol errors are what the fuzzer provokes
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}
