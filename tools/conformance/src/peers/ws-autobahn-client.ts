/**
 * The reference testee for the client role: the Autobahn client loop with
 * a `ws` WebSocket, echoing every message with its type, as ws's own
 * autobahn.js does.
 *
 * @module
 */
import WebSocket, { type ClientOptions } from 'ws';

/** Options of {@link runWsAutobahnClient}. */
export interface WsClientOptions {
  /** ws client options (perMessageDeflate is on by default in ws). */
  ws?: ClientOptions;
}

/** Opens `url`, wires `setup`, and resolves when the socket has closed. */
function session(url: string, ws: ClientOptions | undefined, setup: (socket: WebSocket) => void): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, ws);
    socket.on('error', () => undefined); // the fuzzer provokes protocol errors on purpose
    socket.on('close', () => resolve());
    setup(socket);
  });
}

/**
 * getCaseCount, runCase 1..N with echo, then updateReports.
 *
 * @param url - the fuzzing server, e.g. `ws://127.0.0.1:9001`
 * @param agent - agent name for the reports
 * @param options - ws client options
 * @returns when the loop is done
 */
export async function runWsAutobahnClient(url: string, agent: string, options: WsClientOptions = {}): Promise<void> {
  let count = 0;
  await session(`${url}/getCaseCount`, options.ws, (s) =>
    s.on('message', (data) => {
      count = Number(String(data));
    }),
  );
  for (let i = 1; i <= count; i++) {
    await session(`${url}/runCase?case=${i}&agent=${encodeURIComponent(agent)}`, options.ws, (s) =>
      s.on('message', (data, isBinary) => s.send(data as Buffer, { binary: isBinary })),
    );
  }
  await session(`${url}/updateReports?agent=${encodeURIComponent(agent)}`, options.ws, () => undefined);
}
