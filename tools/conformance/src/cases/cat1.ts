/**
 * Category 1, Framing: text (1.1.x) and binary (1.2.x) echoes at the
 * length-encoding boundaries of RFC 6455 §5.2 (7-bit, 16-bit and 64-bit
 * lengths), plus one 64 KiB message written in 997-octet chops.
 *
 * @module
 */
import type { CaseDefinition } from '../case-definition.js';
import { Op } from '../raw-frame.js';
import { expectEchoAndClose, fill, message } from './helpers.js';

/** Payload sizes of 1.x.1-1.x.7: both sides of each length encoding. */
const SIZES = [0, 125, 126, 127, 128, 65535, 65536];

function framing(sub: 1 | 2): CaseDefinition[] {
  const binary = sub === 2;
  const kind = binary ? 'binary' : 'text';
  // Autobahn fills text with "*" and binary with 0xfe.
  const pattern = binary ? Buffer.from([0xfe]) : '*';
  const cases: CaseDefinition[] = SIZES.map((size, i) => ({
    id: `1.${sub}.${i + 1}`,
    description: `Send ${kind} message with payload ${size}.`,
    expectation: `Receive echo'ed ${kind} message (with payload as sent). Clean close with normal code.`,
    onOpen(c) {
      const payload = fill(pattern, size);
      expectEchoAndClose(c, [message(payload, binary)]);
      c.p.sendFrame({ opcode: binary ? Op.Binary : Op.Text, payload });
      c.p.killAfter(size > 128 ? 10 : 1);
    },
  }));
  cases.push({
    id: `1.${sub}.8`,
    description: `Send ${kind} message message with payload of length 65536. Sent out data in chops of 997 octets.`,
    expectation: `Receive echo'ed ${kind} message (with payload as sent). Clean close with normal code.`,
    onOpen(c) {
      const payload = fill(pattern, 65536);
      expectEchoAndClose(c, [message(payload, binary)]);
      c.p.sendFrame({ opcode: binary ? Op.Binary : Op.Text, payload, chopsize: 997 });
      c.p.killAfter(10);
    },
  });
  return cases;
}

/** Cases 1.1.1-1.2.8. */
export const category1: CaseDefinition[] = [...framing(1), ...framing(2)];
