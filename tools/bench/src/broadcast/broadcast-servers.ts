/**
 * The two servers the broadcast bench compares, each doing a broadcast the way
 * its documentation shows: sgc's `server.broadcast(data)`, and for ws a loop
 * over `wss.clients` that sends to each open client. The libraries are
 * imported lazily, so a child loads only the one it runs.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';
import { BENCH_HOST, type ImplName } from '../impl/types.js';
import { loadSgcServerModule } from '../impl/sgc-api.js';
import type { FanoutServer } from '../fanout/serve-server.js';

/** The implementations that can broadcast (the `net` floor has no notion of it). */
export type BroadcastImpl = Extract<ImplName, 'sgc' | 'ws'>;

/** Both, in the order each round measures them. */
export const BROADCAST_IMPLS: readonly BroadcastImpl[] = ['sgc', 'ws'];

/** A running server that broadcasts binary messages. */
export type BroadcastServer = FanoutServer<Buffer>;

/**
 * Starts a server of `impl` on {@link BENCH_HOST}, port chosen by the OS, compression off.
 *
 * @param impl - which implementation
 * @returns the running server
 * @throws Error when the library cannot be loaded or the server does not start
 */
export async function startBroadcastServer(impl: BroadcastImpl): Promise<BroadcastServer> {
  return impl === 'sgc' ? startSgc() : startWs();
}

async function startSgc(): Promise<BroadcastServer> {
  const { WebSocketServer } = await loadSgcServerModule();
  const server = new WebSocketServer({ host: BENCH_HOST, port: 0, perMessageDeflate: false });
  await server.start();
  return { port: server.port, connectionCount: () => server.count, broadcast: (data) => server.broadcast(data) };
}

async function startWs(): Promise<BroadcastServer> {
  const { WebSocket, WebSocketServer } = await import('ws');
  const server = new WebSocketServer({ host: BENCH_HOST, port: 0, perMessageDeflate: false, clientTracking: true });
  server.on('connection', (socket) => socket.on('error', () => socket.terminate()));
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    connectionCount: () => server.clients.size,
    broadcast: (data) => {
      // The loop of ws's README ("Server broadcast"), counting like sgc's broadcast() does.
      let sent = 0;
      for (const client of server.clients) {
        if (client.readyState !== WebSocket.OPEN) continue;
        client.send(data, { binary: true });
        sent++;
      }
      return sent;
    },
  };
}
