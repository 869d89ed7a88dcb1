/**
 * The wire form of the presence protocol (sub-protocol `presence.esegece.com`): one JSON
 * object per message with `method`, and `member`, `channel`, `message`, `members` or
 * `error` as the method needs. As in eSeGeCe's `presence.esegece.com.js`, every string
 * value (the method included, `jsonrpc` excepted) travels base64-encoded UTF-8, so names
 * and texts need no escaping by hand-written clients.
 *
 * `{"jsonrpc":"2.0","method":"<b64 sgc@presence@member@new>","member":{"id":"…","name":"…","info":"…"}}`
 *
 * @module
 */
import { ErrorCode, isRecord, SgcError } from '@sgc/frame';

/** The sub-protocol name of the presence protocol. */
export const PRESENCE_PROTOCOL = 'presence.esegece.com';

/** The methods of the presence protocol. */
export const PresenceMethod = {
  /** Server to client after connecting: `message.text` is the connection's id. */
  Session: 'sgc@presence@session',
  /** Client: join as a member; server: a member joined. */
  NewMember: 'sgc@presence@member@new',
  /** Client: leave; server: a member left. */
  RemoveMember: 'sgc@presence@member@remove',
  /** Client: join a channel; server: a member joined a channel. */
  NewChannelMember: 'sgc@presence@channel@member@new',
  /** Client: leave a channel; server: a member left a channel. */
  RemoveChannelMember: 'sgc@presence@channel@member@remove',
  /** A text to one channel's members, or to every member without a channel. */
  PublishMsg: 'sgc@presence@publish@msg',
  /** Client: which members are there (in a channel, or all)? */
  GetMembers: 'sgc@presence@get@members',
  /** Server: the answer to `GetMembers`. */
  SendMembers: 'sgc@presence@send@members',
  /** Client: invite a member (by id) to a channel; server: the invitation, with the inviting member. */
  ChannelInvitation: 'sgc@presence@channel@invitation',
  /** Server: joining or leaving a channel failed. */
  ErrorMemberChannel: 'sgc@presence@error@member@channel',
  /** Server: a publish failed. */
  ErrorPublishMsg: 'sgc@presence@error@publish@msg',
} as const;

/** A member (the manual's `TsgcWSPresenceMember`): the connection's id, a name and free-form info. */
export interface PresenceMember {
  readonly id: string;
  readonly name: string;
  readonly info: string;
}

/** A failure the server reports (the manual's `TsgcWSPresenceError`). */
export interface PresenceError {
  readonly code: number;
  readonly text: string;
}

/** The error codes of presence failures. */
export const PresenceErrorCode = {
  /** The connection has not joined as a member yet. */
  NotMember: 1,
  /** The server refused the member (its `authorizeMember` hook). */
  MemberRefused: 2,
  /** The server refused to create the channel. */
  ChannelRefused: 3,
  /** The server refused the member in the channel. */
  ChannelMemberRefused: 4,
  /** The member is not in that channel. */
  NotChannelMember: 5,
  /** No member has that id. */
  UnknownMember: 6,
  /** A request lacks a field it needs (a channel name, a member id). */
  InvalidRequest: 7,
} as const;

/** One presence message, decoded. */
export interface PresenceFrame {
  readonly method: string;
  readonly member?: PresenceMember | undefined;
  /** The channel's name; `''` for none. */
  readonly channel?: string | undefined;
  /** The `message.text`. */
  readonly text?: string | undefined;
  readonly members?: readonly PresenceMember[] | undefined;
  readonly error?: PresenceError | undefined;
}

/**
 * Writes a presence message.
 *
 * @param frame - the message
 * @returns the JSON text, strings base64-encoded
 * @example
 * ```ts
 * encodePresence({ method: PresenceMethod.PublishMsg, channel: 'room', text: 'hi' });
 * ```
 */
export function encodePresence(frame: PresenceFrame): string {
  const wire: Record<string, unknown> = { jsonrpc: '2.0', method: encode(frame.method) };
  if (frame.member !== undefined) wire.member = encodeMember(frame.member);
  if (frame.channel !== undefined) wire.channel = { name: encode(frame.channel) };
  if (frame.text !== undefined) wire.message = { text: encode(frame.text) };
  if (frame.members !== undefined) wire.members = frame.members.map(encodeMember);
  if (frame.error !== undefined) wire.error = { code: frame.error.code, text: encode(frame.error.text) };
  return JSON.stringify(wire);
}

/**
 * Reads a presence message.
 *
 * @param text - the message text
 * @returns the decoded message; absent fields are `undefined`
 * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_PROTOCOL_VIOLATION` when it is not JSON, has no
 *   method, or a string is not base64
 */
export function decodePresence(text: string): PresenceFrame {
  let wire: unknown;
  try {
    wire = JSON.parse(text);
  } catch {
    throw violation('the message is not JSON');
  }
  if (!isRecord(wire) || typeof wire.method !== 'string') throw violation('the message has no method');
  const error = isRecord(wire.error) ? { code: Number(wire.error.code ?? 0), text: decodeField(wire.error.text) } : undefined;
  return {
    method: decodeField(wire.method),
    member: isRecord(wire.member) ? decodeMember(wire.member) : undefined,
    channel: isRecord(wire.channel) ? decodeField(wire.channel.name) : undefined,
    text: isRecord(wire.message) ? decodeField(wire.message.text) : undefined,
    members: Array.isArray(wire.members) ? wire.members.filter(isRecord).map(decodeMember) : undefined,
    error,
  };
}

function encodeMember(member: PresenceMember): Record<string, string> {
  return { id: encode(member.id), name: encode(member.name), info: encode(member.info) };
}

function decodeMember(wire: Record<string, unknown>): PresenceMember {
  return { id: decodeField(wire.id), name: decodeField(wire.name), info: decodeField(wire.info) };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Base64 of the UTF-8 bytes (`btoa` alone only takes Latin-1). */
function encode(value: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** An absent or empty field is `''`; anything else must be base64 of UTF-8. */
function decodeField(value: unknown): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string' || value.length % 4 !== 0 || !BASE64.test(value)) throw violation('a field is not base64');
  const binary = atob(value);
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw violation('a field is not UTF-8');
  }
}

function violation(why: string): SgcError {
  return new SgcError(ErrorCode.ProtocolViolation, `Malformed presence message: ${why}`);
}
