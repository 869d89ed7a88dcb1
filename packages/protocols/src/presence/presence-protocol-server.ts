/**
 * The server side of the presence protocol (the manual's `TsgcWSPServer_Presence`):
 * members with a name and info, channels they join and leave, texts to a channel or to
 * everyone, member lists and invitations. Each step may be refused by a hook; every
 * member of a channel hears of joins and leaves.
 *
 * Presence state lives in the node that holds the connections: run presence clients of one
 * group against one node (sticky load balancing) when there are several.
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import { ErrorCode, SgcError } from '@sgc/frame';
import { ReadyState } from '@sgc/frame/node';
import { ProtocolServer, type ServerConnection } from '@sgc/server';
import { sendIfOpen } from '../send-if-open.js';
import { InOrder } from '../in-order.js';
import {
  decodePresence,
  encodePresence,
  PRESENCE_PROTOCOL,
  PresenceErrorCode,
  PresenceMethod,
  type PresenceFrame,
  type PresenceMember,
} from './presence-wire.js';

/** Options of {@link PresenceProtocolServer}; every hook accepts when omitted, and `true` accepts. */
export interface PresenceProtocolServerOptions {
  /** The manual's `OnBeforeNewMember`. */
  authorizeMember?: (conn: ServerConnection, member: PresenceMember) => boolean | Promise<boolean>;
  /** The manual's `OnBeforeNewChannel`: the first member asks for a channel that does not exist yet. */
  authorizeChannel?: (conn: ServerConnection, channel: string, member: PresenceMember) => boolean | Promise<boolean>;
  /** The manual's `OnBeforeNewChannelMember`. */
  authorizeChannelMember?: (conn: ServerConnection, channel: string, member: PresenceMember) => boolean | Promise<boolean>;
  /** How many channels one member may be in; more are refused (`ChannelMemberRefused`). @defaultValue 1000 */
  maxChannelsPerMember?: number;
}

/** Events of {@link PresenceProtocolServer}. */
export interface PresenceProtocolServerEvents {
  newMember: [conn: ServerConnection, member: PresenceMember];
  removeMember: [conn: ServerConnection, member: PresenceMember];
  newChannel: [conn: ServerConnection, channel: string];
  newChannelMember: [conn: ServerConnection, channel: string, member: PresenceMember];
  removeChannelMember: [conn: ServerConnection, channel: string, member: PresenceMember];
  /** A member published a text (`channel` is `''` for everyone). */
  publishMsg: [conn: ServerConnection, text: string, channel: string, member: PresenceMember];
  /** A connection sent something that is not a presence message. */
  error: [conn: ServerConnection, error: SgcError];
}

/**
 * The presence protocol (`presence.esegece.com`) on an `@sgc/server` server.
 *
 * @example
 * ```ts
 * const presence = new PresenceProtocolServer({
 *   authorizeChannelMember: (conn, channel) => !channel.startsWith('staff') || conn.auth?.user === 'admin',
 * });
 * server.use(presence);
 * presence.on('newChannelMember', (_conn, channel, member) => console.log(member.name, 'joined', channel));
 * ```
 */
export class PresenceProtocolServer extends ProtocolServer {
  readonly name = 'presence';
  readonly protocols = [PRESENCE_PROTOCOL] as const;
  readonly #events = new EventEmitter<PresenceProtocolServerEvents>();
  readonly #members = new Map<ServerConnection, PresenceMember>();
  readonly #channels = new Map<string, Set<ServerConnection>>();
  readonly #inOrder = new InOrder<ServerConnection>();
  readonly #options: PresenceProtocolServerOptions;

  /**
   * @param options - the hooks that may refuse members and channels
   */
  constructor(options: PresenceProtocolServerOptions = {}) {
    super();
    this.#options = options;
  }

  /**
   * Adds an event listener.
   *
   * @param event - the event name
   * @param listener - its listener
   * @returns this
   */
  on<K extends keyof PresenceProtocolServerEvents>(event: K, listener: (...args: PresenceProtocolServerEvents[K]) => void): this {
    this.#events.on(event, listener as never);
    return this;
  }

  /**
   * The members, of one channel or all of them.
   *
   * @param channel - the channel; every member when omitted
   * @returns the members (none for an unknown channel)
   */
  members(channel?: string): PresenceMember[] {
    if (channel === undefined) return [...this.#members.values()];
    return [...(this.#channels.get(channel) ?? [])].map((conn) => this.#members.get(conn)!);
  }

  /** The channels that have members. */
  get channels(): string[] {
    return [...this.#channels.keys()];
  }

  /** Tells the new connection its id, which becomes its member id. */
  onConnect(conn: ServerConnection): void {
    this.#inOrder.open(conn);
    sendIfOpen(conn, encodePresence({ method: PresenceMethod.Session, text: conn.id }));
  }

  /** A closing connection leaves its channels and the member list. */
  onDisconnect(conn: ServerConnection): void {
    this.#inOrder.close(conn);
    this.#removeMember(conn);
  }

  /** Handles a message after the connection's earlier ones (hooks may be asynchronous). */
  onMessage(conn: ServerConnection, text: string): void {
    this.#inOrder.run(conn, () => this.#handle(conn, text), (error) => this.#emitError(conn, error));
  }

  async #handle(conn: ServerConnection, text: string): Promise<void> {
    const frame = decodePresence(text);
    switch (frame.method) {
      case PresenceMethod.NewMember:
        return this.#newMember(conn, frame);
      case PresenceMethod.RemoveMember:
        return this.#removeMember(conn);
      case PresenceMethod.NewChannelMember:
        return this.#joinChannel(conn, frame.channel ?? '');
      case PresenceMethod.RemoveChannelMember:
        return this.#leaveChannel(conn, frame.channel ?? '');
      case PresenceMethod.PublishMsg:
        return this.#publish(conn, frame.channel ?? '', frame.text ?? '');
      case PresenceMethod.GetMembers:
        return this.#sendMembers(conn, frame.channel ?? '');
      case PresenceMethod.ChannelInvitation:
        return this.#invite(conn, frame.channel ?? '', frame.member?.id ?? '');
      default:
        throw new SgcError(ErrorCode.ProtocolViolation, `Unknown presence method ${frame.method}`);
    }
  }

  async #newMember(conn: ServerConnection, frame: PresenceFrame): Promise<void> {
    // The id is the connection's, whatever the client says: members cannot pose as others.
    const member: PresenceMember = { id: conn.id, name: frame.member?.name ?? '', info: frame.member?.info ?? '' };
    if (!((await this.#options.authorizeMember?.(conn, member)) ?? true)) {
      return this.#refuse(conn, PresenceMethod.ErrorMemberChannel, PresenceErrorCode.MemberRefused, 'Member refused', '', member);
    }
    if (conn.readyState !== ReadyState.Open) return;
    this.#members.set(conn, member);
    this.#events.emit('newMember', conn, member);
    this.#sendTo(this.#members.keys(), { method: PresenceMethod.NewMember, member });
  }

  #removeMember(conn: ServerConnection): void {
    const member = this.#members.get(conn);
    if (member === undefined) return;
    for (const [channel, connections] of this.#channels) if (connections.has(conn)) this.#leaveChannel(conn, channel);
    this.#sendTo(this.#members.keys(), { method: PresenceMethod.RemoveMember, member });
    this.#members.delete(conn);
    this.#events.emit('removeMember', conn, member);
  }

  async #joinChannel(conn: ServerConnection, channel: string): Promise<void> {
    const member = this.#memberOr(conn, PresenceMethod.ErrorMemberChannel, channel);
    if (member === undefined) return;
    if (channel === '') return this.#refuse(conn, PresenceMethod.ErrorMemberChannel, PresenceErrorCode.InvalidRequest, 'A channel is required', channel, member);
    let connections = this.#channels.get(channel);
    if (connections?.has(conn)) return this.#sendTo([conn], { method: PresenceMethod.NewChannelMember, member, channel });
    const limit = this.#options.maxChannelsPerMember ?? 1000;
    if (this.#channelsOf(conn) >= limit) {
      return this.#refuse(conn, PresenceMethod.ErrorMemberChannel, PresenceErrorCode.ChannelMemberRefused, `In ${limit} channels already`, channel, member);
    }
    if (connections === undefined && !((await this.#options.authorizeChannel?.(conn, channel, member)) ?? true)) {
      return this.#refuse(conn, PresenceMethod.ErrorMemberChannel, PresenceErrorCode.ChannelRefused, 'Channel refused', channel, member);
    }
    if (!((await this.#options.authorizeChannelMember?.(conn, channel, member)) ?? true)) {
      return this.#refuse(conn, PresenceMethod.ErrorMemberChannel, PresenceErrorCode.ChannelMemberRefused, 'Channel member refused', channel, member);
    }
    // Gone while the hooks decided: it must not be added to a channel.
    if (this.#members.get(conn) !== member) return;
    // Looked up again: another connection may have created it while the hooks ran.
    connections = this.#channels.get(channel);
    if (connections === undefined) {
      connections = new Set();
      this.#channels.set(channel, connections);
      this.#events.emit('newChannel', conn, channel);
    }
    connections.add(conn);
    this.#events.emit('newChannelMember', conn, channel, member);
    this.#sendTo(connections, { method: PresenceMethod.NewChannelMember, member, channel });
  }

  #leaveChannel(conn: ServerConnection, channel: string): void {
    const member = this.#memberOr(conn, PresenceMethod.ErrorMemberChannel, channel);
    if (member === undefined) return;
    const connections = this.#channels.get(channel);
    if (connections?.has(conn) !== true) {
      return this.#refuse(conn, PresenceMethod.ErrorMemberChannel, PresenceErrorCode.NotChannelMember, 'Not a member of the channel', channel, member);
    }
    this.#sendTo(connections, { method: PresenceMethod.RemoveChannelMember, member, channel });
    connections.delete(conn);
    if (connections.size === 0) this.#channels.delete(channel);
    this.#events.emit('removeChannelMember', conn, channel, member);
  }

  #publish(conn: ServerConnection, channel: string, text: string): void {
    const member = this.#memberOr(conn, PresenceMethod.ErrorPublishMsg, channel, text);
    if (member === undefined) return;
    const connections = channel === '' ? new Set(this.#members.keys()) : this.#channels.get(channel);
    if (connections?.has(conn) !== true) {
      return this.#refuse(conn, PresenceMethod.ErrorPublishMsg, PresenceErrorCode.NotChannelMember, 'Not a member of the channel', channel, member, text);
    }
    this.#events.emit('publishMsg', conn, text, channel, member);
    this.#sendTo(connections, { method: PresenceMethod.PublishMsg, member, channel, text });
  }

  #sendMembers(conn: ServerConnection, channel: string): void {
    const members = this.members(channel === '' ? undefined : channel);
    this.#sendTo([conn], { method: PresenceMethod.SendMembers, members, channel, member: this.#members.get(conn) });
  }

  #invite(conn: ServerConnection, channel: string, inviteeId: string): void {
    const member = this.#memberOr(conn, PresenceMethod.ErrorMemberChannel, channel);
    if (member === undefined) return;
    const invitee = [...this.#members.keys()].find((other) => other.id === inviteeId);
    if (channel === '' || invitee === undefined) {
      return this.#refuse(conn, PresenceMethod.ErrorMemberChannel, PresenceErrorCode.UnknownMember, `No member ${inviteeId} to invite`, channel, member);
    }
    this.#sendTo([invitee], { method: PresenceMethod.ChannelInvitation, member, channel });
  }

  #channelsOf(conn: ServerConnection): number {
    let count = 0;
    for (const connections of this.#channels.values()) if (connections.has(conn)) count++;
    return count;
  }

  /** The connection's member, or `undefined` after telling it that it must join first. */
  #memberOr(conn: ServerConnection, method: string, channel: string, text?: string): PresenceMember | undefined {
    const member = this.#members.get(conn);
    if (member === undefined) this.#refuse(conn, method, PresenceErrorCode.NotMember, 'Join as a member first', channel, undefined, text);
    return member;
  }

  #refuse(conn: ServerConnection, method: string, code: number, why: string, channel: string, member?: PresenceMember, text?: string): void {
    this.#sendTo([conn], { method, error: { code, text: why }, channel, member, text });
  }

  #sendTo(connections: Iterable<ServerConnection>, frame: PresenceFrame): void {
    const text = encodePresence(frame);
    for (const conn of connections) sendIfOpen(conn, text);
  }

  #emitError(conn: ServerConnection, error: SgcError): void {
    if (this.#events.listenerCount('error') > 0) this.#events.emit('error', conn, error);
  }
}
