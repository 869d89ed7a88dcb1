/**
 * The throttle bench's client process: one sgc `WebSocketClient` with a
 * throttle, which either sends as fast as the throttle lets it (send
 * direction) or counts what it receives through the throttle (receive
 * direction). Started by the throttle runner through `ChildHandle`; it exits
 * when the parent's IPC channel closes.
 *
 * @module
 */
import type { WebSocketClient } from '@sgc/client';
import { serveCommands } from '../ipc/serve.js';
import { loadSgcClientModule, type SgcClientModule } from '../impl/sgc-api.js';
import { BENCH_HOST } from '../impl/types.js';
import { ArrivalCounter } from './arrival-counter.js';
import { BusySender } from './busy-sender.js';
import type { ThrottledClientCommands } from './commands.js';
import { frameBytes } from './sizing.js';

/** Bound on connecting. */
const CONNECT_TIMEOUT_MS = 5000;

let sgc: SgcClientModule | undefined;
let client: WebSocketClient | undefined;
let counter = new ArrivalCounter();
let sender: BusySender | undefined;
/** Why the connection failed under the bench, if it did (a drop the bench did not ask for). */
let lostConnection: string | undefined;

function connected(): WebSocketClient {
  if (!client) throw new Error('the throttled client is not connected');
  return client;
}

serveCommands<ThrottledClientCommands>({
  load: async () => {
    sgc = await loadSgcClientModule();
    return {};
  },
  connect: async ({ port, sendBitsPerSecond, receiveBitsPerSecond, highWaterMark }) => {
    if (!sgc) throw new Error('@sgc/client is not loaded');
    if (client) throw new Error('the throttled client is already connected');
    const created = new sgc.WebSocketClient({
      url: `ws://${BENCH_HOST}:${port}`,
      perMessageDeflate: false,
      highWaterMark,
      // bitsPerSecond 0 is "no limit": only the direction under test is throttled.
      throttle: { bitsPerSecond: 0, sendBitsPerSecond, receiveBitsPerSecond },
    });
    counter = new ArrivalCounter();
    const mine = counter;
    lostConnection = undefined;
    // The server does not mask its frames.
    created.on('binary', (data) => mine.add(data.length, frameBytes(data.length, false)));
    created.on('disconnect', (code, reason) => {
      if (client === created) lostConnection = `the connection closed under the bench (${code} ${reason})`;
    });
    await created.connect({ timeout: CONNECT_TIMEOUT_MS });
    client = created;
    return {};
  },
  streamStart: async ({ size }) => {
    if (sender) throw new Error('the throttled client is already sending');
    const open = connected();
    // No cap of its own: the client was connected with the cap as its highWaterMark, where send() turns false.
    sender = BusySender.start(
      { send: (data) => open.send(data), waitForRoom: async (signal) => void (await open.waitFor('drain', { signal })) },
      size,
    );
    return {};
  },
  streamStop: async () => {
    const running = sender;
    sender = undefined;
    if (!running) return { sentMessages: 0, failures: lostConnection ? [lostConnection] : [] };
    const failures = [...(await running.stop())];
    if (lostConnection) failures.push(lostConnection);
    return { sentMessages: running.sentMessages, failures };
  },
  mark: async () => {
    if (lostConnection) throw new Error(lostConnection);
    return counter.mark();
  },
  disconnect: async () => {
    const running = client;
    client = undefined;
    // Dropped, not closed: a close frame would queue behind up to a cap's worth of throttled data.
    running?.disconnect();
    return {};
  },
});
