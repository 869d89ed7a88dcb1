/**
 * What a testee may send (RFC 6455 §5 and §7.4), as pure checks. The
 * fuzzer fails the connection, like Autobahn, when a testee breaks one.
 *
 * @module
 */
import { isSendableCloseCode } from './close-codes.js';
import type { ReceivedFrame } from './frame-reader.js';
import { Op } from './raw-frame.js';
import { isValidUtf8 } from './utf8-oracle.js';

/** A rule the testee broke, and the status to fail the connection with. */
export interface Violation {
  reason: string;
  code: number;
}

/** What the frame checks need to know about the connection. */
export interface FrameContext {
  /** The fuzzer is the server, so frames must come masked. */
  isServer: boolean;
  /** permessage-deflate is on, giving RSV1 a meaning. */
  deflate: boolean;
  /** A fragmented data message is in progress. */
  inMessage: boolean;
}

const violation = (reason: string, code = 1002): Violation => ({ reason, code });

/**
 * Checks one frame's header against §5.1-§5.5.
 *
 * @param f - the frame
 * @param ctx - connection facts
 * @returns the broken rule, or undefined
 */
export function checkFrame(f: ReceivedFrame, ctx: FrameContext): Violation | undefined {
  // §5.1: clients mask every frame, servers none.
  if (ctx.isServer && !f.masked) return violation('unmasked frame from client');
  if (!ctx.isServer && f.masked) return violation('masked frame from server');
  if (![Op.Continuation, Op.Text, Op.Binary, Op.Close, Op.Ping, Op.Pong].includes(f.opcode as 0)) return violation(`reserved opcode ${f.opcode}`);
  // §5.2: RSV bits need a negotiated meaning; permessage-deflate gives RSV1 to a message's first frame (RFC 7692 §6).
  const rsvAllowed = ctx.deflate && (f.opcode === Op.Text || f.opcode === Op.Binary) ? 4 : 0;
  if ((f.rsv & ~rsvAllowed) !== 0) return violation(`RSV bits ${f.rsv} set`);
  if (f.opcode >= 8) {
    // §5.5: control frames are short and never fragmented.
    if (!f.fin) return violation('fragmented control frame');
    if (f.payload.length > 125) return violation('control frame payload over 125 octets');
    return undefined;
  }
  // §5.4: continuations continue something; a new message waits for the last one's FIN.
  if (f.opcode === Op.Continuation && !ctx.inMessage) return violation('continuation frame without a message');
  if (f.opcode !== Op.Continuation && ctx.inMessage) return violation('new data frame inside a fragmented message');
  return undefined;
}

/** A close frame's content, or the rule it broke. */
export type CloseCheck = { ok: true; code: number | null; reason: string | null } | { ok: false; violation: Violation };

/**
 * Parses and checks a close frame payload (§5.5.1, §7.4).
 *
 * @param payload - the close frame's payload
 * @returns its code and reason, or the broken rule
 */
export function checkClose(payload: Buffer): CloseCheck {
  if (payload.length === 1) return { ok: false, violation: violation('close payload of 1 octet') };
  if (payload.length === 0) return { ok: true, code: null, reason: null };
  const code = payload.readUInt16BE(0);
  if (!isSendableCloseCode(code)) return { ok: false, violation: violation(`invalid close code ${code}`) };
  const reason = payload.subarray(2);
  if (!isValidUtf8(reason)) return { ok: false, violation: violation('invalid UTF-8 in close reason', 1007) };
  return { ok: true, code, reason: reason.length > 0 ? reason.toString('utf8') : null };
}
