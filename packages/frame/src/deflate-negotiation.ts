/**
 * Negotiation of permessage-deflate (RFC 7692 §7) and of the legacy
 * deflate-frame extension (x-webkit-deflate-frame) that the manual still offers.
 *
 * Window bits: RFC 7692 allows 8-15, but zlib cannot compress a raw stream with
 * an 8-bit window. We still accept 8 in either direction: we inflate with the
 * window the peer announced (zlib inflates any smaller window), and when we are
 * limited to 8 we simply send every message uncompressed, which RFC 7692 §6
 * permits because compression is chosen per message (RSV1).
 *
 * @module
 */
import { ErrorCode, SgcError } from './errors.js';
import type { ExtensionOffer, ExtensionParams } from './extension-header.js';

/** Options of permessage-deflate, for either role. Names follow ws and the manual. */
export interface PerMessageDeflateOptions {
  /** The server resets its compression context after each message (`server_no_context_takeover`). @defaultValue false */
  serverNoContextTakeover?: boolean;
  /** The client resets its compression context after each message (`client_no_context_takeover`). @defaultValue false */
  clientNoContextTakeover?: boolean;
  /** Largest LZ77 window (8-15) the server compresses with (`server_max_window_bits`). @defaultValue 15 */
  serverMaxWindowBits?: number;
  /** Largest window (8-15) the client compresses with (`client_max_window_bits`). @defaultValue 15 */
  clientMaxWindowBits?: number;
  /** Messages shorter than this many bytes are sent uncompressed. @defaultValue 1024 */
  threshold?: number;
  /** zlib memory level (1-9) for compression; not negotiated. @defaultValue 8 */
  memLevel?: number;
  /** zlib compression level (0-9, or -1 for zlib's default). @defaultValue -1 */
  level?: number;
}

/** The legacy per-frame extension names, newest first. */
export const DEFLATE_FRAME_NAMES = ['x-webkit-deflate-frame', 'deflate-frame'] as const;

/** What both ends agreed on, seen from one end: "send" is this end's compressor. */
export interface DeflateAgreement {
  /** The extension token that was negotiated. */
  readonly extension: string;
  /** `true` for deflate-frame: each frame is compressed on its own and carries RSV1. */
  readonly perFrame: boolean;
  /** This end resets its compressor after each message. */
  readonly sendNoContextTakeover: boolean;
  /** The peer resets its compressor after each message, so this end resets its inflater too. */
  readonly receiveNoContextTakeover: boolean;
  /** Window this end may compress with (8 means "send uncompressed"). */
  readonly sendMaxWindowBits: number;
  /** Window the peer compresses with; the inflater uses it. */
  readonly receiveMaxWindowBits: number;
  /** Messages shorter than this are sent uncompressed. */
  readonly threshold: number;
  /** zlib memory level. */
  readonly memLevel: number;
  /** zlib compression level. */
  readonly level: number;
}

const WINDOW_BITS = /^(?:[89]|1[0-5])$/;

function windowBits(value: string | true | undefined): number | undefined {
  return typeof value === 'string' && WINDOW_BITS.test(value) ? Number(value) : undefined;
}

function checkOptions(options: PerMessageDeflateOptions): void {
  for (const key of ['serverMaxWindowBits', 'clientMaxWindowBits'] as const) {
    const bits = options[key];
    if (bits !== undefined && (!Number.isInteger(bits) || bits < 8 || bits > 15)) {
      throw new SgcError(ErrorCode.InvalidArgument, `${key} must be an integer from 8 to 15, got ${bits}`);
    }
  }
}

function agreement(
  extension: string,
  perFrame: boolean,
  options: PerMessageDeflateOptions,
  send: { noContextTakeover: boolean; maxWindowBits: number },
  receive: { noContextTakeover: boolean; maxWindowBits: number },
): DeflateAgreement {
  return {
    extension,
    perFrame,
    sendNoContextTakeover: send.noContextTakeover,
    receiveNoContextTakeover: receive.noContextTakeover,
    sendMaxWindowBits: send.maxWindowBits,
    receiveMaxWindowBits: receive.maxWindowBits,
    threshold: options.threshold ?? 1024,
    memLevel: options.memLevel ?? 8,
    level: options.level ?? -1,
  };
}

const PMD_PARAMS = new Set([
  'server_no_context_takeover',
  'client_no_context_takeover',
  'server_max_window_bits',
  'client_max_window_bits',
]);

/**
 * Server side: picks the first permessage-deflate offer it can accept
 * (RFC 7692 §7.1) and builds the response.
 *
 * @param offers - the client's parsed offers
 * @param options - the server's settings
 * @returns the response entry and the agreement, or `undefined` to decline
 * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` on out-of-range options
 * @example
 * ```ts
 * const result = acceptPerMessageDeflate(parseExtensions(header), { serverNoContextTakeover: true });
 * if (result) headers.push('Sec-WebSocket-Extensions: ' + formatExtension(result.response));
 * ```
 */
export function acceptPerMessageDeflate(
  offers: readonly ExtensionOffer[],
  options: PerMessageDeflateOptions,
): { response: ExtensionOffer; agreement: DeflateAgreement } | undefined {
  checkOptions(options);
  for (const offer of offers) {
    if (offer.name !== 'permessage-deflate' || offer.repeatedParams) continue;
    const p = offer.params;
    // 1. An offer with an unknown parameter or an invalid value must be declined (§7.1).
    if (Object.keys(p).some((key) => !PMD_PARAMS.has(key))) continue;
    if (p.server_no_context_takeover !== undefined && p.server_no_context_takeover !== true) continue;
    if (p.client_no_context_takeover !== undefined && p.client_no_context_takeover !== true) continue;
    const offeredServerBits = p.server_max_window_bits === undefined ? 15 : windowBits(p.server_max_window_bits);
    if (offeredServerBits === undefined) continue;
    const offeredClientBits =
      p.client_max_window_bits === undefined || p.client_max_window_bits === true
        ? 15
        : windowBits(p.client_max_window_bits);
    if (offeredClientBits === undefined) continue;
    // 2. A client_max_window_bits limit can only be imposed if the client offered the parameter.
    const clientLimit = options.clientMaxWindowBits;
    if (clientLimit !== undefined && clientLimit < 15 && p.client_max_window_bits === undefined) continue;

    const response: ExtensionParams = {};
    const serverNoContext = p.server_no_context_takeover === true || options.serverNoContextTakeover === true;
    if (serverNoContext) response.server_no_context_takeover = true;
    const clientNoContext = options.clientNoContextTakeover === true || p.client_no_context_takeover === true;
    if (clientNoContext) response.client_no_context_takeover = true;
    const serverBits = Math.min(offeredServerBits, options.serverMaxWindowBits ?? 15);
    if (p.server_max_window_bits !== undefined || serverBits < 15) response.server_max_window_bits = String(serverBits);
    const clientBits = Math.min(offeredClientBits, clientLimit ?? 15);
    if (clientBits < 15 || typeof p.client_max_window_bits === 'string') {
      response.client_max_window_bits = String(clientBits);
    }
    return {
      response: { name: 'permessage-deflate', params: response },
      agreement: agreement(
        'permessage-deflate',
        false,
        options,
        { noContextTakeover: serverNoContext, maxWindowBits: serverBits },
        { noContextTakeover: clientNoContext, maxWindowBits: clientBits },
      ),
    };
  }
  return undefined;
}

/**
 * Client side: the permessage-deflate offer to send.
 *
 * @param options - the client's settings
 * @returns the offer entry
 * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` on out-of-range options
 * @example
 * ```ts
 * formatExtension(perMessageDeflateOffer({})); // 'permessage-deflate; client_max_window_bits'
 * ```
 */
export function perMessageDeflateOffer(options: PerMessageDeflateOptions): ExtensionOffer {
  checkOptions(options);
  const params: ExtensionParams = {};
  if (options.serverNoContextTakeover) params.server_no_context_takeover = true;
  if (options.clientNoContextTakeover) params.client_no_context_takeover = true;
  if (options.serverMaxWindowBits !== undefined) params.server_max_window_bits = String(options.serverMaxWindowBits);
  params.client_max_window_bits =
    options.clientMaxWindowBits === undefined ? true : String(options.clientMaxWindowBits);
  return { name: 'permessage-deflate', params };
}

/**
 * Client side: checks the server's permessage-deflate response against what was
 * offered (RFC 7692 §7.1.1-7.1.2) and returns the agreement.
 *
 * @param response - the server's response entry
 * @param options - the options the offer was built from
 * @returns the agreement, seen from the client
 * @throws {@link SgcError} `SGC_ERR_INVALID_EXTENSION` when the response is not one the offer allows
 * @example
 * ```ts
 * const agreement = acceptPerMessageDeflateResponse(parseExtensions(header)[0], {});
 * ```
 */
export function acceptPerMessageDeflateResponse(
  response: ExtensionOffer,
  options: PerMessageDeflateOptions,
): DeflateAgreement {
  const p = response.params;
  const fail = (why: string): SgcError =>
    new SgcError(ErrorCode.InvalidExtension, `Unacceptable permessage-deflate response: ${why}`, { closeCode: 1010 });
  if (response.repeatedParams === true) throw fail('a parameter is repeated');
  for (const key of Object.keys(p)) if (!PMD_PARAMS.has(key)) throw fail(`unknown parameter ${key}`);
  if (p.server_no_context_takeover !== undefined && p.server_no_context_takeover !== true) {
    throw fail('server_no_context_takeover has a value');
  }
  if (p.client_no_context_takeover !== undefined && p.client_no_context_takeover !== true) {
    throw fail('client_no_context_takeover has a value');
  }
  let serverBits = 15;
  if (p.server_max_window_bits !== undefined) {
    const bits = windowBits(p.server_max_window_bits);
    if (bits === undefined) throw fail('invalid server_max_window_bits');
    if (options.serverMaxWindowBits !== undefined && bits > options.serverMaxWindowBits) {
      throw fail('server_max_window_bits larger than offered');
    }
    serverBits = bits;
  } else if (options.serverMaxWindowBits !== undefined && options.serverMaxWindowBits < 15) {
    throw fail('server_max_window_bits missing');
  }
  if (options.serverNoContextTakeover && p.server_no_context_takeover !== true) {
    throw fail('server_no_context_takeover missing');
  }
  let clientBits = options.clientMaxWindowBits ?? 15;
  if (p.client_max_window_bits !== undefined) {
    const bits = windowBits(p.client_max_window_bits);
    if (bits === undefined) throw fail('invalid client_max_window_bits');
    clientBits = Math.min(clientBits, bits);
  }
  return agreement(
    'permessage-deflate',
    false,
    options,
    {
      noContextTakeover: p.client_no_context_takeover === true || options.clientNoContextTakeover === true,
      maxWindowBits: clientBits,
    },
    { noContextTakeover: p.server_no_context_takeover === true, maxWindowBits: serverBits },
  );
}

const FRAME_PARAMS = new Set(['no_context_takeover', 'max_window_bits']);

/**
 * Server side: accepts the first deflate-frame offer (x-webkit-deflate-frame), the
 * manual's legacy per-frame extension.
 *
 * @param offers - the client's parsed offers
 * @param options - the server's settings (`serverNoContextTakeover`, `serverMaxWindowBits` apply)
 * @returns the response entry and the agreement, or `undefined` to decline
 * @example
 * ```ts
 * acceptDeflateFrame(parseExtensions('x-webkit-deflate-frame'), {});
 * ```
 */
export function acceptDeflateFrame(
  offers: readonly ExtensionOffer[],
  options: PerMessageDeflateOptions,
): { response: ExtensionOffer; agreement: DeflateAgreement } | undefined {
  checkOptions(options);
  for (const offer of offers) {
    if (!(DEFLATE_FRAME_NAMES as readonly string[]).includes(offer.name) || offer.repeatedParams) continue;
    const p = offer.params;
    if (Object.keys(p).some((key) => !FRAME_PARAMS.has(key))) continue;
    // max_window_bits in an offer limits what the server may use to compress.
    const offeredBits = p.max_window_bits === undefined ? 15 : windowBits(p.max_window_bits);
    if (offeredBits === undefined) continue;
    const sendBits = Math.min(offeredBits, options.serverMaxWindowBits ?? 15);
    const params: ExtensionParams = {};
    const sendNoContext = options.serverNoContextTakeover === true;
    if (sendNoContext) params.no_context_takeover = true;
    return {
      response: { name: offer.name, params },
      agreement: agreement(
        offer.name,
        true,
        options,
        { noContextTakeover: sendNoContext || p.no_context_takeover === true, maxWindowBits: sendBits },
        { noContextTakeover: false, maxWindowBits: 15 },
      ),
    };
  }
  return undefined;
}

/**
 * Client side: checks a deflate-frame response and returns the agreement.
 *
 * @param response - the server's response entry
 * @param options - the client's settings
 * @returns the agreement, seen from the client
 * @throws {@link SgcError} `SGC_ERR_INVALID_EXTENSION` on unknown or invalid parameters
 * @example
 * ```ts
 * acceptDeflateFrameResponse({ name: 'x-webkit-deflate-frame', params: {} }, {});
 * ```
 */
export function acceptDeflateFrameResponse(
  response: ExtensionOffer,
  options: PerMessageDeflateOptions,
): DeflateAgreement {
  const p = response.params;
  if (response.repeatedParams || Object.keys(p).some((key) => !FRAME_PARAMS.has(key))) {
    throw new SgcError(ErrorCode.InvalidExtension, 'Unacceptable deflate-frame response', { closeCode: 1010 });
  }
  const bits = p.max_window_bits === undefined ? 15 : windowBits(p.max_window_bits);
  if (bits === undefined) {
    throw new SgcError(ErrorCode.InvalidExtension, 'Invalid deflate-frame max_window_bits', { closeCode: 1010 });
  }
  return agreement(
    response.name,
    true,
    options,
    { noContextTakeover: options.clientNoContextTakeover === true, maxWindowBits: Math.min(bits, options.clientMaxWindowBits ?? 15) },
    { noContextTakeover: p.no_context_takeover === true, maxWindowBits: 15 },
  );
}
