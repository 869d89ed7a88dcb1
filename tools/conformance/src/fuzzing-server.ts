/**
 * The fuzzing server: tests a WebSocket client, speaking the URL protocol
 * of Autobahn's `wstest -m fuzzingserver`:
 *
 * - `/getCaseCount` sends the number of cases as a text message, then closes;
 * - `/runCase?case=N&agent=NAME` runs case N (1-based) with the client as
 *   testee, which is expected to echo every message;
 * - `/updateReports?agent=NAME` writes the reports, then closes.
 *
 * @module
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { allCases, selectCases } from './cases/index.js';
import type { CaseDefinition } from './case-definition.js';
import { acceptOffer, parseDeflateOffers } from './deflate-params.js';
import { executeCase } from './execute-case.js';
import { FuzzConnection } from './fuzz-connection.js';
import { buildServerResponse, checkClientRequest } from './handshake.js';
import { type Limits, resolveLimits } from './limits.js';
import { DEFAULT_REPORT_DIR, type SuiteReport, writeReport } from './report.js';
import { type CaseResult, neverOpenResult } from './result.js';

/** Options of {@link startFuzzingServer}. */
export interface FuzzingServerOptions {
  /** Case patterns, e.g. `['1.*']`; all when omitted. */
  cases?: readonly string[];
  /** Case patterns to skip. */
  exclude?: readonly string[];
  /** Scaling of 9.x/12.x/13.x; Autobahn's numbers by default. */
  limits?: Partial<Limits>;
  /** Report root for `/updateReports`, or false for none. */
  reportDir?: string | false;
  /** Called after each case. */
  onResult?: (result: CaseResult) => void;
  /** Port to listen on (127.0.0.1). @defaultValue 0, any free port */
  port?: number;
}

/** A running fuzzing server. */
export interface FuzzingServer {
  /** `ws://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The selected cases; `/runCase?case=N` runs `cases[N - 1]`. */
  cases: readonly CaseDefinition[];
  /** Records of finished cases, in completion order. */
  results: CaseResult[];
  /** The scaling in use. */
  limits: Limits;
  /**
   * Builds the report of one agent; cases it never ran count as FAILED.
   *
   * @param agent - agent name
   * @param startedAt - start of the run, for its duration
   */
  reportFor(agent: string, startedAt?: number): SuiteReport;
  /** Resolves when every case in progress has its record. */
  settle(): Promise<void>;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

function reject(socket: Socket, status: string, why: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(why)}\r\nConnection: close\r\n\r\n${why}`);
}

/**
 * Starts a fuzzing server on 127.0.0.1.
 *
 * @param options - case selection and scaling
 * @returns the server, once listening
 * @example
 * ```ts
 * const fuzz = await startFuzzingServer({ cases: ['2.*'] });
 * // point an Autobahn-style client loop at fuzz.url ...
 * await fuzz.close();
 * ```
 */
export async function startFuzzingServer(options: FuzzingServerOptions = {}): Promise<FuzzingServer> {
  const limits = resolveLimits(options.limits);
  const cases = selectCases(allCases(limits), options.cases, options.exclude);
  const results: CaseResult[] = [];
  const sockets = new Set<Socket>();
  const running = new Set<Promise<void>>();
  const settle = async (): Promise<void> => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };
  const server = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket' });
    res.end('This is a WebSocket fuzzing server.\n');
  });

  const reportFor = (agent: string, startedAt = Date.now()): SuiteReport => {
    const mine = results.filter((r) => r.agent === agent);
    const byId = new Map(mine.map((r) => [r.id, r])); // a re-run case keeps its latest record
    const ordered = cases.map((d, i) => byId.get(d.id) ?? missing(d, agent, i + 1));
    return {
      agent,
      testee: 'client',
      results: ordered,
      passed: ordered.every((r) => r.passed),
      durationMs: Date.now() - startedAt,
      limits,
    };
  };

  const upgrade = (socket: Socket, key: string, extensions?: string): void => {
    socket.setNoDelay(true);
    socket.pause();
    socket.write(buildServerResponse(key, extensions));
  };

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const headers = new Map(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    const bad = checkClientRequest(req.method ?? '', headers);
    if (bad) return reject(socket, '400 Bad Request', bad);
    const key = headers.get('sec-websocket-key') ?? '';
    const url = new URL(req.url ?? '/', 'ws://fuzzing-server');
    const agent = url.searchParams.get('agent') ?? '';
    const requestText = `${req.method} ${req.url} HTTP/1.1\r\n${req.rawHeaders.reduce((s, v, i) => s + (i % 2 === 0 ? `${v}: ` : `${v}\r\n`), '')}`;

    if (url.pathname === '/getCaseCount' || url.pathname === '/updateReports') {
      if (url.pathname === '/updateReports' && !agent) return reject(socket, '400 Bad Request', 'need agent to update reports for');
      upgrade(socket, key);
      const conn = new FuzzConnection(socket, { isServer: true, head, deflate: null });
      if (url.pathname === '/getCaseCount') {
        conn.sendMessage(JSON.stringify(cases.length), false);
        conn.sendClose(1000);
      } else {
        // The client may ask before the last case's TCP close reached us.
        const done = settle().then(() => (options.reportDir === false ? '' : writeReport(reportFor(agent), options.reportDir ?? DEFAULT_REPORT_DIR)));
        void done.then(
          () => conn.sendClose(1000),
          () => conn.sendClose(1011),
        );
      }
      return;
    }
    if (url.pathname !== '/runCase') return reject(socket, '404 Not Found', `unknown path ${url.pathname}`);
    const n = Number(url.searchParams.get('case'));
    const definition = Number.isInteger(n) ? cases[n - 1] : undefined;
    if (!definition) return reject(socket, '404 Not Found', `case ${url.searchParams.get('case')} not found (1..${cases.length})`);
    if (!agent) return reject(socket, '400 Bad Request', 'need agent to run case');
    // Only 12.x/13.x negotiate permessage-deflate; other cases decline any offer.
    const deflate = definition.deflate ? acceptOffer(parseDeflateOffers(headers.get('sec-websocket-extensions')), definition.deflate.accept) : null;
    const responseText = buildServerResponse(key, deflate?.header);
    upgrade(socket, key, deflate?.header);
    const job = executeCase(definition, { socket, head, deflate, isServer: true }, { agent, index: n, httpRequest: requestText, httpResponse: responseText }).then((result) => {
      results.push(result);
      options.onResult?.(result);
    });
    running.add(job);
    void job.finally(() => running.delete(job));
  });

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    cases,
    results,
    limits,
    reportFor,
    settle,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The record of a case the client never asked for. */
function missing(d: CaseDefinition, agent: string, index: number): CaseResult {
  return neverOpenResult(d, { agent, index, httpRequest: '', httpResponse: '' }, 'the client never ran this case', true);
}
