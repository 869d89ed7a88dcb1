/**
 * Category 7, Close Handling (RFC 6455 §5.5.1, §7): frames after a close
 * are ignored, close payloads of 1 octet or over 125 octets and invalid
 * reasons fail the connection, valid codes are accepted and invalid ones
 * (§7.4) answered with 1002. 7.1.6 and 7.13.x are informational.
 *
 * @module
 */
import type { CaseDefinition, CaseHooks } from '../case-definition.js';
import type { CaseRun } from '../case-run.js';
import { Op } from '../raw-frame.js';
import { Behavior } from '../verdict.js';
import { expectEchoAndClose, fill, hex, INVALID_PAYLOAD, message, NORMAL, PROTOCOL_ERROR } from './helpers.js';

/** Autobahn's 7.x rule: a wrong close code fails the behaviour too. */
function wrongCodeFails(c: CaseRun): CaseHooks {
  return {
    onConnectionLost() {
      if (c.behaviorClose === Behavior.WRONG_CODE) {
        c.behavior = Behavior.FAILED;
        c.result = c.resultClose;
      }
    },
  };
}

/** Sets the expectation of a fuzzer-initiated close. */
function expectCloseReply(c: CaseRun, codes: number[], requireClean: boolean): void {
  c.expected.set(Behavior.OK, []);
  c.expectedClose = { closedByMe: true, closeCode: codes, requireClean };
  c.suppressClose = true;
}

/** A case that sends a close frame built from `code` and `reason`. */
function closeFrame(id: string, description: string, expectation: string, code: number | undefined, reason: Buffer | string | undefined, codes: number[], requireClean: boolean): CaseDefinition {
  return {
    id,
    description,
    expectation,
    onOpen(c) {
      expectCloseReply(c, codes, requireClean);
      c.p.sendCloseFrame(code, reason);
      c.p.killAfter(1);
      return wrongCodeFails(c);
    },
  };
}

/** Informational: the spec leaves the outcome open. */
function informational(c: CaseRun): CaseHooks {
  return {
    onConnectionLost() {
      c.behavior = Behavior.INFORMATIONAL;
      c.behaviorClose = Behavior.INFORMATIONAL;
      c.result = 'Actual events are undefined by the spec.';
    },
  };
}

/** Valid codes (7.7.x) the testee must accept and may echo. */
const VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999];
/** Codes that must never appear on the wire (7.9.x, §7.4.1/§7.4.2). */
const INVALID_CODES = [0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999];

/** Cases 7.1.1-7.13.2. */
export const category7: CaseDefinition[] = [
  {
    id: '7.1.1',
    description: 'Send a message followed by a close frame',
    expectation: 'Echoed message followed by clean close with normal code.',
    onOpen(c) {
      expectEchoAndClose(c, [message('Hello World!')]);
      c.p.sendFrame({ opcode: Op.Text, payload: 'Hello World!' });
      c.p.killAfter(1);
      return wrongCodeFails(c);
    },
  },
  {
    id: '7.1.2',
    description: 'Send two close frames',
    expectation: 'Clean close with normal code. Second close frame ignored.',
    onOpen(c) {
      expectCloseReply(c, [NORMAL], true);
      c.p.sendClose(NORMAL);
      c.p.sendFrame({ opcode: Op.Close });
      c.p.killAfter(1);
      return wrongCodeFails(c);
    },
  },
  {
    id: '7.1.3',
    description: 'Send a ping after close message',
    expectation: 'Clean close with normal code, no pong.',
    onOpen(c) {
      expectCloseReply(c, [NORMAL], true);
      c.p.sendClose(NORMAL);
      c.p.sendFrame({ opcode: Op.Ping });
      c.p.killAfter(1);
      return wrongCodeFails(c);
    },
  },
  {
    id: '7.1.4',
    description: 'Send text message after sending a close frame.',
    expectation: 'Clean close with normal code. Text message ignored.',
    onOpen(c) {
      expectCloseReply(c, [NORMAL], true);
      c.p.sendClose(NORMAL);
      c.p.sendFrame({ opcode: Op.Text, payload: 'Hello World!' });
      c.p.killAfter(1);
      return wrongCodeFails(c);
    },
  },
  {
    id: '7.1.5',
    description: 'Send message fragment1 followed by close then fragment',
    expectation: 'Clean close with normal code.',
    onOpen(c) {
      expectCloseReply(c, [NORMAL], true);
      c.p.sendFrame({ opcode: Op.Text, fin: false, payload: 'fragment1' });
      c.p.sendClose(NORMAL);
      c.p.sendFrame({ opcode: Op.Continuation, payload: 'fragment2' });
      c.p.killAfter(1);
      return wrongCodeFails(c);
    },
  },
  {
    id: '7.1.6',
    description: 'Send 256K message followed by close then a ping',
    expectation:
      'Case outcome depends on implementation defined close behavior. Message and close frame are sent back to back. If the close frame is processed before the text message write is complete (as can happen in asynchronous processing models) the close frame is processed first and the text message may not be received or may only be partially received.',
    onOpen(c) {
      c.expected.set(Behavior.OK, [message('Hello World!')]);
      c.expected.set(Behavior.NON_STRICT, []);
      c.expectedClose = { closedByMe: true, closeCode: [NORMAL], requireClean: true };
      c.suppressClose = true;
      c.p.sendFrame({ opcode: Op.Text, payload: fill('BAsd7&jh23', 256 * 1024) });
      c.p.sendFrame({ opcode: Op.Text, payload: 'Hello World!' });
      c.p.sendClose(NORMAL);
      c.p.sendFrame({ opcode: Op.Ping });
      c.p.killAfter(1);
      return informational(c);
    },
  },
  closeFrame('7.3.1', 'Send a close frame with payload length 0 (no close code, no close reason)', 'Clean close with normal code.', undefined, undefined, [NORMAL], true),
  closeFrame('7.3.2', 'Send a close frame with payload length 1', 'Clean close with protocol error or drop TCP.', undefined, 'a', [PROTOCOL_ERROR], false),
  closeFrame('7.3.3', 'Send a close frame with payload length 2 (regular close with a code)', 'Clean close with normal code.', NORMAL, undefined, [NORMAL], true),
  closeFrame('7.3.4', 'Send a close frame with close code and close reason', 'Clean close with normal code.', NORMAL, 'Hello World!', [NORMAL], true),
  closeFrame('7.3.5', 'Send a close frame with close code and close reason of maximum length (123)', 'Clean close with normal code.', NORMAL, fill('*', 123), [NORMAL], true),
  closeFrame(
    '7.3.6',
    'Send a close frame with close code and close reason which is too long (124) - total frame payload 126 octets',
    'Clean close with protocol error code or dropped TCP connection.',
    NORMAL,
    fill('*', 124),
    [PROTOCOL_ERROR],
    false,
  ),
  closeFrame(
    '7.5.1',
    'Send a close frame with invalid UTF8 payload',
    'Clean close with protocol error or invalid utf8 code or dropped TCP.',
    NORMAL,
    hex('cebae1bdb9cf83cebcceb5eda080656469746564'),
    [PROTOCOL_ERROR, INVALID_PAYLOAD],
    false,
  ),
  ...VALID_CODES.map((code, i) =>
    closeFrame(`7.7.${i + 1}`, `Send close with valid close code ${code}`, 'Clean close with normal or echoed code', code, undefined, [NORMAL, code], true),
  ),
  ...INVALID_CODES.map((code, i) =>
    closeFrame(`7.9.${i + 1}`, `Send close with invalid close code ${code}`, 'Clean close with protocol error code or drop TCP', code, undefined, [PROTOCOL_ERROR], false),
  ),
  ...[5000, 65535].map(
    (code, i): CaseDefinition => ({
      id: `7.13.${i + 1}`,
      description: `Send close with close code ${code}`,
      expectation: 'Actual events are undefined by the spec.',
      onOpen(c) {
        expectCloseReply(c, [NORMAL, code, PROTOCOL_ERROR], false);
        c.p.sendCloseFrame(code);
        c.p.killAfter(1);
        return informational(c);
      },
    }),
  ),
];
