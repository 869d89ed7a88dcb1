/**
 * The reconnect client process: one sgc `WebSocketClient` with the watchdog
 * on, logging when each connection drops and when the watchdog has it back.
 * Started by `run-reconnect.ts` through `ChildHandle`; it exits when the
 * parent's IPC channel closes.
 *
 * @module
 */
import type { WebSocketClient } from '@sgc/client';
import { serveCommands } from '../ipc/serve.js';
import { loadSgcClientModule } from '../impl/sgc-api.js';
import { BENCH_HOST } from '../impl/types.js';
import { epochMs, withTimeout } from '../util/time.js';
import type { ReconnectClientCommands } from './commands.js';
import { OutageLog } from './outage-log.js';
import { RECONNECT_WATCHDOG } from './watchdog.js';

/** Bound on the first connect and on the final close. */
const CONNECT_TIMEOUT_MS = 5000;

const log = new OutageLog();
let client: WebSocketClient | undefined;

serveCommands<ReconnectClientCommands>({
  connect: async ({ port }) => {
    if (client) throw new Error('the reconnect client is already connected');
    const { WebSocketClient } = await loadSgcClientModule();
    const created = new WebSocketClient({
      url: `ws://${BENCH_HOST}:${port}`,
      perMessageDeflate: false,
      // Nothing is sent during an outage, so there is nothing to queue.
      watchdog: { ...RECONNECT_WATCHDOG, queueWhileOffline: false },
    });
    created.on('disconnect', (code) => log.disconnected(epochMs(), code));
    created.on('reconnected', (attempts) => log.reconnected(epochMs(), attempts));
    await created.connect({ timeout: CONNECT_TIMEOUT_MS });
    client = created;
    return {};
  },
  awaitReconnect: async ({ n, timeoutMs }) => log.waitForEnd(n, timeoutMs),
  close: async () => {
    const running = client;
    client = undefined;
    if (running) await withTimeout(running.close(1000, 'bye'), CONNECT_TIMEOUT_MS, 'sgc close').catch(() => running.disconnect());
    return {};
  },
});
