/**
 * Opening handshake helpers (RFC 6455 §4): keys, accept values, request and
 * response validation, sub-protocol parsing.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { ErrorCode, SgcError } from './errors.js';
import { parseExtensions, type ExtensionOffer } from './extension-header.js';

/** The GUID RFC 6455 §1.3 appends to the key before hashing. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Header values as Node's `IncomingMessage.headers` gives them. */
export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

const KEY = /^[A-Za-z0-9+/]{22}==$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A fresh `Sec-WebSocket-Key`: 16 random bytes, base64-encoded (RFC 6455 §4.1).
 *
 * @returns the key
 * @example
 * ```ts
 * const key = generateKey(); // e.g. 'dGhlIHNhbXBsZSBub25jZQ=='
 * ```
 */
export function generateKey(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The `Sec-WebSocket-Accept` value for a key (RFC 6455 §4.2.2).
 *
 * @param key - the client's `Sec-WebSocket-Key`
 * @returns base64(SHA-1(key + GUID))
 * @example
 * ```ts
 * computeAccept('dGhlIHNhbXBsZSBub25jZQ=='); // 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='
 * ```
 */
export function computeAccept(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

function single(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function hasToken(value: string | undefined, token: string): boolean {
  return value !== undefined && value.split(',').some((part) => part.trim().toLowerCase() === token);
}

/**
 * Parses `Sec-WebSocket-Protocol`: a list of tokens, no duplicates.
 *
 * @param header - the header value, or `undefined`
 * @returns the protocols in the client's order of preference
 * @throws {@link SgcError} `SGC_ERR_HANDSHAKE_FAILED` (status 400) for an invalid token or a duplicate
 * @example
 * ```ts
 * parseProtocols('mqtt, wamp.2.json'); // ['mqtt', 'wamp.2.json']
 * ```
 */
export function parseProtocols(header: string | undefined): string[] {
  if (header === undefined) return [];
  const protocols = header.split(',').map((part) => part.trim());
  const seen = new Set<string>();
  for (const protocol of protocols) {
    if (!TOKEN.test(protocol) || seen.has(protocol)) {
      throw new SgcError(ErrorCode.HandshakeFailed, `Invalid Sec-WebSocket-Protocol: ${header}`, { status: 400 });
    }
    seen.add(protocol);
  }
  return protocols;
}

/** A valid upgrade request, as {@link validateUpgradeRequest} reads it. */
export interface UpgradeRequestInfo {
  /** The `Sec-WebSocket-Key`. */
  readonly key: string;
  /** Offered sub-protocols, in order. */
  readonly protocols: string[];
  /** Offered extensions, in order. */
  readonly extensions: ExtensionOffer[];
}

/**
 * Checks a client's opening handshake (RFC 6455 §4.2.1).
 *
 * @param method - the HTTP method
 * @param headers - the request headers, names lower-cased
 * @returns the key, protocols and extensions offered
 * @throws {@link SgcError} `SGC_ERR_HANDSHAKE_FAILED` with `status` 400 for a malformed request, 405 for a
 * method other than GET, or 426 for a `Sec-WebSocket-Version` other than 13 (answer with
 * `Sec-WebSocket-Version: 13`, §4.4)
 * @example
 * ```ts
 * const info = validateUpgradeRequest(req.method, req.headers);
 * ```
 */
export function validateUpgradeRequest(method: string | undefined, headers: HeaderMap): UpgradeRequestInfo {
  const refuse = (status: number, message: string): SgcError =>
    new SgcError(ErrorCode.HandshakeFailed, message, { status });
  if (method !== 'GET') throw refuse(405, 'The WebSocket handshake must use GET');
  if (!hasToken(single(headers, 'upgrade'), 'websocket')) throw refuse(400, 'Missing or invalid Upgrade header');
  if (!hasToken(single(headers, 'connection'), 'upgrade')) throw refuse(400, 'Missing or invalid Connection header');
  const key = single(headers, 'sec-websocket-key')?.trim();
  if (key === undefined || !KEY.test(key)) throw refuse(400, 'Missing or invalid Sec-WebSocket-Key header');
  const version = single(headers, 'sec-websocket-version')?.trim();
  if (version !== '13') throw refuse(426, 'Unsupported WebSocket version; only 13 is supported');
  const protocols = parseProtocols(single(headers, 'sec-websocket-protocol'));
  let extensions: ExtensionOffer[] = [];
  const extensionHeader = single(headers, 'sec-websocket-extensions');
  if (extensionHeader !== undefined) {
    try {
      extensions = parseExtensions(extensionHeader);
    } catch (error) {
      throw new SgcError(ErrorCode.HandshakeFailed, 'Invalid Sec-WebSocket-Extensions header', {
        status: 400,
        cause: error,
      });
    }
  }
  return { key, protocols, extensions };
}

/**
 * Checks the server's 101 response to our handshake (RFC 6455 §4.1, client steps 1-6).
 *
 * @param status - the HTTP status code
 * @param headers - the response headers, names lower-cased
 * @param key - the key we sent
 * @param offeredProtocols - the sub-protocols we offered
 * @returns the chosen sub-protocol ('' for none) and the extension entries the server accepted
 * @throws {@link SgcError} `SGC_ERR_HANDSHAKE_FAILED` when the server refused or answered wrongly
 * @example
 * ```ts
 * const { protocol, extensions } = validateUpgradeResponse(res.statusCode, res.headers, key, ['mqtt']);
 * ```
 */
export function validateUpgradeResponse(
  status: number,
  headers: HeaderMap,
  key: string,
  offeredProtocols: readonly string[],
): { protocol: string; extensions: ExtensionOffer[] } {
  const fail = (message: string): SgcError => new SgcError(ErrorCode.HandshakeFailed, message, { status });
  if (status !== 101) throw fail(`Server refused the WebSocket handshake with HTTP ${status}`);
  if (!hasToken(single(headers, 'upgrade'), 'websocket')) throw fail('Missing or invalid Upgrade header');
  if (!hasToken(single(headers, 'connection'), 'upgrade')) throw fail('Missing or invalid Connection header');
  if (single(headers, 'sec-websocket-accept')?.trim() !== computeAccept(key)) {
    throw fail('Invalid Sec-WebSocket-Accept header');
  }
  const protocol = single(headers, 'sec-websocket-protocol')?.trim() ?? '';
  if (protocol !== '' && !offeredProtocols.includes(protocol)) {
    throw fail(`Server chose a sub-protocol that was not offered: ${protocol}`);
  }
  if (protocol === '' && offeredProtocols.length > 0 && single(headers, 'sec-websocket-protocol') !== undefined) {
    throw fail('Empty Sec-WebSocket-Protocol header');
  }
  const extensionHeader = single(headers, 'sec-websocket-extensions');
  let extensions: ExtensionOffer[] = [];
  if (extensionHeader !== undefined) {
    try {
      extensions = parseExtensions(extensionHeader);
    } catch (error) {
      throw new SgcError(ErrorCode.HandshakeFailed, 'Invalid Sec-WebSocket-Extensions header', { status, cause: error });
    }
  }
  return { protocol, extensions };
}
