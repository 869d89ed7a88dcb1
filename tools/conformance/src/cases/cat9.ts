/**
 * Category 9, Limits/Performance: large messages (9.1, 9.2), large
 * messages in many fragments (9.3, 9.4) or many TCP chops (9.5, 9.6), and
 * 1000 sequential round trips (9.7, 9.8). Autobahn only checks the echo's
 * type and length; this harness also checks its content.
 *
 * @module
 */
import type { CaseDefinition } from '../case-definition.js';
import type { CaseRun } from '../case-run.js';
import type { Limits } from '../limits.js';
import { Op } from '../raw-frame.js';
import { Behavior } from '../verdict.js';
import { fill, NORMAL } from './helpers.js';

const KiB = 1024;
const MiB = 1024 * 1024;
/** Autobahn's payload patterns for text and binary. */
const TEXT_PATTERN = 'BAsd7&jh23';
const BINARY_PATTERN = Buffer.from([0x00, 0xfe, 0x23, 0xfa, 0xf0]);

/** Shared setup: FAILED until the echo arrives, then a normal close. */
function expectOneEcho(c: CaseRun, sent: Buffer, binary: boolean, waitSeconds: number): { onMessage(payload: Buffer, isBinary: boolean): void } {
  c.p.wirelog.enabled = false;
  c.behavior = Behavior.FAILED;
  c.expectedClose = { closedByMe: true, closeCode: [NORMAL], requireClean: true };
  c.result = `Did not receive message within ${waitSeconds} seconds.`;
  c.p.closeAfter(waitSeconds);
  const kind = binary ? 'binary' : 'text';
  return {
    onMessage(payload, isBinary) {
      if (isBinary !== binary) c.result = `Expected ${kind} message with payload, but got ${isBinary ? 'binary' : 'text'}.`;
      else if (payload.length !== sent.length) c.result = `Expected ${kind} message with payload of length ${sent.length}, but got ${payload.length}.`;
      else if (!payload.equals(sent)) c.result = `Received ${kind} message of length ${payload.length} with different content.`;
      else {
        c.behavior = Behavior.OK;
        c.result = `Received ${kind} message of length ${payload.length}.`;
      }
      c.p.wirelog.enabled = true;
      c.p.sendClose(NORMAL);
    },
  };
}

function size(n: number, limits: Limits): number {
  return Math.max(1, Math.floor(n / limits.sizeDivisor));
}

function human(n: number): string {
  return n >= MiB && n % MiB === 0 ? `${n / MiB}M` : n >= KiB && n % KiB === 0 ? `${n / KiB}k` : String(n);
}

/**
 * Builds cases 9.1.1-9.8.6.
 *
 * @param limits - scaling
 * @returns the cases
 */
export function category9(limits: Limits): CaseDefinition[] {
  const cases: CaseDefinition[] = [];
  const wait = (s: number): number => Math.min(s, limits.maxCaseSeconds);
  const bound = (s: number): number => wait(s) + 5;

  // 9.1/9.2: one message of 64 KiB to 16 MiB.
  for (const binary of [false, true]) {
    [64 * KiB, 256 * KiB, MiB, 4 * MiB, 8 * MiB, 16 * MiB].forEach((full, i) => {
      const len = size(full, limits);
      const waitS = wait(full >= 4 * MiB ? 60 : 10);
      cases.push({
        id: `9.${binary ? 2 : 1}.${i + 1}`,
        description: `Send ${binary ? 'binary' : 'text'} message message with payload of length ${human(len)}.`,
        expectation: `Receive echo'ed ${binary ? 'binary' : 'text'} message (with payload as sent).`,
        reportTime: true,
        maxSeconds: bound(waitS),
        onOpen(c) {
          const payload = fill(binary ? BINARY_PATTERN : TEXT_PATTERN, len);
          const hooks = expectOneEcho(c, payload, binary, waitS);
          c.p.sendFrame({ opcode: binary ? Op.Binary : Op.Text, payload });
          return hooks;
        },
      });
    });
  }

  // 9.3/9.4: 4 MiB in fragments of 64 B to 4 MiB.
  for (const binary of [false, true]) {
    [64, 256, KiB, 4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB, 4 * MiB].forEach((fullFrag, i) => {
      const len = size(4 * MiB, limits);
      const frag = Math.min(len, size(fullFrag, limits));
      const waitS = wait(100);
      cases.push({
        id: `9.${binary ? 4 : 3}.${i + 1}`,
        description: `Send fragmented ${binary ? 'binary' : 'text'} message message with message payload of length ${human(len)}. Sent out in fragments of ${human(frag)}.`,
        expectation: `Receive echo'ed ${binary ? 'binary' : 'text'} message (with payload as sent).`,
        reportTime: true,
        maxSeconds: bound(waitS),
        onOpen(c) {
          const payload = fill(binary ? Buffer.from([0xfe]) : '*', len);
          const hooks = expectOneEcho(c, payload, binary, waitS);
          c.p.sendMessage(payload, binary, frag);
          return hooks;
        },
      });
    });
  }

  // 9.5/9.6: 1 MiB in one frame, written in chops of 64 B to 2 KiB.
  for (const binary of [false, true]) {
    [64, 128, 256, 512, 1024, 2048].forEach((chopsize, i) => {
      const len = size(MiB, limits);
      const waitS = wait(1000);
      cases.push({
        id: `9.${binary ? 6 : 5}.${i + 1}`,
        description: `Send ${binary ? 'binary' : 'text'} message message with payload of length ${human(len)}. Sent out data in chops of ${chopsize} octets.`,
        expectation: `Receive echo'ed ${binary ? 'binary' : 'text'} message (with payload as sent).`,
        reportTime: true,
        maxSeconds: bound(waitS),
        onOpen(c) {
          const payload = fill(binary ? BINARY_PATTERN : TEXT_PATTERN, len);
          const hooks = expectOneEcho(c, payload, binary, waitS);
          c.p.sendFrame({ opcode: binary ? Op.Binary : Op.Text, payload, chopsize });
          return hooks;
        },
      });
    });
  }

  // 9.7/9.8: round trips, one message in flight at a time.
  for (const binary of [false, true]) {
    [
      [0, 60],
      [16, 60],
      [64, 60],
      [256, 120],
      [1024, 240],
      [4096, 480],
    ].forEach(([len = 0, secs = 60], i) => {
      const count = limits.roundTrips;
      const waitS = wait(secs);
      cases.push({
        id: `9.${binary ? 8 : 7}.${i + 1}`,
        description: `Send ${count} ${binary ? 'binary' : 'text'} messages of payload size ${len} to measure implementation/network RTT (round trip time) / latency.`,
        expectation: `Receive echo'ed ${binary ? 'binary' : 'text'} messages (with payload as sent). Timeout case after ${waitS} secs.`,
        reportTime: true,
        maxSeconds: bound(waitS),
        onOpen(c) {
          const payload = fill(binary ? Buffer.from([0xfe]) : '*', len);
          c.p.wirelog.enabled = false;
          c.behavior = Behavior.FAILED;
          c.expectedClose = { closedByMe: true, closeCode: [NORMAL], requireClean: true };
          c.result = `Case did not finish within ${waitS} seconds.`;
          c.p.closeAfter(waitS);
          let sent = 0;
          const sendOne = (): void => {
            c.p.sendFrame({ opcode: binary ? Op.Binary : Op.Text, payload });
            sent++;
          };
          sendOne();
          return {
            onMessage(echo, isBinary) {
              if (isBinary !== binary || !echo.equals(payload)) {
                c.behavior = Behavior.FAILED;
                c.result = `Echo'ed message type or content differs from what I sent (got binary = ${isBinary}, payload length = ${echo.length}).`;
                c.p.wirelog.enabled = true;
                c.p.sendClose(NORMAL);
              } else if (sent < count) {
                sendOne();
              } else {
                c.behavior = Behavior.OK;
                c.result = 'Ok, received all echo\'ed messages in time.';
                c.p.wirelog.enabled = true;
                c.p.sendClose(NORMAL);
              }
            },
          };
        },
      });
    });
  }
  return cases;
}
