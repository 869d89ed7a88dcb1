/**
 * Category 2, Pings/Pongs (RFC 6455 §5.5.2, §5.5.3): pongs echo the ping's
 * application data, a ping over 125 octets fails the connection,
 * unsolicited pongs are ignored, and every ping gets its pong.
 *
 * @module
 */
import type { CaseDefinition } from '../case-definition.js';
import { Op } from '../raw-frame.js';
import { bytes, expectEchoAndClose, expectPeerFails, fill, hex, NORMAL, pong } from './helpers.js';

/** A ping whose payload must come back in a pong. */
function pingEcho(id: string, description: string, payload: Buffer, options: { chopsize?: number; closeAfter?: number } = {}): CaseDefinition {
  return {
    id,
    description,
    expectation: "Pong (with payload echo'ed) is sent in reply to Ping. Clean close with normal code.",
    onOpen(c) {
      expectEchoAndClose(c, [pong(payload)]);
      c.p.sendFrame({ opcode: Op.Ping, payload, chopsize: options.chopsize });
      c.p.closeAfter(options.closeAfter ?? 1);
    },
  };
}

/** Ten pings, ten pongs (2.10, 2.11). */
function tenPings(id: string, chopsize?: number): CaseDefinition {
  return {
    id,
    description: `Send 10 Pings with payload.${chopsize ? ' Send out octets in octet-wise chops.' : ''}`,
    expectation: 'Pongs for our Pings with all the payloads. Note: This is not required by the Spec .. but we check for this behaviour anyway. Clean close with normal code.',
    onOpen(c) {
      const pongs = [];
      for (let i = 0; i < 10; i++) {
        const payload = bytes(`payload-${i}`);
        pongs.push(pong(payload));
        c.p.sendFrame({ opcode: Op.Ping, payload, chopsize });
      }
      expectEchoAndClose(c, pongs);
      c.p.closeAfter(3);
    },
  };
}

/** Cases 2.1-2.11. */
export const category2: CaseDefinition[] = [
  pingEcho('2.1', 'Send ping without payload.', Buffer.alloc(0)),
  pingEcho('2.2', 'Send ping with small text payload.', bytes('Hello, world!')),
  pingEcho('2.3', 'Send ping with small binary (non UTF-8) payload.', hex('00fffefdfcfb00ff')),
  pingEcho('2.4', 'Send ping with binary payload of 125 octets.', fill(Buffer.from([0xfe]), 125)),
  {
    id: '2.5',
    description: 'Send ping with binary payload of 126 octets.',
    expectation: 'Connection is failed immediately (1002/Protocol Error), since control frames are only allowed to have payload up to and including 125 octets..',
    onOpen(c) {
      // §5.5: "All control frames MUST have a payload length of 125 bytes or less".
      expectPeerFails(c);
      c.p.sendFrame({ opcode: Op.Ping, payload: fill(Buffer.from([0xfe]), 126) });
      c.p.killAfter(1);
    },
  },
  pingEcho('2.6', "Send ping with binary payload of 125 octets, send in octet-wise chops.", fill(Buffer.from([0xfe]), 125), { chopsize: 1, closeAfter: 2 }),
  {
    id: '2.7',
    description: 'Send unsolicited pong without payload. Verify nothing is received. Clean close with normal code.',
    expectation: 'Nothing.',
    onOpen(c) {
      // §5.5.3: an unsolicited pong serves as a heartbeat; no response is expected.
      expectEchoAndClose(c, []);
      c.p.sendFrame({ opcode: Op.Pong });
      c.p.sendClose(NORMAL);
      c.p.closeAfter(1);
    },
  },
  {
    id: '2.8',
    description: 'Send unsolicited pong with payload. Verify nothing is received. Clean close with normal code.',
    expectation: 'Nothing.',
    onOpen(c) {
      expectEchoAndClose(c, []);
      c.p.sendFrame({ opcode: Op.Pong, payload: 'unsolicited pong payload' });
      c.p.sendClose(NORMAL);
      c.p.closeAfter(1);
    },
  },
  {
    id: '2.9',
    description: 'Send unsolicited pong with payload. Send ping with payload. Verify pong for ping is received.',
    expectation: "Nothing in reply to own Pong, but Pong with payload echo'ed in reply to Ping. Clean close with normal code.",
    onOpen(c) {
      expectEchoAndClose(c, [pong('ping payload')]);
      c.p.sendFrame({ opcode: Op.Pong, payload: 'unsolicited pong payload' });
      c.p.sendFrame({ opcode: Op.Ping, payload: 'ping payload' });
      c.p.closeAfter(1);
    },
  },
  tenPings('2.10'),
  tenPings('2.11', 1),
];
