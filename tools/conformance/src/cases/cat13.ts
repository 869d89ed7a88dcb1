/**
 * Category 13, compression parameters (RFC 7692 §7.1): the JSON corpus
 * under Autobahn's seven offer/accept pairs: context takeover on and off
 * in each direction, window bits, and a list of fallback offers.
 *
 * Autobahn asks for window bits 8 where this harness asks for 9: zlib
 * silently raises a raw-deflate window of 8 to 9, so a window-8 agreement
 * cannot be honoured by zlib-based peers (ws, sgc, Node itself).
 *
 * @module
 */
import type { CaseDefinition, DeflateScenario } from '../case-definition.js';
import { DEFAULT_OFFER, type DeflateOffer } from '../deflate-params.js';
import type { Limits } from '../limits.js';
import { corpora } from './corpora.js';
import { DEFLATE_SIZES, deflateEchoCase } from './deflate-echo.js';

/** The small window of Autobahn's 13.3/13.5/13.7 (8 there, see above). */
export const SMALL_WINDOW_BITS = 9;

const offer = (serverNoContextTakeover: boolean, serverMaxWindowBits: number): DeflateOffer => ({
  ...DEFAULT_OFFER,
  serverNoContextTakeover,
  serverMaxWindowBits,
});
const accept = (clientNoContextTakeover: boolean, clientMaxWindowBits: number) => ({ clientNoContextTakeover, clientMaxWindowBits });

/** Autobahn's DEFLATE_PARAMS, one per subcategory 13.1-13.7. */
const SCENARIOS: Array<[DeflateScenario, string]> = [
  [{ offers: [DEFAULT_OFFER], accept: [accept(false, 0)] }, '[(False, 0)] / [(False, 0)]'],
  [{ offers: [offer(true, 0)], accept: [accept(true, 0)] }, '[(True, 0)] / [(True, 0)]'],
  [{ offers: [offer(false, SMALL_WINDOW_BITS)], accept: [accept(false, SMALL_WINDOW_BITS)] }, `[(False, ${SMALL_WINDOW_BITS})] / [(False, ${SMALL_WINDOW_BITS})]`],
  [{ offers: [offer(false, 15)], accept: [accept(false, 15)] }, '[(False, 15)] / [(False, 15)]'],
  [{ offers: [offer(true, SMALL_WINDOW_BITS)], accept: [accept(true, SMALL_WINDOW_BITS)] }, `[(True, ${SMALL_WINDOW_BITS})] / [(True, ${SMALL_WINDOW_BITS})]`],
  [{ offers: [offer(true, 15)], accept: [accept(true, 15)] }, '[(True, 15)] / [(True, 15)]'],
  [
    { offers: [offer(true, SMALL_WINDOW_BITS), offer(true, 0), DEFAULT_OFFER], accept: [accept(true, SMALL_WINDOW_BITS), accept(true, 0), accept(false, 0)] },
    `[(True, ${SMALL_WINDOW_BITS}), (True, 0), (False, 0)] / [(True, ${SMALL_WINDOW_BITS}), (True, 0), (False, 0)]`,
  ],
];

/**
 * Builds cases 13.1.1-13.7.18.
 *
 * @param limits - message count and timeout cap
 * @returns the cases
 */
export function category13(limits: Limits): CaseDefinition[] {
  return SCENARIOS.flatMap(([scenario, text], j) =>
    DEFLATE_SIZES.map((size, i) =>
      deflateEchoCase(
        `13.${j + 1}.${i + 1}`,
        () => corpora()[0] as ReturnType<typeof corpora>[number],
        size,
        scenario,
        `permessage-deflate client offers (requestNoContextTakeover, requestMaxWindowBits) / server accepts (requestNoContextTakeover, requestMaxWindowBits): ${text}`,
        limits,
      ),
    ),
  );
}
