/**
 * Category 6, UTF-8 Handling (RFC 6455 §5.6, §8.1): text messages must be
 * valid UTF-8 however they are fragmented, and invalid ones fail the
 * connection with 1007. 6.4.x checks fail-fast: the testee must close as
 * soon as the octet that makes the text invalid arrives, not at FIN;
 * closing at FIN is NON-STRICT, which sgc does not accept.
 *
 * @module
 */
import type { CaseDefinition } from '../case-definition.js';
import { headerLength, Op } from '../raw-frame.js';
import { firstInvalidChunk, isValidUtf8 } from '../utf8-oracle.js';
import { Behavior } from '../verdict.js';
import { bytes, expectEchoAndClose, expectPeerFails, hex, INVALID_PAYLOAD, message, timeout } from './helpers.js';
import { oracleValid, UTF8_GROUPS } from './utf8-sequences.js';

const ECHO = "The message is echo'ed back to us.";
const FAILS = 'The connection is failed immediately, since the payload is not valid UTF-8.';
/** "Hello-µ@ßöäüàá-UTF-8!!", a valid mix of 1- and 2-octet code points. */
const HELLO = 'Hello-µ@ßöäüàá-UTF-8!!';
/** "κόσμε" then a UTF-16 surrogate (invalid at octet 12, 0xa0), then "edited". */
const KOSME_SURROGATE = hex('cebae1bdb9cf83cebcceb5 eda080 656469746564');

/** A text message whose validity the oracle decides (6.3.x, 6.5-6.23). */
function judgedText(id: string, payload: Buffer, fragSize: number, killAfter: number, description: string): CaseDefinition {
  const valid = isValidUtf8(payload);
  return {
    id,
    description: `${description}<br><br>Payload: 0x${payload.toString('hex')}`,
    expectation: valid ? ECHO : FAILS,
    onOpen(c) {
      if (valid) expectEchoAndClose(c, [message(payload)]);
      else expectPeerFails(c, [], undefined, INVALID_PAYLOAD);
      c.p.sendMessage(payload, false, fragSize);
      c.p.killAfter(killAfter);
    },
  };
}

/**
 * 6.4.x: a message in three timed parts, the second of which makes it
 * invalid. OK: the testee closes during the second wait ("timeout A" only).
 * NON-STRICT: it waits for FIN ("timeout A" and "timeout B").
 */
function failFast(id: string, parts: [Buffer, Buffer, Buffer], asChops: boolean, description: string): CaseDefinition {
  // The oracle must agree that the text goes bad exactly in part 2.
  if (firstInvalidChunk(parts) !== 1) throw new Error(`case ${id}: part 2 does not make the text invalid`);
  return {
    id,
    description: `${description}<br><br>MESSAGE PARTS:<br>PART1 = ${parts[0].toString('hex')}<br>PART2 = ${parts[1].toString('hex')}<br>PART3 = ${parts[2].toString('hex')}`,
    expectation:
      'The first frame is accepted, we expect to timeout on the first wait. The 2nd frame should be rejected immediately (fail fast on UTF-8). If we timeout, we expect the connection is failed at least then, since the complete message payload is not valid UTF-8.',
    onOpen(c) {
      c.expected.set(Behavior.OK, [timeout('A')]);
      c.expected.set(Behavior.NON_STRICT, [timeout('A'), timeout('B')]);
      c.expectedClose = { closedByMe: false, closeCode: [INVALID_PAYLOAD], requireClean: false };
      // As chops: one frame header announcing the whole length, then its payload in three writes.
      const whole = Buffer.concat(parts);
      const frame = asChops ? c.p.encode({ opcode: Op.Text, payload: whole }) : undefined;
      const cut1 = headerLength(whole.length, !c.p.isServer) + parts[0].length;
      const cut2 = cut1 + parts[1].length;
      const send = (i: 0 | 1 | 2): void => {
        if (frame) c.p.sendRaw(frame.subarray(i === 0 ? 0 : i === 1 ? cut1 : cut2, i === 0 ? cut1 : i === 1 ? cut2 : frame.length));
        else c.p.sendFrame({ opcode: i === 0 ? Op.Text : Op.Continuation, fin: i === 2, payload: parts[i] });
      };
      send(0);
      c.p.continueLater(
        1,
        () => {
          if (c.p.state !== 'open') return;
          c.record(timeout('A'));
          send(1);
          c.p.continueLater(
            1,
            () => {
              if (c.p.state !== 'open') return;
              c.record(timeout('B'));
              send(2);
              c.p.killAfter(1);
            },
            'B',
          );
        },
        'A',
      );
    },
  };
}

const P1 = hex('cebae1bdb9cf83cebcceb5');
/** U+110000 in the UTF-8 integer scheme: out of range, invalid at its second octet. */
const P2 = hex('f4908080');
const P3 = hex('656469746564');
const WHOLE = Buffer.concat([P1, P2, P3]);

/** Cases 6.1.1-6.23.x. */
export const category6: CaseDefinition[] = [
  {
    id: '6.1.1',
    description: 'Send text message of length 0.',
    expectation: "A message is echo'ed back to us (with empty payload).",
    onOpen(c) {
      expectEchoAndClose(c, [message('')]);
      c.p.sendFrame({ opcode: Op.Text, payload: '' });
      c.p.closeAfter(1);
    },
  },
  {
    id: '6.1.2',
    description: 'Send fragmented text message, 3 fragments each of length 0.',
    expectation: "A message is echo'ed back to us (with empty payload).",
    onOpen(c) {
      expectEchoAndClose(c, [message('')]);
      c.p.sendFrame({ opcode: Op.Text, fin: false, payload: '' });
      c.p.sendFrame({ opcode: Op.Continuation, fin: false, payload: '' });
      c.p.sendFrame({ opcode: Op.Continuation, payload: '' });
      c.p.closeAfter(1);
    },
  },
  {
    id: '6.1.3',
    description: 'Send fragmented text message, 3 fragments, first and last of length 0, middle non-empty.',
    expectation: "A message is echo'ed back to us (with payload = payload of middle fragment).",
    onOpen(c) {
      expectEchoAndClose(c, [message('middle frame payload')]);
      c.p.sendFrame({ opcode: Op.Text, fin: false, payload: '' });
      c.p.sendFrame({ opcode: Op.Continuation, fin: false, payload: 'middle frame payload' });
      c.p.sendFrame({ opcode: Op.Continuation, payload: '' });
      c.p.closeAfter(1);
    },
  },
  {
    id: '6.2.1',
    description: `Send a valid UTF-8 text message in one fragment.<br><br>MESSAGE:<br>${HELLO}`,
    expectation: ECHO,
    onOpen(c) {
      expectEchoAndClose(c, [message(HELLO)]);
      c.p.sendMessage(HELLO, false);
      c.p.closeAfter(1);
    },
  },
  {
    id: '6.2.2',
    description: 'Send a valid UTF-8 text message in two fragments, fragmented on UTF-8 code point boundary.',
    expectation: ECHO,
    onOpen(c) {
      expectEchoAndClose(c, [message(HELLO)]);
      c.p.sendFrame({ opcode: Op.Text, fin: false, payload: 'Hello-µ@ßöä' });
      c.p.sendFrame({ opcode: Op.Continuation, payload: 'üàá-UTF-8!!' });
      c.p.closeAfter(1);
    },
  },
  ...[bytes(HELLO), hex('cebae1bdb9cf83cebcceb5')].map(
    (payload, i): CaseDefinition => ({
      id: `6.2.${i + 3}`,
      description: `Send a valid UTF-8 text message in fragments of 1 octet, resulting in frames ending on positions which are not code point ends.<br><br>MESSAGE:<br>${payload.toString('hex')}`,
      expectation: ECHO,
      onOpen(c) {
        expectEchoAndClose(c, [message(payload)]);
        c.p.sendMessage(payload, false, 1);
        c.p.closeAfter(1);
      },
    }),
  ),
  judgedText('6.3.1', KOSME_SURROGATE, 0, 1, 'Send invalid UTF-8 text message unfragmented.'),
  judgedText('6.3.2', KOSME_SURROGATE, 1, 1, 'Send invalid UTF-8 text message in fragments of 1 octet, resulting in frames ending on positions which are not code point ends.'),
  failFast('6.4.1', [P1, P2, P3], false, 'Send invalid UTF-8 text message in 3 fragments (frames). First frame payload is valid, then wait, then 2nd frame which contains the payload making the sequence invalid, then wait, then 3rd frame with rest. Note that PART1 and PART3 are valid UTF-8 in themselves, PART2 is a 0x110000 encoded as in the UTF-8 integer encoding scheme, but the codepoint is invalid (out of range).'),
  failFast('6.4.2', [WHOLE.subarray(0, 12), WHOLE.subarray(12, 13), WHOLE.subarray(13)], false, 'Same as Case 6.4.1, but in 2nd frame, we send only up to and including the octet making the complete payload invalid.'),
  failFast('6.4.3', [P1, P2, P3], true, 'Same as Case 6.4.1, but we send message not in 3 frames, but in 3 chops of the same message frame.'),
  failFast('6.4.4', [WHOLE.subarray(0, 12), WHOLE.subarray(12, 13), WHOLE.subarray(13)], true, 'Same as Case 6.4.2, but we send message not in 3 frames, but in 3 chops of the same message frame.'),
  ...UTF8_GROUPS.flatMap((group, g) =>
    group.sequences.map((s, i) =>
      judgedText(
        `6.${g + 5}.${i + 1}`,
        s.bytes,
        0,
        0.5,
        `Send a text message with payload which is ${oracleValid(s) ? '' : 'not '}valid UTF-8 in one fragment.`,
      ),
    ),
  ),
];

/** Titles of 6.5-6.23, for reports. */
export const category6Titles: Record<string, string> = Object.fromEntries(UTF8_GROUPS.map((g, i) => [`6.${i + 5}`, g.title]));
