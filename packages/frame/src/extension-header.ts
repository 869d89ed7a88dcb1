/**
 * `Sec-WebSocket-Extensions` parsing and formatting (RFC 6455 §9.1).
 *
 * @module
 */
import { ErrorCode, SgcError } from './errors.js';

/** Parameters of one extension offer: a bare parameter is `true`, otherwise its value. */
export type ExtensionParams = Record<string, string | true>;

/** One entry of an extension header, in the order it appeared. */
export interface ExtensionOffer {
  /** The extension token, lower-cased. */
  readonly name: string;
  /** Its parameters (the first value of a repeated one). */
  readonly params: ExtensionParams;
  /**
   * `true` when a parameter was repeated: such an offer must be declined, while the
   * other offers in the header may still be accepted (RFC 7692 §5.1).
   */
  readonly repeatedParams?: boolean;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function invalid(header: string): SgcError {
  return new SgcError(ErrorCode.InvalidExtension, `Invalid Sec-WebSocket-Extensions header: ${header}`);
}

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted;
    else if (c === sep && !quoted) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Parses an extension header into its offers.
 *
 * @param header - the header value (several headers may be joined with `,`)
 * @returns the offers in order
 * @throws {@link SgcError} `SGC_ERR_INVALID_EXTENSION` on a malformed header
 * @example
 * ```ts
 * parseExtensions('permessage-deflate; client_max_window_bits, x-webkit-deflate-frame');
 * // [{ name: 'permessage-deflate', params: { client_max_window_bits: true } },
 * //  { name: 'x-webkit-deflate-frame', params: {} }]
 * ```
 */
export function parseExtensions(header: string): ExtensionOffer[] {
  const offers: ExtensionOffer[] = [];
  for (const item of splitOutsideQuotes(header, ',')) {
    if (item.trim() === '') continue;
    const [rawName = '', ...rawParams] = splitOutsideQuotes(item, ';');
    const name = rawName.trim().toLowerCase();
    if (!TOKEN.test(name)) throw invalid(header);
    const params: ExtensionParams = {};
    let repeatedParams = false;
    for (const rawParam of rawParams) {
      const eq = rawParam.indexOf('=');
      const key = (eq === -1 ? rawParam : rawParam.slice(0, eq)).trim().toLowerCase();
      if (!TOKEN.test(key)) throw invalid(header);
      const repeated = Object.hasOwn(params, key);
      repeatedParams ||= repeated;
      if (eq === -1) {
        if (!repeated) params[key] = true;
        continue;
      }
      let value = rawParam.slice(eq + 1).trim();
      if (value.startsWith('"')) {
        if (value.length < 2 || !value.endsWith('"')) throw invalid(header);
        value = value.slice(1, -1).replace(/\\(.)/g, '$1');
      }
      if (!TOKEN.test(value)) throw invalid(header);
      if (!repeated) params[key] = value;
    }
    offers.push(repeatedParams ? { name, params, repeatedParams } : { name, params });
  }
  return offers;
}

/**
 * Formats one extension and its parameters for a header.
 *
 * @param offer - the extension name and parameters
 * @returns e.g. `permessage-deflate; server_no_context_takeover; client_max_window_bits=10`
 * @example
 * ```ts
 * formatExtension({ name: 'permessage-deflate', params: { client_max_window_bits: true } });
 * ```
 */
export function formatExtension(offer: ExtensionOffer): string {
  let text = offer.name;
  for (const [key, value] of Object.entries(offer.params)) {
    text += value === true ? `; ${key}` : `; ${key}=${value}`;
  }
  return text;
}
