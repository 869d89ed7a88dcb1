/**
 * permessage-deflate negotiation (RFC 7692 §5 and §7.1) for both fuzzer
 * roles: Autobahn-style offers and their check on the client side, and the
 * Autobahn accept policies on the server side.
 *
 * @module
 */

/** One element of a `Sec-WebSocket-Extensions` list (RFC 6455 §9.1). */
export interface ExtensionItem {
  name: string;
  /** Parameters in order; `true` for a parameter without a value. */
  params: Array<[string, string | true]>;
}

/**
 * Parses a `Sec-WebSocket-Extensions` value, quoted strings included.
 *
 * @param value - the header value
 * @returns the extensions in order
 * @throws Error on syntax the grammar of RFC 6455 §9.1 does not allow
 */
export function parseExtensionHeader(value: string): ExtensionItem[] {
  const items: ExtensionItem[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (value[i] === ' ' || value[i] === '\t') i++;
  };
  const token = (): string => {
    const m = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/.exec(value.slice(i));
    if (!m) throw new Error(`bad extension syntax at ${i} in "${value}"`);
    i += m[0].length;
    return m[0];
  };
  while (i < value.length) {
    skipSpace();
    if (value[i] === ',') {
      i++;
      continue;
    }
    if (i >= value.length) break;
    const item: ExtensionItem = { name: token(), params: [] };
    skipSpace();
    while (value[i] === ';') {
      i++;
      skipSpace();
      const name = token();
      skipSpace();
      let param: string | true = true;
      if (value[i] === '=') {
        i++;
        skipSpace();
        if (value[i] === '"') {
          const end = value.indexOf('"', i + 1);
          if (end < 0) throw new Error(`unterminated quoted string in "${value}"`);
          param = value.slice(i + 1, end);
          i = end + 1;
        } else {
          param = token();
        }
      }
      item.params.push([name, param]);
      skipSpace();
    }
    items.push(item);
    skipSpace();
    if (i < value.length && value[i] !== ',') throw new Error(`bad extension syntax at ${i} in "${value}"`);
  }
  return items;
}

/** Window bits as RFC 7692 §7.1.2 allows them: 8-15, no leading zero. */
function windowBits(v: string | true): number | undefined {
  if (v === true || !/^[1-9][0-9]?$/.test(v)) return undefined;
  const n = Number(v);
  return n >= 8 && n <= 15 ? n : undefined;
}

/**
 * A client offer in Autobahn's terms (its `PerMessageDeflateOffer`).
 * Autobahn's default offer is `client_no_context_takeover` plus a valueless
 * `client_max_window_bits`.
 */
export interface DeflateOffer {
  /** Offer `client_no_context_takeover` (Autobahn's acceptNoContextTakeover). */
  clientNoContextTakeover: boolean;
  /** Offer a valueless `client_max_window_bits` (acceptMaxWindowBits). */
  clientMaxWindowBits: boolean;
  /** Ask for `server_no_context_takeover` (requestNoContextTakeover). */
  serverNoContextTakeover: boolean;
  /** Ask for `server_max_window_bits=N`; 0 asks nothing (requestMaxWindowBits). */
  serverMaxWindowBits: number;
}

/** Autobahn's `PerMessageDeflateOffer()` defaults. */
export const DEFAULT_OFFER: DeflateOffer = {
  clientNoContextTakeover: true,
  clientMaxWindowBits: true,
  serverNoContextTakeover: false,
  serverMaxWindowBits: 0,
};

/**
 * Formats one offer as Autobahn writes it.
 *
 * @param offer - the offer
 * @returns e.g. `permessage-deflate; client_no_context_takeover; client_max_window_bits`
 */
export function formatOffer(offer: DeflateOffer): string {
  let s = 'permessage-deflate';
  if (offer.clientNoContextTakeover) s += '; client_no_context_takeover';
  if (offer.clientMaxWindowBits) s += '; client_max_window_bits';
  if (offer.serverNoContextTakeover) s += '; server_no_context_takeover';
  if (offer.serverMaxWindowBits !== 0) s += `; server_max_window_bits=${offer.serverMaxWindowBits}`;
  return s;
}

/** What both ends agreed on; unspecified window sizes are 15 (§7.1.2). */
export interface DeflateAgreement {
  serverNoContextTakeover: boolean;
  clientNoContextTakeover: boolean;
  serverMaxWindowBits: number;
  clientMaxWindowBits: number;
  /** The negotiated `Sec-WebSocket-Extensions` response value. */
  header: string;
}

/**
 * Client side: checks the server's response against the offers made
 * (RFC 7692 §7.1) and derives the agreement.
 *
 * @param header - the response's `Sec-WebSocket-Extensions`, if any
 * @param offers - what was offered, in order
 * @returns the agreement, null when the server declined, or an error text
 */
export function checkDeflateResponse(
  header: string | undefined,
  offers: readonly DeflateOffer[],
): { agreement: DeflateAgreement | null; error?: string } {
  if (header === undefined || header.trim() === '') return { agreement: null };
  let items: ExtensionItem[];
  try {
    items = parseExtensionHeader(header);
  } catch (e) {
    return { agreement: null, error: (e as Error).message };
  }
  if (offers.length === 0) return { agreement: null, error: `server accepted extensions that were not offered: ${header}` };
  if (items.length !== 1 || items[0]?.name !== 'permessage-deflate') {
    return { agreement: null, error: `unexpected extensions in response: ${header}` };
  }
  const seen = new Set<string>();
  const a = { snct: false, cnct: false, smwb: 0, cmwb: 0 };
  for (const [name, value] of items[0].params) {
    if (seen.has(name)) return { agreement: null, error: `duplicate parameter ${name}` };
    seen.add(name);
    if (name === 'server_no_context_takeover' && value === true) a.snct = true;
    else if (name === 'client_no_context_takeover' && value === true) a.cnct = true;
    else if (name === 'server_max_window_bits' && windowBits(value)) a.smwb = windowBits(value) ?? 0;
    else if (name === 'client_max_window_bits' && windowBits(value)) a.cmwb = windowBits(value) ?? 0;
    else return { agreement: null, error: `invalid parameter ${name}=${String(value)}` };
  }
  // The response must fit one of the offers (§7.1.1.1, §7.1.2.1, §7.1.2.2).
  const fits = offers.some(
    (o) =>
      (!o.serverNoContextTakeover || a.snct) &&
      (o.serverMaxWindowBits === 0 || (a.smwb !== 0 && a.smwb <= o.serverMaxWindowBits)) &&
      (a.cmwb === 0 || o.clientMaxWindowBits),
  );
  if (!fits) return { agreement: null, error: `response fits none of the offers: ${header}` };
  return {
    agreement: {
      serverNoContextTakeover: a.snct,
      clientNoContextTakeover: a.cnct,
      serverMaxWindowBits: a.smwb || 15,
      clientMaxWindowBits: a.cmwb || 15,
      header,
    },
  };
}

/** A client's offer as the fuzzing server parsed it. */
export interface ParsedOffer {
  /** `client_max_window_bits` was offered (with or without a value). */
  clientMaxWindowBits: boolean;
  serverNoContextTakeover: boolean;
  /** Requested `server_max_window_bits`, 0 when absent. */
  serverMaxWindowBits: number;
}

/**
 * Server side: the well-formed permessage-deflate offers of a request
 * (malformed ones are declined, as §7.1 lets a server do).
 *
 * @param header - the request's `Sec-WebSocket-Extensions`
 * @returns offers in preference order
 */
export function parseDeflateOffers(header: string | undefined): ParsedOffer[] {
  if (!header) return [];
  let items: ExtensionItem[];
  try {
    items = parseExtensionHeader(header);
  } catch {
    return [];
  }
  const offers: ParsedOffer[] = [];
  for (const item of items) {
    if (item.name !== 'permessage-deflate') continue;
    const offer: ParsedOffer = { clientMaxWindowBits: false, serverNoContextTakeover: false, serverMaxWindowBits: 0 };
    const seen = new Set<string>();
    let ok = true;
    for (const [name, value] of item.params) {
      if (seen.has(name)) ok = false;
      seen.add(name);
      if (name === 'client_max_window_bits' && (value === true || windowBits(value))) offer.clientMaxWindowBits = true;
      else if (name === 'client_no_context_takeover' && value === true) continue;
      else if (name === 'server_no_context_takeover' && value === true) offer.serverNoContextTakeover = true;
      else if (name === 'server_max_window_bits' && windowBits(value)) offer.serverMaxWindowBits = windowBits(value) ?? 0;
      else ok = false;
    }
    if (ok) offers.push(offer);
  }
  return offers;
}

/**
 * How the fuzzing server answers offers, after Autobahn's accept1-accept7:
 * what it asks of the client, and what the offer must allow for that.
 */
export interface AcceptPolicy {
  /** Ask for `client_no_context_takeover`. A server may always ask (§7.1.1.2). */
  clientNoContextTakeover: boolean;
  /** Ask for `client_max_window_bits=N` (needs the client to have offered it); 0 asks nothing. */
  clientMaxWindowBits: number;
}

/**
 * Accepts the first offer that `policy` can be applied to.
 *
 * @param offers - the client's offers
 * @param policies - tried in order (accept7 is a fallback chain)
 * @returns the agreement, or null to decline permessage-deflate
 */
export function acceptOffer(offers: readonly ParsedOffer[], policies: readonly AcceptPolicy[]): DeflateAgreement | null {
  for (const policy of policies) {
    const offer = offers.find((o) => policy.clientMaxWindowBits === 0 || o.clientMaxWindowBits);
    if (!offer) continue;
    let header = 'permessage-deflate';
    if (offer.serverNoContextTakeover) header += '; server_no_context_takeover';
    if (offer.serverMaxWindowBits !== 0) header += `; server_max_window_bits=${offer.serverMaxWindowBits}`;
    if (policy.clientNoContextTakeover) header += '; client_no_context_takeover';
    if (policy.clientMaxWindowBits !== 0) header += `; client_max_window_bits=${policy.clientMaxWindowBits}`;
    return {
      serverNoContextTakeover: offer.serverNoContextTakeover,
      clientNoContextTakeover: policy.clientNoContextTakeover,
      serverMaxWindowBits: offer.serverMaxWindowBits || 15,
      clientMaxWindowBits: policy.clientMaxWindowBits || 15,
      header,
    };
  }
  return null;
}
