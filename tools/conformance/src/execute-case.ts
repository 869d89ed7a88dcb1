/**
 * Runs one case on an open connection, in either role, and waits for its
 * record: the part of Autobahn's FuzzingProtocol that binds a case to a
 * connection, plus the harness's hard time limit.
 *
 * @module
 */
import type { Socket } from 'node:net';
import type { CaseDefinition } from './case-definition.js';
import { CaseRun } from './case-run.js';
import type { DeflateAgreement } from './deflate-params.js';
import { FuzzConnection } from './fuzz-connection.js';
import { type CaseResult, type RunContext, resultFromRun } from './result.js';

/** Default hard limit for cases that do not set `maxSeconds`. */
const DEFAULT_MAX_SECONDS = 15;

/** An upgraded socket ready for a case. */
export interface OpenConnection {
  socket: Socket;
  head: Buffer;
  deflate: DeflateAgreement | null;
  isServer: boolean;
}

/**
 * Plays `definition` on `conn` until TCP closes (or the hard limit hits).
 *
 * @param definition - the case
 * @param conn - the upgraded socket
 * @param ctx - agent, position and handshake texts for the record
 * @returns the case record
 */
export async function executeCase(definition: CaseDefinition, conn: OpenConnection, ctx: RunContext): Promise<CaseResult> {
  const p = new FuzzConnection(conn.socket, { isServer: conn.isServer, head: conn.head, deflate: conn.deflate });
  const run = new CaseRun(definition, p);
  const limit = (definition.maxSeconds ?? DEFAULT_MAX_SECONDS) * 1000;
  // A hung testee must end as a FAILED case, never as a hung run.
  const guard = setTimeout(() => p.abort(`case exceeded the harness limit of ${limit / 1000} s`), limit);
  try {
    run.open();
  } catch (e) {
    p.abort(`case raised: ${(e as Error).message}`);
  }
  await p.closed;
  clearTimeout(guard);
  return resultFromRun(run, ctx);
}
