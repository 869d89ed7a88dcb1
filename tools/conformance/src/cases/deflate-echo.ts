/**
 * The case body shared by 12.x and 13.x (Autobahn's case12_x_x.py): with
 * permessage-deflate negotiated, send N messages cut from a corpus one at
 * a time, each compressed and fragmented as configured, and check every
 * echo against what was sent after the fuzzer's zlib inflate.
 *
 * @module
 */
import type { CaseDefinition, DeflateScenario } from '../case-definition.js';
import type { Limits } from '../limits.js';
import { Behavior } from '../verdict.js';
import type { Corpus } from './corpora.js';
import { NORMAL } from './helpers.js';

/** Autobahn's MSG_SIZES: (payload length, case timeout in s, auto-fragment size). */
export const DEFLATE_SIZES: ReadonlyArray<readonly [number, number, number]> = [
  [16, 60, 0],
  [64, 60, 0],
  [256, 120, 0],
  [1024, 240, 0],
  [4096, 480, 0],
  [8192, 480, 0],
  [16384, 480, 0],
  [32768, 480, 0],
  [65536, 480, 0],
  [131072, 480, 0],
  [8192, 480, 256],
  [16384, 480, 256],
  [32768, 480, 256],
  [65536, 480, 256],
  [131072, 480, 256],
  [131072, 480, 1024],
  [131072, 480, 4096],
  [131072, 480, 32768],
];

/**
 * One 12.x/13.x case.
 *
 * @param id - e.g. "13.3.7"
 * @param corpus - the data to cut messages from
 * @param size - message length, timeout, auto-fragment size
 * @param scenario - offers and accept policy
 * @param scenarioText - the offers, for the description
 * @param limits - message count and timeout cap
 * @returns the case
 */
export function deflateEchoCase(
  id: string,
  corpus: () => Corpus,
  size: readonly [number, number, number],
  scenario: DeflateScenario,
  scenarioText: string,
  limits: Limits,
): CaseDefinition {
  const [len, secs, autoFrag] = size;
  const count = limits.deflateMessages;
  const waitS = Math.min(secs, limits.maxCaseSeconds);
  return {
    id,
    description: `Send ${count} compressed messages each of payload size ${len}, auto-fragment to ${autoFrag} octets. Use ${scenarioText}`,
    expectation: `Receive echo'ed messages (with payload as sent). Timeout case after ${waitS} secs.`,
    reportTime: true,
    deflate: scenario,
    maxSeconds: waitS + 5,
    onOpen(c) {
      c.expectedClose = { closedByMe: true, closeCode: [NORMAL], requireClean: true };
      c.p.wirelog.enabled = false;
      c.p.autoFragmentSize = autoFrag;
      if (!c.p.deflate) {
        c.behavior = Behavior.UNIMPLEMENTED;
        c.result = 'permessage-deflate was not negotiated.';
        c.p.sendClose(NORMAL);
        return;
      }
      c.behavior = Behavior.FAILED;
      c.result = `Case did not finish within ${waitS} seconds.`;
      c.p.closeAfter(waitS);
      const { data, binary } = corpus();
      let at = 0;
      let sent = 0;
      let last: Buffer = Buffer.alloc(0);
      const sendOne = (): void => {
        // A window that rotates through the corpus, wrapping at its end.
        const end = at + len;
        last = end <= data.length ? data.subarray(at, end) : Buffer.concat([data.subarray(at), data.subarray(0, end - data.length)]);
        at = end % data.length;
        sent++;
        c.p.sendMessage(last, binary);
      };
      sendOne();
      return {
        onMessage(echo, isBinary) {
          let problem: string | undefined;
          if (isBinary !== binary) problem = `Echo'ed message type differs from what I sent (got binary ${isBinary}, expected binary ${binary}).`;
          else if (echo.length !== last.length) problem = `Echo'ed message length differs from what I sent (got length ${echo.length}, expected length ${last.length}).`;
          else if (!echo.equals(last)) problem = `Echo'ed message contents differs from what I sent (message ${sent}).`;
          if (problem) {
            c.behavior = Behavior.FAILED;
            c.result = problem;
            c.p.wirelog.enabled = true;
            c.p.sendClose(NORMAL);
          } else if (sent < count) {
            sendOne();
          } else {
            c.behavior = Behavior.OK;
            c.result = "Ok, received all echo'ed messages in time.";
            c.p.wirelog.enabled = true;
            c.p.sendClose(NORMAL);
          }
        },
      };
    },
  };
}
