/**
 * The client side of the presence protocol (the manual's `TsgcWSPClient_Presence`) on any
 * `Transport`: it joins as a member as soon as the server gives it a session, and again
 * after a reconnect, with the channels it was in.
 *
 * @module
 */
import { ErrorCode, RpcError, SgcError, type Transport, TypedEmitter } from '@sgc/frame';
import { PendingRequests, type RequestOptions } from '../pending-requests.js';
import {
  decodePresence,
  encodePresence,
  PresenceMethod,
  type PresenceError,
  type PresenceFrame,
  type PresenceMember,
} from './presence-wire.js';

/** Options of {@link PresenceProtocolClient}. */
export interface PresenceProtocolClientOptions {
  /**
   * The member's name (the manual's `Presence.Name`). With a name the client joins as soon as
   * the server gives it a session; without one it waits for {@link PresenceProtocolClient.join}.
   */
  name?: string;
  /** Free-form info: an email, a company… (the manual's `Presence.Info`). @defaultValue '' */
  info?: string;
  /** Milliseconds to wait for the answer to a request (joining, leaving, member lists). @defaultValue 10000 */
  requestTimeout?: number;
}

/** Events of {@link PresenceProtocolClient}. */
export interface PresenceProtocolClientEvents {
  /** The server gave this connection its id (which becomes its member id). */
  session: [id: string];
  /** A member joined (this client included, once the server accepted it). */
  newMember: [member: PresenceMember];
  /** A member left. */
  removeMember: [member: PresenceMember];
  /** A member joined a channel this client is in (this client included). */
  newChannelMember: [member: PresenceMember, channel: string];
  /** A member left a channel this client is in (this client included). */
  removeChannelMember: [member: PresenceMember, channel: string];
  /** A text published to a channel this client is in, or to everyone (`channel` is `''`). */
  publishMsg: [text: string, member: PresenceMember, channel: string];
  /** A member invites this client to a channel; call `subscribe(channel)` to accept. */
  channelInvitation: [member: PresenceMember, channel: string];
  /** Joining or leaving a channel, or joining as a member, failed. */
  errorMemberChannel: [error: PresenceError, channel: string];
  /** A publish failed. */
  errorPublishMsg: [error: PresenceError, text: string, channel: string];
  /** A message from the server that is not a presence message. */
  error: [error: SgcError];
}

/**
 * A presence client.
 *
 * @example
 * ```ts
 * const ws = new WebSocketClient({ url: 'ws://127.0.0.1:8080', protocols: [PRESENCE_PROTOCOL] });
 * const presence = new PresenceProtocolClient(ws, { name: 'Ann', info: 'ann@example.com' });
 * presence.on('newChannelMember', (member, channel) => console.log(member.name, 'is in', channel));
 * await ws.connect();
 * await presence.joined();
 * await presence.subscribe('support');
 * presence.publish('hello', 'support');
 * console.log(await presence.getMembers('support'));
 * ```
 */
export class PresenceProtocolClient extends TypedEmitter<PresenceProtocolClientEvents> {
  readonly #transport: Transport;
  readonly #pending = new PendingRequests<string>();
  readonly #channels = new Set<string>();
  #name: string | undefined;
  #info: string;
  readonly #requestTimeout: number;
  readonly #detach: () => void;
  #member: PresenceMember | undefined;
  #sessionId: string | undefined;

  /**
   * @param transport - a transport that negotiated `presence.esegece.com`
   * @param options - the member's name and info
   */
  constructor(transport: Transport, options: PresenceProtocolClientOptions = {}) {
    super();
    this.#transport = transport;
    this.#name = options.name;
    this.#info = options.info ?? '';
    this.#requestTimeout = options.requestTimeout ?? 10_000;
    this.#detach = transport.attach({
      onText: (text) => this.#receive(text),
      onClose: () => {
        this.#member = undefined;
        this.#sessionId = undefined;
        this.#pending.rejectAll(new SgcError(ErrorCode.ConnectionClosed, 'The connection closed before the answer came'));
      },
    });
  }

  /** This client as a member, once the server accepted it. */
  get member(): PresenceMember | undefined {
    return this.#member;
  }

  /** The channels this client is in. */
  get channels(): string[] {
    return [...this.#channels];
  }

  /**
   * Waits until the server accepted this client as a member.
   *
   * @param options - `timeout` and `signal`
   * @returns the member
   * @throws {@link RpcError} when the server refuses the member; `SGC_ERR_TIMEOUT`, `SGC_ERR_ABORTED`
   */
  async joined(options?: RequestOptions): Promise<PresenceMember> {
    if (this.#member !== undefined) return this.#member;
    return this.#wait('member', options);
  }

  /**
   * Joins as a member (the manual's `newmember`), or again with another name and info; later
   * sessions (after a reconnect) join with them too.
   *
   * @param name - the member's name
   * @param info - free-form info
   * @param options - `timeout` and `signal`
   * @returns the member, once the server accepted it
   * @throws {@link RpcError} when the server refuses the member; `SGC_ERR_NOT_OPEN` before the session
   */
  async join(name: string, info = '', options?: RequestOptions): Promise<PresenceMember> {
    if (this.#sessionId === undefined) throw new SgcError(ErrorCode.NotOpen, 'No session yet: join from the session event');
    this.#name = name;
    this.#info = info;
    this.#member = undefined;
    return this.#request<PresenceMember>('member', { method: PresenceMethod.NewMember, member: { id: this.#sessionId, name, info } }, options);
  }

  /**
   * Leaves as a member (the manual's `removemember`): out of every channel and the member list.
   * The connection stays open; {@link PresenceProtocolClient.join} joins again.
   *
   * @param options - `timeout` and `signal`
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_STATE` when not a member; `SGC_ERR_NOT_OPEN`, `SGC_ERR_TIMEOUT`
   */
  async leave(options?: RequestOptions): Promise<void> {
    if (this.#member === undefined) throw new SgcError(ErrorCode.InvalidState, 'Not a member: nothing to leave');
    // Not again on the next session either.
    this.#name = undefined;
    await this.#request('leave', { method: PresenceMethod.RemoveMember, member: this.#member }, options);
  }

  /**
   * Joins a channel (the manual's `Subscribe`); every member of it hears of it.
   *
   * @param channel - the channel
   * @param options - `timeout` and `signal`
   * @throws {@link RpcError} with the presence error code when refused; `SGC_ERR_NOT_OPEN`, `SGC_ERR_TIMEOUT`
   */
  async subscribe(channel: string, options?: RequestOptions): Promise<void> {
    await this.#request(`join:${channel}`, { method: PresenceMethod.NewChannelMember, member: this.#member, channel }, options);
  }

  /**
   * Leaves a channel (the manual's `Unsubscribe`).
   *
   * @param channel - the channel
   * @param options - `timeout` and `signal`
   * @throws as {@link PresenceProtocolClient.subscribe}
   */
  async unsubscribe(channel: string, options?: RequestOptions): Promise<void> {
    await this.#request(`leave:${channel}`, { method: PresenceMethod.RemoveChannelMember, member: this.#member, channel }, options);
  }

  /**
   * Publishes a text to a channel's members, or to every member (the manual's `Publish`);
   * a refusal comes as `errorPublishMsg`.
   *
   * @param text - the text
   * @param channel - the channel; every member when omitted
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN`
   */
  publish(text: string, channel = ''): void {
    this.#send({ method: PresenceMethod.PublishMsg, member: this.#member, channel, text });
  }

  /**
   * Lists the members of a channel, or all of them (the manual's `GetMembers`).
   *
   * @param channel - the channel; every member when omitted
   * @param options - `timeout` and `signal`
   * @returns the members
   * @throws as {@link PresenceProtocolClient.subscribe}
   */
  async getMembers(channel = '', options?: RequestOptions): Promise<PresenceMember[]> {
    return this.#request<PresenceMember[]>(`members:${channel}`, { method: PresenceMethod.GetMembers, member: this.#member, channel }, options);
  }

  /**
   * Invites a member to a channel (the manual's `Invite`); the invitee gets `channelInvitation`.
   *
   * @param channel - the channel
   * @param memberId - the invitee's member id
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_NOT_OPEN`
   */
  invite(channel: string, memberId: string): void {
    this.#send({ method: PresenceMethod.ChannelInvitation, member: { id: memberId, name: '', info: '' }, channel });
  }

  /** Stops listening to the transport and fails what still waits. The transport stays open. */
  detach(): void {
    this.#detach();
    this.#pending.rejectAll(new SgcError(ErrorCode.ConnectionClosed, 'The presence client was detached'));
  }

  #wait<T>(key: string, options: RequestOptions = {}): Promise<T> {
    if (this.#pending.has(key)) return Promise.reject(new SgcError(ErrorCode.InvalidState, `A ${key} request already waits`));
    return this.#pending.wait<T>(key, { timeout: options.timeout ?? this.#requestTimeout, signal: options.signal });
  }

  /** Sends a request and waits for the answer filed under `key`; a send that fails ends the wait. */
  #request<T>(key: string, frame: PresenceFrame, options?: RequestOptions): Promise<T> {
    const answer = this.#wait<T>(key, options);
    try {
      this.#send(frame);
    } catch (error) {
      this.#pending.reject(key, error as Error);
    }
    return answer;
  }

  #send(frame: PresenceFrame): void {
    if (!this.#transport.isOpen) throw new SgcError(ErrorCode.NotOpen, 'The connection is not open');
    this.#transport.send(encodePresence(frame));
  }

  #receive(text: string): void {
    let frame: PresenceFrame;
    try {
      frame = decodePresence(text);
    } catch (error) {
      this.emit('error', error as SgcError);
      return;
    }
    const channel = frame.channel ?? '';
    const member = frame.member ?? { id: '', name: '', info: '' };
    const own = member.id !== '' && member.id === this.#member?.id;
    switch (frame.method) {
      case PresenceMethod.Session:
        return this.#onSession(frame.text ?? '');
      case PresenceMethod.NewMember:
        if (member.id === this.#sessionId) this.#onJoined(member);
        this.emit('newMember', member);
        return;
      case PresenceMethod.RemoveMember:
        if (own) this.#onLeft();
        this.emit('removeMember', member);
        return;
      case PresenceMethod.NewChannelMember:
        if (own) {
          this.#channels.add(channel);
          this.#pending.resolve(`join:${channel}`);
        }
        this.emit('newChannelMember', member, channel);
        return;
      case PresenceMethod.RemoveChannelMember:
        if (own) {
          this.#channels.delete(channel);
          this.#pending.resolve(`leave:${channel}`);
        }
        this.emit('removeChannelMember', member, channel);
        return;
      case PresenceMethod.PublishMsg:
        this.emit('publishMsg', frame.text ?? '', member, channel);
        return;
      case PresenceMethod.SendMembers:
        this.#pending.resolve(`members:${channel}`, frame.members ?? []);
        return;
      case PresenceMethod.ChannelInvitation:
        this.emit('channelInvitation', member, channel);
        return;
      case PresenceMethod.ErrorMemberChannel:
      case PresenceMethod.ErrorPublishMsg:
        return this.#onError(frame, channel);
      default:
        this.emit('error', new SgcError(ErrorCode.ProtocolViolation, `Unknown presence method ${frame.method}`));
    }
  }

  /** Joins as a member; after a reconnect, rejoins the channels it was in. */
  #onSession(id: string): void {
    this.#sessionId = id;
    this.emit('session', id);
    if (this.#name !== undefined) this.#send({ method: PresenceMethod.NewMember, member: { id, name: this.#name, info: this.#info } });
  }

  #onJoined(member: PresenceMember): void {
    this.#member = member;
    this.#pending.resolve('member', member);
    for (const channel of this.#channels) this.#send({ method: PresenceMethod.NewChannelMember, member, channel });
  }

  #onLeft(): void {
    this.#member = undefined;
    this.#channels.clear();
    this.#pending.resolve('leave');
  }

  #onError(frame: PresenceFrame, channel: string): void {
    const error = frame.error ?? { code: 0, text: 'Unknown error' };
    const refusal = new RpcError({ code: error.code, message: error.text, data: channel });
    if (frame.method === PresenceMethod.ErrorPublishMsg) {
      this.emit('errorPublishMsg', error, frame.text ?? '', channel);
      return;
    }
    // A refused member, join or leave fails whichever of them waits.
    for (const key of ['member', `join:${channel}`, `leave:${channel}`]) this.#pending.reject(key, refusal);
    this.emit('errorMemberChannel', error, channel);
  }
}
