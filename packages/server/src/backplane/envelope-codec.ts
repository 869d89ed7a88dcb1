/**
 * The wire form of a {@link BackplaneEnvelope} on Redis: one line of JSON with
 * everything but the data, a line feed, then the data as raw bytes (UTF-8 for
 * text). Binary data needs no base64 and text needs no JSON escaping, and the
 * header stays readable in `redis-cli subscribe`. `JSON.stringify` escapes every
 * line feed inside strings, so the first 0x0A byte always ends the header.
 *
 * @module
 * @internal
 */
import { ErrorCode, isRecord, SgcError } from '@sgc/frame';
import { isChannelWildcards, type ChannelWildcards } from '../channel-pattern.js';
import type { BackplaneEnvelope, BroadcastEnvelope } from './backplane.js';

/** Version of the wire form; a node refuses messages of another version instead of misreading them. */
const VERSION = 1;
const LINE_FEED = 0x0a;

/** The header line: the envelope without its data, plus the version and whether the data is text. */
interface Header {
  v: number;
  kind: 'broadcast' | 'direct';
  origin: string;
  text: boolean;
  channel?: string;
  wildcards?: ChannelWildcards;
  protocol?: string;
  include?: readonly string[];
  exclude?: readonly string[];
  connectionId?: string;
}

/**
 * Encodes an envelope for a Redis `PUBLISH`.
 *
 * @internal
 * @param envelope - the envelope
 * @returns the message bytes
 * @example
 * ```ts
 * encodeEnvelope({ kind: 'direct', origin: 'n1', connectionId: 'c1', data: 'hi' }).toString();
 * // '{"v":1,"kind":"direct","origin":"n1","text":true,"connectionId":"c1"}\nhi'
 * ```
 */
export function encodeEnvelope(envelope: BackplaneEnvelope): Buffer {
  const { data } = envelope;
  const text = typeof data === 'string';
  const header: Header = { v: VERSION, kind: envelope.kind, origin: envelope.origin, text };
  if (envelope.kind === 'direct') {
    header.connectionId = envelope.connectionId;
  } else {
    if (envelope.channel !== undefined) header.channel = envelope.channel;
    if (envelope.wildcards !== undefined) header.wildcards = envelope.wildcards;
    if (envelope.protocol !== undefined) header.protocol = envelope.protocol;
    if (envelope.include !== undefined) header.include = envelope.include;
    if (envelope.exclude !== undefined) header.exclude = envelope.exclude;
  }
  const line = `${JSON.stringify(header)}\n`;
  if (text) return Buffer.from(line + data, 'utf8');
  return Buffer.concat([Buffer.from(line, 'utf8'), data]);
}

/**
 * Decodes a message made by {@link encodeEnvelope}. Binary data is a view into
 * `message`, which the caller must not reuse.
 *
 * @internal
 * @param message - the bytes received from Redis
 * @returns the envelope
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` when the message is not a
 *   backplane envelope of this version (another program publishing on the channel, or a newer node)
 */
export function decodeEnvelope(message: Buffer): BackplaneEnvelope {
  const end = message.indexOf(LINE_FEED);
  if (end < 0) throw malformed('no header line');
  let header: unknown;
  try {
    header = JSON.parse(message.toString('utf8', 0, end));
  } catch {
    throw malformed('the header is not JSON');
  }
  if (!isRecord(header)) throw malformed('the header is not an object');
  if (header.v !== VERSION) throw malformed(`version ${String(header.v)}, expected ${VERSION}`);
  const origin = header.origin;
  if (typeof origin !== 'string' || origin.length === 0) throw malformed('no origin');
  const payload = message.subarray(end + 1);
  const data = header.text === true ? payload.toString('utf8') : payload;
  if (header.kind === 'direct') {
    const connectionId = header.connectionId;
    if (typeof connectionId !== 'string' || connectionId.length === 0) throw malformed('no connection id');
    return { kind: 'direct', origin, connectionId, data };
  }
  if (header.kind !== 'broadcast') throw malformed(`unknown kind ${String(header.kind)}`);
  const envelope: Mutable<BroadcastEnvelope> = { kind: 'broadcast', origin, data };
  const { channel, wildcards, protocol, include, exclude } = header;
  if (channel !== undefined) envelope.channel = expectString('channel', channel);
  if (wildcards !== undefined) envelope.wildcards = expectWildcards(wildcards);
  if (protocol !== undefined) envelope.protocol = expectString('protocol', protocol);
  if (include !== undefined) envelope.include = expectIds('include', include);
  if (exclude !== undefined) envelope.exclude = expectIds('exclude', exclude);
  return envelope;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function expectString(what: string, value: unknown): string {
  if (typeof value !== 'string') throw malformed(`${what} is not a string`);
  return value;
}

function expectWildcards(value: unknown): ChannelWildcards {
  if (!isChannelWildcards(value)) throw malformed(`unknown wildcards ${String(value)}`);
  return value;
}

function expectIds(what: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((id) => typeof id === 'string')) throw malformed(`${what} is not a list of ids`);
  return value as string[];
}

function malformed(why: string): SgcError {
  return new SgcError(ErrorCode.InvalidArgument, `Malformed backplane message: ${why}`);
}
