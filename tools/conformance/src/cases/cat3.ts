/**
 * Category 3, Reserved Bits (RFC 6455 §5.2): with no extension negotiated,
 * a frame with any RSV bit set fails the connection with 1002. Messages
 * before it are still echoed; the ping after it must not be answered.
 *
 * @module
 */
import type { CaseDefinition } from '../case-definition.js';
import { Op } from '../raw-frame.js';
import { expectPeerFails, hex, message } from './helpers.js';

const TEXT = 'Hello, world!';
const FAIL = 'The connection is failed immediately, since RSV must be 0.';
const ECHO_THEN_FAIL =
  'Echo for first message is received, but then connection is failed immediately, since RSV must be 0, when no extension defining RSV meaning has been negotiated. The Pong is not received.';

/** A good message, a bad one with `rsv`, then a ping (3.2-3.4). */
function echoThenRsv(id: string, rsv: number, how: { sync?: boolean; chopsize?: number }, wording: string): CaseDefinition {
  return {
    id,
    description: `Send small text message, then send again with <b>RSV = ${rsv}</b>, then send Ping.${wording}`,
    expectation: ECHO_THEN_FAIL,
    onOpen(c) {
      // Failing before echoing the first message is allowed, but only NON-STRICT.
      expectPeerFails(c, [message(TEXT)], []);
      c.p.sendFrame({ opcode: Op.Text, payload: TEXT, ...how });
      c.p.sendFrame({ opcode: Op.Text, payload: TEXT, rsv, ...how });
      c.p.sendFrame({ opcode: Op.Ping, ...how });
      c.p.killAfter(1);
    },
  };
}

/** One frame with RSV bits set. */
function rsvOnly(id: string, description: string, opcode: number, payload: Buffer | string, rsv: number): CaseDefinition {
  return {
    id,
    description,
    expectation: FAIL,
    onOpen(c) {
      expectPeerFails(c);
      c.p.sendFrame({ opcode, payload, rsv });
      c.p.killAfter(1);
    },
  };
}

/** Cases 3.1-3.7. */
export const category3: CaseDefinition[] = [
  rsvOnly('3.1', 'Send small text message with <b>RSV = 1</b>.', Op.Text, TEXT, 1),
  echoThenRsv('3.2', 2, {}, ''),
  echoThenRsv('3.3', 3, { sync: true }, ' Octets are sent in frame-wise chops.'),
  echoThenRsv('3.4', 4, { chopsize: 1 }, ' Octets are sent in octet-wise chops.'),
  rsvOnly('3.5', 'Send small binary message with <b>RSV = 5</b>.', Op.Binary, hex('00fffefdfcfb00ff'), 5),
  // Autobahn's 3.6 says "Ping" but puts a binary frame on the wire; the wire is what we copy.
  rsvOnly('3.6', 'Send Ping with <b>RSV = 6</b>.', Op.Binary, TEXT, 6),
  rsvOnly('3.7', 'Send Close with <b>RSV = 7</b>.', Op.Close, '', 7),
];
