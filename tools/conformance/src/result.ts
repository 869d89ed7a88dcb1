/**
 * The record of one executed case, shaped like Autobahn's per-case JSON
 * report so the two can be compared field by field.
 *
 * @module
 */
import type { CaseDefinition } from './case-definition.js';
import type { CaseRun } from './case-run.js';
import { printable } from './utf8-oracle.js';
import { Behavior, type CaseEvent, type ExpectedClose, isPass, type Outcome, outcomeOf } from './verdict.js';
import type { WirelogRow } from './wirelog.js';

/** An event as Autobahn writes it: `["message", payload, binary]`, `["pong", payload]`, `["timeout", tag]`. */
export type EventJson = [string, string] | [string, string, boolean];

/** Everything known about one executed case. */
export interface CaseResult {
  /** Autobahn case id, e.g. "6.4.1". */
  id: string;
  /** 1-based position in the run (the `case` of `/runCase?case=N`). */
  case: number;
  description: string;
  expectation: string;
  agent: string;
  /** ISO time the case started. */
  started: string;
  /** Milliseconds from open to TCP close. */
  duration: number;
  reportTime: boolean;
  behavior: Behavior;
  behaviorClose: Behavior;
  /** Summary column: both verdicts folded into one. */
  outcome: Outcome;
  /** OK or INFORMATIONAL on both verdicts. */
  passed: boolean;
  expected: Record<string, EventJson[]>;
  expectedClose: ExpectedClose;
  received: EventJson[];
  result: string;
  resultClose: string;
  /** The fuzzer was the server (the testee a client). */
  isServer: boolean;
  closedByMe: boolean;
  failedByMe: boolean;
  droppedByMe: boolean;
  wasClean: boolean;
  wasNotCleanReason: string | null;
  wasServerConnectionDropTimeout: boolean;
  wasCloseHandshakeTimeout: boolean;
  localCloseCode: number | null;
  localCloseReason: string | null;
  remoteCloseCode: number | null;
  remoteCloseReason: string | null;
  rxFrameStats: Record<string, number>;
  txFrameStats: Record<string, number>;
  httpRequest: string;
  httpResponse: string;
  wirelog: WirelogRow[];
}

/**
 * Renders an event for a report.
 *
 * @param e - the event
 * @returns Autobahn's tuple form, payloads cut to 256 bytes
 */
export function eventToJson(e: CaseEvent): EventJson {
  if (e.kind === 'timeout') return ['timeout', e.tag];
  if (e.kind === 'message') return ['message', printable(e.payload), e.binary];
  return [e.kind, printable(e.payload)];
}

function statsJson(m: ReadonlyMap<number, number>): Record<string, number> {
  return Object.fromEntries([...m].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v]));
}

/** Handshake texts and identity of a run, known outside the case itself. */
export interface RunContext {
  agent: string;
  index: number;
  httpRequest: string;
  httpResponse: string;
}

/**
 * Builds the record of a finished case.
 *
 * @param run - the case after its connection closed
 * @param ctx - agent, position and handshake texts
 * @returns the record
 */
export function resultFromRun(run: CaseRun, ctx: RunContext): CaseResult {
  const p = run.p;
  const d = run.definition;
  return {
    id: d.id,
    case: ctx.index,
    description: d.description,
    expectation: d.expectation,
    agent: ctx.agent,
    started: new Date(run.startedAt).toISOString(),
    duration: Math.max(0, run.endedAt - run.startedAt),
    reportTime: d.reportTime ?? false,
    behavior: run.behavior,
    behaviorClose: run.behaviorClose,
    outcome: outcomeOf(run.behavior, run.behaviorClose),
    passed: isPass(run.behavior, run.behaviorClose),
    expected: Object.fromEntries([...run.expected].map(([k, v]) => [k, v.map(eventToJson)])),
    expectedClose: run.expectedClose,
    received: run.received.map(eventToJson),
    result: run.result,
    resultClose: run.resultClose,
    isServer: p.isServer,
    closedByMe: p.closedByMe,
    failedByMe: p.failedByMe,
    droppedByMe: p.droppedByMe,
    wasClean: p.wasClean,
    wasNotCleanReason: p.wasNotCleanReason,
    wasServerConnectionDropTimeout: p.wasServerConnectionDropTimeout,
    wasCloseHandshakeTimeout: p.wasCloseHandshakeTimeout,
    localCloseCode: p.localCloseCode,
    localCloseReason: p.localCloseReason,
    remoteCloseCode: p.remoteCloseCode,
    remoteCloseReason: p.remoteCloseReason,
    rxFrameStats: statsJson(p.rxFrameStats),
    txFrameStats: statsJson(p.txFrameStats),
    httpRequest: ctx.httpRequest,
    httpResponse: ctx.httpResponse,
    wirelog: p.wirelog.rows,
  };
}

/**
 * The record of a case whose connection never opened (refused, handshake
 * rejected, or never requested by the client under test).
 *
 * @param d - the case
 * @param ctx - agent, position and whatever handshake text exists
 * @param why - what went wrong
 * @param isServer - the fuzzer's role
 * @returns a FAILED record
 */
export function neverOpenResult(d: CaseDefinition, ctx: RunContext, why: string, isServer: boolean): CaseResult {
  return {
    id: d.id,
    case: ctx.index,
    description: d.description,
    expectation: d.expectation,
    agent: ctx.agent,
    started: new Date().toISOString(),
    duration: 0,
    reportTime: d.reportTime ?? false,
    behavior: Behavior.FAILED,
    behaviorClose: Behavior.FAILED,
    outcome: 'FAILED',
    passed: false,
    expected: {},
    expectedClose: { closedByMe: true, closeCode: [1000], requireClean: true },
    received: [],
    result: `WebSocket connection was never open: ${why}`,
    resultClose: 'No connection',
    isServer,
    closedByMe: false,
    failedByMe: false,
    droppedByMe: false,
    wasClean: false,
    wasNotCleanReason: why,
    wasServerConnectionDropTimeout: false,
    wasCloseHandshakeTimeout: false,
    localCloseCode: null,
    localCloseReason: null,
    remoteCloseCode: null,
    remoteCloseReason: null,
    rxFrameStats: {},
    txFrameStats: {},
    httpRequest: ctx.httpRequest,
    httpResponse: ctx.httpResponse,
    wirelog: [],
  };
}
