/**
 * Category 4, Opcodes (RFC 6455 §5.2): reserved non-control opcodes 3-7
 * (4.1.x) and control opcodes 11-15 (4.2.x) fail the connection.
 *
 * @module
 */
import type { CaseDefinition } from '../case-definition.js';
import { Op } from '../raw-frame.js';
import { expectPeerFails, message } from './helpers.js';

const TEXT = 'Hello, world!';
const ECHO_THEN_FAIL =
  "Echo for first message is received, but then connection is failed immediately, since reserved opcode frame is used. A Pong is not received.";

function opcodes(sub: 1 | 2, first: number): CaseDefinition[] {
  const kind = sub === 1 ? 'non-control' : 'control';
  const reserved = (i: number): number => first + i;
  return [
    {
      id: `4.${sub}.1`,
      description: `Send frame with reserved ${kind} <b>Opcode = ${reserved(0)}</b>.`,
      expectation: 'The connection is failed immediately.',
      onOpen(c) {
        expectPeerFails(c);
        c.p.sendFrame({ opcode: reserved(0) });
        c.p.killAfter(1);
      },
    },
    {
      id: `4.${sub}.2`,
      description: `Send frame with reserved ${kind} <b>Opcode = ${reserved(1)}</b> and non-empty payload.`,
      expectation: 'The connection is failed immediately.',
      onOpen(c) {
        expectPeerFails(c);
        c.p.sendFrame({ opcode: reserved(1), payload: 'reserved opcode payload' });
        c.p.killAfter(1);
      },
    },
    ...[2, 3, 4].map(
      (i): CaseDefinition => ({
        id: `4.${sub}.${i + 1}`,
        description: `Send small text message, then send frame with reserved ${kind} <b>Opcode = ${reserved(i)}</b>${i > 2 ? ' and non-empty payload' : ''}, then send Ping.${i === 4 ? ' Octets are sent in octet-wise chops.' : ''}`,
        expectation: ECHO_THEN_FAIL,
        onOpen(c) {
          const chopsize = i === 4 ? 1 : undefined;
          expectPeerFails(c, [message(TEXT)], []);
          c.p.sendFrame({ opcode: Op.Text, payload: TEXT, chopsize });
          c.p.sendFrame({ opcode: reserved(i), payload: i > 2 ? TEXT : '', chopsize });
          c.p.sendFrame({ opcode: Op.Ping, chopsize });
          c.p.killAfter(1);
        },
      }),
    ),
  ];
}

/** Cases 4.1.1-4.2.5. */
export const category4: CaseDefinition[] = [...opcodes(1, 3), ...opcodes(2, 11)];
