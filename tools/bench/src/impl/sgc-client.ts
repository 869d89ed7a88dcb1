/**
 * sgc's client (`@sgc/client`), as configured for the comparison: compression
 * off, binary messages.
 *
 * @module
 */
import { BENCH_HOST, type BenchConnection, type Connect } from './types.js';
import { loadSgcClientModule, type SgcClientModule } from './sgc-api.js';
import { withTimeout } from '../util/time.js';

/** Passed to `connect()`, and the bound on `close()`. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Loads `@sgc/client` once and returns a connect function for it, so a
 * missing or broken package shows up before any measurement starts.
 *
 * @returns a function that connects an sgc client to an sgc echo server
 * @throws Error when `@sgc/client` cannot be loaded
 */
export async function createSgcConnect(): Promise<Connect> {
  const { WebSocketClient } = await loadSgcClientModule();
  return (port) => connectSgc(WebSocketClient, port);
}

async function connectSgc(WebSocketClient: SgcClientModule['WebSocketClient'], port: number): Promise<BenchConnection> {
  const client = new WebSocketClient({ url: `ws://${BENCH_HOST}:${port}`, perMessageDeflate: false });
  let onMessage: (data: Buffer) => void = () => {};
  let onFailure: (reason: string) => void = () => {};
  let closing = false;
  client.on('binary', (data) => onMessage(data));
  client.on('error', (error) => onFailure(`sgc error: ${error.message}`));
  client.on('disconnect', (code) => {
    if (!closing) onFailure(`sgc closed by the server (${code})`);
  });
  await client.connect({ timeout: CONNECT_TIMEOUT_MS });
  return {
    send: (data) => void client.send(data),
    onMessage: (handler) => (onMessage = handler),
    onFailure: (handler) => (onFailure = handler),
    close: async () => {
      closing = true;
      await withTimeout(client.close(1000, 'bye'), CONNECT_TIMEOUT_MS, 'sgc close').catch(() => client.disconnect());
    },
  };
}
