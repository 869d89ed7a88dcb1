/**
 * The `params` of `sgc@lb@server@data`: a broadcast's message and filter. JSON
 * carries only text, so binary messages travel as `sgc@b64:` + base64 (the
 * library's marker).
 *
 * @module
 */
import { ErrorCode, isRecord, SgcError } from '@sgc/frame';
import type { BroadcastFilter } from '../websocket-server.js';

/** Marks a binary message encoded as base64 text. */
export const BASE64_MARKER = 'sgc@b64:';

/**
 * Writes a broadcast as the `params` of `sgc@lb@server@data`.
 *
 * @param data - the message: a string as text, bytes as binary
 * @param filter - channel, protocol, include and exclude, as for `server.broadcast`
 * @returns the params
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a text that starts with the marker, which
 *   every back-end would read as binary
 */
export function encodeRelay(data: string | Uint8Array, filter: BroadcastFilter): Record<string, unknown> {
  if (typeof data === 'string' && data.startsWith(BASE64_MARKER)) {
    throw new SgcError(ErrorCode.InvalidArgument, `A relayed text message cannot start with ${BASE64_MARKER}`);
  }
  const text = typeof data === 'string' ? data : BASE64_MARKER + Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
  return { data: text, ...filter };
}

/**
 * Checks the `params` of `sgc@lb@server@data`, leaving the message encoded so the balancer can
 * pass it on as it came.
 *
 * @param params - the received params
 * @returns the encoded message and the filter, or `undefined` when `data` is not a string or a
 *   filter member has the wrong type
 */
export function readRelay(params: unknown): { readonly data: string; readonly filter: BroadcastFilter } | undefined {
  if (!isRecord(params) || typeof params['data'] !== 'string') return undefined;
  const { data, channel, protocol, include, exclude } = params;
  if (!optional(channel, isString) || !optional(protocol, isString) || !optional(include, isStrings) || !optional(exclude, isStrings)) {
    return undefined;
  }
  const filter: BroadcastFilter = {
    ...(channel !== undefined ? { channel } : {}),
    ...(protocol !== undefined ? { protocol } : {}),
    ...(include !== undefined ? { include } : {}),
    ...(exclude !== undefined ? { exclude } : {}),
  };
  return { data, filter };
}

/**
 * Turns a relayed `data` member back into the message.
 *
 * @param data - the `data` member
 * @returns bytes for a `sgc@b64:` string, the text otherwise
 */
export function decodeRelayData(data: string): string | Buffer {
  return data.startsWith(BASE64_MARKER) ? Buffer.from(data.slice(BASE64_MARKER.length), 'base64') : data;
}

function optional<T>(value: unknown, check: (value: unknown) => value is T): value is T | undefined {
  return value === undefined || check(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isString);
}
