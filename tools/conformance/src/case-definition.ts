/**
 * What a test case is: Autobahn numbering and texts, optional
 * permessage-deflate setup, and the steps it runs once the connection is
 * open. Steps are role-agnostic, so the same definition drives both the
 * fuzzing client and the fuzzing server, as in Autobahn.
 *
 * @module
 */
import type { CaseRun } from './case-run.js';
import type { AcceptPolicy, DeflateOffer } from './deflate-params.js';

/** Case-specific reactions that replace the default recording. */
export interface CaseHooks {
  /** Replaces "record and finish when done" for data messages (9.x, 12.x). */
  onMessage?(payload: Buffer, binary: boolean): void;
  /** Runs after the standard verdict, to amend it (7.x, 7.1.6, 10.1.1). */
  onConnectionLost?(): void;
}

/** permessage-deflate setup of a 12.x/13.x case. */
export interface DeflateScenario {
  /** What the fuzzing client offers, in order. */
  offers: DeflateOffer[];
  /** How the fuzzing server answers; tried in order. */
  accept: AcceptPolicy[];
}

/** One Autobahn case. */
export interface CaseDefinition {
  /** Autobahn's id, e.g. "6.4.1". */
  id: string;
  description: string;
  expectation: string;
  /** Report the duration (Autobahn's reportTime; set for 9.x, 12.x, 13.x). */
  reportTime?: boolean;
  /** Negotiate permessage-deflate; other cases neither offer nor accept it. */
  deflate?: DeflateScenario;
  /**
   * Hard limit in seconds after which the harness drops the connection, on
   * top of the case's own timers. @defaultValue 15
   */
  maxSeconds?: number;
  /**
   * Runs when the connection is open (Autobahn's onOpen).
   *
   * @param c - the running case
   * @returns optional hooks
   */
  onOpen(c: CaseRun): CaseHooks | void;
}
