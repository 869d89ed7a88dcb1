/**
 * Autobahn's verdict logic (case.py): the observed event list is compared
 * with each expected list, and the closing behaviour with
 * `{closeCode[], closedByMe, requireClean}`. On top of that, the harness's
 * own pass rule: both verdicts must be OK or INFORMATIONAL; NON-STRICT
 * does not pass, since sgc targets the strict fail-fast behaviour.
 *
 * @module
 */

/** Verdict values, spelled as in Autobahn's reports. */
export const Behavior = {
  OK: 'OK',
  NON_STRICT: 'NON-STRICT',
  FAILED: 'FAILED',
  INFORMATIONAL: 'INFORMATIONAL',
  UNIMPLEMENTED: 'UNIMPLEMENTED',
  WRONG_CODE: 'WRONG CODE',
  UNCLEAN: 'UNCLEAN',
  FAILED_BY_CLIENT: 'FAILED BY CLIENT',
} as const;

/** One verdict value. */
export type Behavior = (typeof Behavior)[keyof typeof Behavior];

/** Something the fuzzer observed, in Autobahn's `received` vocabulary. */
export type CaseEvent =
  | { kind: 'message'; payload: Buffer; binary: boolean }
  | { kind: 'ping'; payload: Buffer }
  | { kind: 'pong'; payload: Buffer }
  | { kind: 'timeout'; tag: string };

/** How the connection is expected to end. */
export interface ExpectedClose {
  /** The fuzzer (true) or the testee (false) starts the closing handshake. */
  closedByMe: boolean;
  /** Acceptable codes in the testee's close frame. */
  closeCode: number[];
  /** Close frames both ways and TCP dropped by the server. */
  requireClean: boolean;
}

/** The closing facts the fuzzer recorded. */
export interface CloseFacts {
  closedByMe: boolean;
  wasClean: boolean;
  droppedByMe: boolean;
  remoteCloseCode: number | null;
  /** The fuzzer was the server. */
  isServer: boolean;
}

/**
 * Whether two event lists are identical (Autobahn compares pickles).
 *
 * @param a - observed
 * @param b - expected
 * @returns true when same length and every event matches exactly
 */
export function sameEvents(a: readonly CaseEvent[], b: readonly CaseEvent[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    if (!y || x.kind !== y.kind) return false;
    if (x.kind === 'timeout') return y.kind === 'timeout' && x.tag === y.tag;
    if (!('payload' in y) || !x.payload.equals(y.payload)) return false;
    return x.kind !== 'message' || (y.kind === 'message' && x.binary === y.binary);
  });
}

/**
 * The behaviour verdict: the first expected outcome the events match.
 *
 * @param received - what happened
 * @param expected - outcome name to event list, in priority order
 * @returns the matching outcome, or undefined (the case keeps FAILED)
 */
export function matchExpected(received: readonly CaseEvent[], expected: ReadonlyMap<Behavior, CaseEvent[]>): Behavior | undefined {
  for (const [outcome, events] of expected) if (sameEvents(received, events)) return outcome;
  return undefined;
}

/**
 * The closing verdict, in case.py's order of checks.
 *
 * @param expected - the case's expectation
 * @param facts - what the fuzzer recorded
 * @returns verdict and explanation
 */
export function judgeClose(expected: ExpectedClose, facts: CloseFacts): { behaviorClose: Behavior; resultClose: string } {
  if (expected.closedByMe !== facts.closedByMe) {
    return { behaviorClose: Behavior.FAILED, resultClose: 'The connection was failed by the wrong endpoint' };
  }
  if (expected.requireClean && !facts.wasClean) {
    return { behaviorClose: Behavior.UNCLEAN, resultClose: 'The spec requires the connection to be failed cleanly here' };
  }
  if (facts.remoteCloseCode !== null && !expected.closeCode.includes(facts.remoteCloseCode)) {
    return { behaviorClose: Behavior.WRONG_CODE, resultClose: `The close code should have been ${expected.closeCode.join(',')} or empty` };
  }
  if (!facts.isServer && facts.droppedByMe) {
    // RFC 6455 §7.1.1: the server should close the TCP connection first.
    return { behaviorClose: Behavior.FAILED_BY_CLIENT, resultClose: 'It is preferred that the server close the TCP connection' };
  }
  return { behaviorClose: Behavior.OK, resultClose: 'Connection was properly closed' };
}

/** The single column a case is counted in, in the summary table. */
export type Outcome = 'OK' | 'NON-STRICT' | 'FAILED' | 'INFORMATIONAL' | 'UNIMPLEMENTED';

/**
 * Folds the two verdicts into one table column: any failing close verdict
 * makes the case FAILED, otherwise the behaviour verdict decides.
 *
 * @param behavior - behaviour verdict
 * @param behaviorClose - closing verdict
 * @returns the column
 */
export function outcomeOf(behavior: Behavior, behaviorClose: Behavior): Outcome {
  const closeOk = behaviorClose === Behavior.OK || behaviorClose === Behavior.INFORMATIONAL;
  if (behavior === Behavior.UNIMPLEMENTED && closeOk) return 'UNIMPLEMENTED';
  if (behavior === Behavior.FAILED || !closeOk) return 'FAILED';
  if (behavior === Behavior.OK || behavior === Behavior.NON_STRICT || behavior === Behavior.INFORMATIONAL) return behavior;
  return 'FAILED';
}

/**
 * The harness's pass rule.
 *
 * @param behavior - behaviour verdict
 * @param behaviorClose - closing verdict
 * @returns true for OK or INFORMATIONAL on both
 */
export function isPass(behavior: Behavior, behaviorClose: Behavior): boolean {
  const o = outcomeOf(behavior, behaviorClose);
  return o === 'OK' || o === 'INFORMATIONAL';
}
