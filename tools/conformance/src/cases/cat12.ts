/**
 * Category 12, WebSocket Compression (RFC 7692): echo of five corpora at
 * 18 message sizes / fragmentations under the default offer
 * (`client_no_context_takeover; client_max_window_bits`) and a plain
 * accept. Numbered 12.1-12.5 in Autobahn's report order.
 *
 * @module
 */
import type { CaseDefinition, DeflateScenario } from '../case-definition.js';
import { DEFAULT_OFFER } from '../deflate-params.js';
import type { Limits } from '../limits.js';
import { corpora } from './corpora.js';
import { DEFLATE_SIZES, deflateEchoCase } from './deflate-echo.js';

/** The default offer, accepted as is. */
const SCENARIO: DeflateScenario = { offers: [DEFAULT_OFFER], accept: [{ clientNoContextTakeover: false, clientMaxWindowBits: 0 }] };

/**
 * Builds cases 12.1.1-12.5.18.
 *
 * @param limits - message count and timeout cap
 * @returns the cases
 */
export function category12(limits: Limits): CaseDefinition[] {
  return [0, 1, 2, 3, 4].flatMap((j) =>
    DEFLATE_SIZES.map((size, i) =>
      deflateEchoCase(`12.${j + 1}.${i + 1}`, () => corpora()[j] as ReturnType<typeof corpora>[number], size, SCENARIO, 'default permessage-deflate offer.', limits),
    ),
  );
}

/** Titles of 12.1-12.5, for reports. */
export const category12Titles: Record<string, string> = {
  '12.1': 'Large JSON data file (utf8)',
  '12.2': 'Lena Picture, Bitmap 512x512 bw (binary)',
  '12.3': "Human readable text, Goethe's Faust I (German) (binary)",
  '12.4': 'Large HTML file (utf8)',
  '12.5': 'A larger PDF (binary)',
};
