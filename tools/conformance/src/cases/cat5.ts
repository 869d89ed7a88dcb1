/**
 * Category 5, Fragmentation (RFC 6455 §5.4): control frames are never
 * fragmented, a fragmented message is reassembled however it is cut up,
 * control frames may be injected mid-message and must be answered before
 * the message completes, and continuation frames need a message to
 * continue.
 *
 * @module
 */
import type { CaseDefinition } from '../case-definition.js';
import { Op } from '../raw-frame.js';
import { expectEchoAndClose, expectPeerFails, message, pong } from './helpers.js';

/** How octets go on the wire in the variants of a case. */
type Wire = { sync?: boolean; chopsize?: number };
const ONE_CHOP: Wire = {};
const FRAME_CHOPS: Wire = { sync: true };
const OCTET_CHOPS: Wire = { chopsize: 1 };
const wording = (w: Wire, one: string): string => (w.chopsize ? 'octet-wise chops' : w.sync ? 'per-frame chops' : one);

function fragmentedControl(id: string, opcode: number, name: string): CaseDefinition {
  return {
    id,
    description: `Send ${name} fragmented into 2 fragments.`,
    expectation: 'Connection is failed immediately, since control message MUST NOT be fragmented.',
    onOpen(c) {
      expectPeerFails(c);
      c.p.sendFrame({ opcode, fin: false, payload: 'fragment1' });
      c.p.sendFrame({ opcode: Op.Continuation, payload: 'fragment2' });
      c.p.killAfter(1);
    },
  };
}

function twoFragments(id: string, wire: Wire): CaseDefinition {
  return {
    id,
    description: `Send text Message fragmented into 2 fragments${wire === ONE_CHOP ? '' : `, octets are sent in ${wording(wire, '')}`}.`,
    expectation: "Message is processed and echo'ed back to us.",
    onOpen(c) {
      expectEchoAndClose(c, [message('fragment1fragment2')]);
      c.p.sendFrame({ opcode: Op.Text, fin: false, payload: 'fragment1', ...wire });
      c.p.sendFrame({ opcode: Op.Continuation, payload: 'fragment2', ...wire });
      c.p.closeAfter(1);
    },
  };
}

function pingInBetween(id: string, wire: Wire): CaseDefinition {
  return {
    id,
    description: `Send text Message fragmented into 2 fragments, one ping with payload in-between.${wire === ONE_CHOP ? '' : ` Octets are sent in ${wording(wire, '')}.`}`,
    expectation: "A pong is received, then the message is echo'ed back to us.",
    onOpen(c) {
      // §5.4: control frames MAY be injected in the middle of a fragmented message.
      expectEchoAndClose(c, [pong('ping payload'), message('fragment1fragment2')]);
      c.p.sendFrame({ opcode: Op.Text, fin: false, payload: 'fragment1', ...wire });
      c.p.sendFrame({ opcode: Op.Ping, payload: 'ping payload', ...wire });
      c.p.sendFrame({ opcode: Op.Continuation, payload: 'fragment2', ...wire });
      c.p.closeAfter(1);
    },
  };
}

function orphanContinuation(id: string, fin: boolean, wire: Wire): CaseDefinition {
  return {
    id,
    description: `Send unfragmented Text Message after Continuation Frame with FIN = ${fin}, where there is nothing to continue, sent in ${wording(wire, 'one chop')}.`,
    expectation: 'The connection is failed immediately, since there is no message to continue.',
    onOpen(c) {
      expectPeerFails(c);
      c.p.sendFrame({ opcode: Op.Continuation, fin, payload: 'non-continuation payload', ...wire });
      c.p.sendFrame({ opcode: Op.Text, payload: 'Hello, world!', ...wire });
      c.p.killAfter(1);
    },
  };
}

function repeatedOrphan(id: string, fin: boolean): CaseDefinition {
  return {
    id,
    description: `Repeated 2x: Continuation Frame with FIN = ${fin} (where there is nothing to continue), then text Message fragmented into 2 fragments.`,
    expectation: 'The connection is failed immediately, since there is no message to continue.',
    onOpen(c) {
      expectPeerFails(c);
      for (let i = 0; i < 2; i++) {
        c.p.sendFrame({ opcode: Op.Continuation, fin, payload: 'fragment1' });
        c.p.sendFrame({ opcode: Op.Text, fin: false, payload: 'fragment2' });
        c.p.sendFrame({ opcode: Op.Continuation, payload: 'fragment3' });
      }
      c.p.killAfter(1);
    },
  };
}

/** 5.19/5.20: pings during a message spread over time must be answered at once. */
function pingsAcrossDelay(id: string, sync: boolean): CaseDefinition {
  return {
    id,
    description: sync
      ? 'Same as Case 5.19, but send all frames with SYNC = True. Note, this does not change the octets sent in any way, only how the stream is chopped up on the wire.'
      : 'A fragmented text message is sent in multiple frames. After sending the first 2 frames of the text message, a Ping is sent. Then we wait 1s, then we send 2 more text fragments, another Ping and then the final text fragment. Everything is legal.',
    expectation:
      "The peer immediately answers the first Ping before it has received the last text message fragment. The peer pong's back the Ping's payload exactly, and echo's the payload of the fragmented message back to us.",
    onOpen(c) {
      const frags = ['fragment1', 'fragment2', 'fragment3', 'fragment4', 'fragment5'] as const;
      expectEchoAndClose(c, [pong('pongme 1!'), pong('pongme 2!'), message(frags.join(''))]);
      c.p.sendFrame({ opcode: Op.Text, fin: false, payload: frags[0], sync });
      c.p.sendFrame({ opcode: Op.Continuation, fin: false, payload: frags[1], sync });
      c.p.sendFrame({ opcode: Op.Ping, payload: 'pongme 1!', sync });
      c.p.continueLater(1, () => {
        c.p.sendFrame({ opcode: Op.Continuation, fin: false, payload: frags[2], sync });
        c.p.sendFrame({ opcode: Op.Continuation, fin: false, payload: frags[3], sync });
        c.p.sendFrame({ opcode: Op.Ping, payload: 'pongme 2!', sync });
        c.p.sendFrame({ opcode: Op.Continuation, payload: frags[4], sync });
        c.p.closeAfter(1);
      });
    },
  };
}

/** Cases 5.1-5.20. */
export const category5: CaseDefinition[] = [
  fragmentedControl('5.1', Op.Ping, 'Ping'),
  fragmentedControl('5.2', Op.Pong, 'Pong'),
  twoFragments('5.3', ONE_CHOP),
  twoFragments('5.4', FRAME_CHOPS),
  twoFragments('5.5', OCTET_CHOPS),
  pingInBetween('5.6', ONE_CHOP),
  pingInBetween('5.7', FRAME_CHOPS),
  pingInBetween('5.8', OCTET_CHOPS),
  orphanContinuation('5.9', true, ONE_CHOP),
  orphanContinuation('5.10', true, FRAME_CHOPS),
  orphanContinuation('5.11', true, OCTET_CHOPS),
  orphanContinuation('5.12', false, ONE_CHOP),
  orphanContinuation('5.13', false, FRAME_CHOPS),
  orphanContinuation('5.14', false, OCTET_CHOPS),
  {
    id: '5.15',
    description:
      'Send text Message fragmented into 2 fragments, then Continuation Frame with FIN = false where there is nothing to continue, then unfragmented Text Message, all sent in one chop.',
    expectation: 'The connection is failed immediately, since there is no message to continue.',
    onOpen(c) {
      expectPeerFails(c, [message('fragment1fragment2')], []);
      c.p.sendFrame({ opcode: Op.Text, fin: false, payload: 'fragment1' });
      c.p.sendFrame({ opcode: Op.Continuation, payload: 'fragment2' });
      c.p.sendFrame({ opcode: Op.Continuation, fin: false, payload: 'fragment3' });
      c.p.sendFrame({ opcode: Op.Text, payload: 'fragment4' });
      c.p.killAfter(1);
    },
  },
  repeatedOrphan('5.16', false),
  repeatedOrphan('5.17', true),
  {
    id: '5.18',
    description: 'Send text Message fragmented into 2 fragments, with both frame opcodes set to text, sent in one chop.',
    expectation: 'The connection is failed immediately, since all data frames after the initial data frame must have opcode 0.',
    onOpen(c) {
      expectPeerFails(c);
      c.p.sendFrame({ opcode: Op.Text, fin: false, payload: 'fragment1' });
      c.p.sendFrame({ opcode: Op.Text, payload: 'fragment2' });
      c.p.killAfter(1);
    },
  },
  pingsAcrossDelay('5.19', false),
  pingsAcrossDelay('5.20', true),
];
