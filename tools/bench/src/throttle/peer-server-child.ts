/**
 * The throttle bench's peer: a ws server (neutral ground: the bench measures
 * the sgc client's throttle, not the server). It counts what the client sends
 * (send direction) or streams to the client (receive direction). Started by
 * the throttle runner through `ChildHandle`; it exits when the parent's IPC
 * channel closes.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { serveCommands } from '../ipc/serve.js';
import { BENCH_HOST } from '../impl/types.js';
import { delay } from '../util/time.js';
import { ArrivalCounter } from './arrival-counter.js';
import { BusySender } from './busy-sender.js';
import type { PeerServerCommands } from './commands.js';
import { frameBytes } from './sizing.js';
import { wsStreamTarget } from './ws-stream-target.js';

/** How long `streamStart` waits for the client's connection to show up. */
const CONNECTION_TIMEOUT_MS = 5000;

let server: WebSocketServer | undefined;
let current: WebSocket | undefined;
let counter = new ArrivalCounter();
let sender: BusySender | undefined;

function rawLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function onConnection(socket: WebSocket): void {
  // One measurement at a time: a new connection is the next measurement, and the old one is over.
  current?.terminate();
  current = socket;
  counter = new ArrivalCounter();
  const mine = counter;
  socket.on('message', (data) => {
    const length = rawLength(data);
    // The client masks its frames; the sgc client sends each message as one frame.
    mine.add(length, frameBytes(length, true));
  });
  socket.on('error', () => socket.terminate());
  socket.on('close', () => {
    if (current === socket) current = undefined;
  });
}

async function connection(): Promise<WebSocket> {
  const deadline = Date.now() + CONNECTION_TIMEOUT_MS;
  while (!current) {
    if (Date.now() >= deadline) throw new Error(`no client connected within ${CONNECTION_TIMEOUT_MS} ms`);
    await delay(5);
  }
  return current;
}

serveCommands<PeerServerCommands>({
  start: async () => {
    if (server) throw new Error('the peer server is already running');
    const started = new WebSocketServer({ host: BENCH_HOST, port: 0, perMessageDeflate: false, clientTracking: false });
    started.on('connection', onConnection);
    await new Promise<void>((resolve, reject) => {
      started.once('listening', resolve);
      started.once('error', reject);
    });
    server = started;
    return { port: (started.address() as AddressInfo).port };
  },
  streamStart: async ({ size, cap }) => {
    if (sender) throw new Error('the peer server is already sending');
    sender = BusySender.start(wsStreamTarget(await connection(), cap), size);
    return {};
  },
  streamStop: async () => {
    const running = sender;
    sender = undefined;
    if (!running) return { sentMessages: 0, failures: [] };
    const failures = await running.stop();
    return { sentMessages: running.sentMessages, failures };
  },
  mark: async () => counter.mark(),
});
