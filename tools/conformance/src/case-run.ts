/**
 * One execution of a case against one testee: Autobahn's `Case` class
 * (case.py). It records what the testee does, closes as soon as the events
 * match every expected outcome (finishWhenDone), and judges at the end.
 *
 * @module
 */
import type { CaseDefinition, CaseHooks } from './case-definition.js';
import type { ConnectionHandlers, FuzzConnection } from './fuzz-connection.js';
import { Behavior, type CaseEvent, type ExpectedClose, judgeClose, matchExpected, sameEvents } from './verdict.js';

/** A case bound to a live connection. */
export class CaseRun implements ConnectionHandlers {
  readonly received: CaseEvent[] = [];
  /** Outcome name to expected events, checked in insertion order. */
  readonly expected = new Map<Behavior, CaseEvent[]>();
  expectedClose: ExpectedClose = { closedByMe: true, closeCode: [1000], requireClean: true };
  behavior: Behavior = Behavior.FAILED;
  behaviorClose: Behavior = Behavior.FAILED;
  result = 'Actual events differ from any expected.';
  resultClose = 'TCP connection was dropped without close handshake';
  /** Do not send the automatic close when the events match (7.x). */
  suppressClose = false;
  /** When onOpen ran (ms since epoch), for the duration. */
  startedAt = 0;
  endedAt = 0;
  private hooks: CaseHooks = {};

  /**
   * @param definition - the case
   * @param p - the connection (Autobahn calls it `self.p`)
   */
  constructor(
    readonly definition: CaseDefinition,
    readonly p: FuzzConnection,
  ) {
    p.handlers = this;
  }

  /** Starts the case (Autobahn's onOpen). */
  open(): void {
    this.startedAt = Date.now();
    this.hooks = this.definition.onOpen(this) ?? {};
  }

  /**
   * Records an observation that is not a frame (the 6.4.x timeouts).
   *
   * @param event - the observation
   */
  record(event: CaseEvent): void {
    this.received.push(event);
  }

  /** @inheritDoc */
  onMessage(payload: Buffer, binary: boolean): void {
    if (this.hooks.onMessage) {
      this.hooks.onMessage(payload, binary);
      return;
    }
    this.received.push({ kind: 'message', payload, binary });
    this.finishWhenDone();
  }

  /** @inheritDoc */
  onPing(payload: Buffer): void {
    this.received.push({ kind: 'ping', payload });
    this.finishWhenDone();
  }

  /** @inheritDoc */
  onPong(payload: Buffer): void {
    this.received.push({ kind: 'pong', payload });
    this.finishWhenDone();
  }

  /** @inheritDoc */
  onConnectionLost(): void {
    this.endedAt = Date.now();
    const matched = matchExpected(this.received, this.expected);
    if (matched !== undefined) {
      this.behavior = matched;
      this.result = 'Actual events match at least one expected.';
    }
    const close = judgeClose(this.expectedClose, this.p);
    this.behaviorClose = close.behaviorClose;
    this.resultClose = close.resultClose;
    this.hooks.onConnectionLost?.();
  }

  /**
   * Starts the closing handshake once the events match every expected
   * outcome (case.py's finishWhenDone: with two different outcomes it never
   * fires, and the testee or a timer ends the case).
   */
  finishWhenDone(): void {
    for (const events of this.expected.values()) if (!sameEvents(this.received, events)) return;
    if (this.expectedClose.closedByMe && !this.suppressClose) this.p.sendClose(this.expectedClose.closeCode[0]);
  }
}
