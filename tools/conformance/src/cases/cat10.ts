/**
 * Category 10, Misc: 10.1.1 sends a 64 KiB text message auto-fragmented
 * into 1300-octet frames and expects it echoed as one message; the fuzzer
 * also checks it really sent 1 text and 50 continuation frames.
 *
 * @module
 */
import type { CaseDefinition } from '../case-definition.js';
import { Op } from '../raw-frame.js';
import { Behavior } from '../verdict.js';
import { expectEchoAndClose, fill, message } from './helpers.js';

/** Case 10.1.1. */
export const category10: CaseDefinition[] = [
  {
    id: '10.1.1',
    description: 'Send text message with payload of length 65536 auto-fragmented with <b>autoFragmentSize = 1300</b>.',
    expectation: "Receive echo'ed text message (with payload as sent and transmitted frame counts as expected). Clean close with normal code.",
    onOpen(c) {
      const payload = fill('*', 65536);
      c.p.autoFragmentSize = 1300;
      expectEchoAndClose(c, [message(payload)]);
      c.p.sendMessage(payload, false);
      c.p.killAfter(10);
      return {
        onConnectionLost() {
          // 65536 = 50 x 1300 + 536: one text frame, then 50 continuations (the last with FIN).
          const expected = { continuation: Math.floor(payload.length / c.p.autoFragmentSize), text: 1 };
          const got = { continuation: c.p.txFrameStats.get(Op.Continuation) ?? 0, text: c.p.txFrameStats.get(Op.Text) ?? 0 };
          if (got.continuation !== expected.continuation || got.text !== expected.text) {
            c.behavior = Behavior.FAILED;
            c.result = `Frames transmitted ${JSON.stringify(got)} does not match what we expected ${JSON.stringify(expected)}.`;
          }
        },
      };
    },
  },
];
