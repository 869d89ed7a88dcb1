/**
 * `sgcws_presence`, the manual's browser client of the presence protocol
 * (`presence.esegece.com.js`): an `sgcWebSocket` that speaks `presence.esegece.com` through
 * `@sgc/protocols`' `PresenceProtocolClient`.
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';
import { PRESENCE_PROTOCOL, PresenceProtocolClient, RpcError } from '@sgc/protocols';
import type { UrlAuth } from '../connection-url.js';
import { sgcWebSocket } from '../sgc-websocket.js';
import { attempt, reportFailure } from './failure-events.js';
import {
  SgcwsPresenceChannelErrorEvent,
  SgcwsPresenceChannelEvent,
  SgcwsPresenceMemberEvent,
  SgcwsPresenceMembersEvent,
  SgcwsPresencePublishErrorEvent,
  SgcwsPresencePublishEvent,
  SgcwsPresenceSessionEvent,
  type SgcwsPresenceEventMap,
} from './sgcws-presence-events.js';
import { SocketTransport } from './socket-transport.js';

/**
 * A connection speaking the presence protocol (the manual's `sgcws_presence` from
 * `presence.esegece.com.js`): members with a name and info, channels they join and leave,
 * texts to a channel or to every member, member lists and invitations. It connects over
 * WebSocket only, since the protocol is chosen by sub-protocol, which server-sent events cannot carry.
 *
 * Once connected the server sends `sgcsession`; the page then joins as a member with
 * {@link sgcws_presence.newmember | newmember}, and may subscribe, publish and so on once
 * `sgcnewmember` brought its own member back (the server refuses them before).
 *
 * The methods start a request and return at once; the outcome arrives as an event. A refusal
 * by the server fires `sgcerrormemberchannel` or `sgcerrorpublishmsg`; any other failure (not
 * open, timed out, connection closed) fires `error` with `event.message`. `close()` and
 * `state()` are `sgcWebSocket`'s.
 *
 * Events, through {@link sgcws_presence.on | on} or `addEventListener`: `sgcsession`,
 * `sgcnewmember`, `sgcremovemember`, `sgcnewchannelmember`, `sgcremovechannelmember`,
 * `sgcpublishmsg`, `sgcgetmembers`, `sgcchannelinvitation`, `sgcerrormemberchannel`,
 * `sgcerrorpublishmsg` (see {@link SgcwsPresenceEventMap}), and `sgcWebSocket`'s `open`,
 * `error` and `close`. Its `message` event still fires with each raw presence message, for logging.
 *
 * @example
 * ```js
 * var socket = new sgcws_presence('ws://' + location.host);
 * socket.on('sgcsession', function (event) { socket.newmember(event.id, 'Ann', 'ann@example.com'); });
 * socket.on('sgcnewmember', function (event) {
 *   if (event.member.name === 'Ann') socket.subscribe('support');
 * });
 * socket.on('sgcnewchannelmember', function (event) { console.log(event.member.name + ' joined ' + event.channel.name); });
 * socket.on('sgcpublishmsg', function (event) { console.log(event.member.name + ': ' + event.message.text); });
 * socket.on('error', function (event) { console.log('error: ' + event.message); });
 * ```
 */
// The manual's name, lower case and underscore included: pages written for presence.esegece.com.js call it so.
export class sgcws_presence extends sgcWebSocket<SgcwsPresenceEventMap> {
  readonly #client: PresenceProtocolClient;

  /**
   * @param url - `ws://host:port/path?query` or `wss://…` (`http(s)://` and relative URLs
   *   too), or `{ host, user, password }` for URL authentication, as for `sgcWebSocket`
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a URL that does not parse or has another scheme
   */
  constructor(url: string | UrlAuth) {
    super(url, PRESENCE_PROTOCOL, ['websocket']);
    // No name: the client waits for newmember, which pages call from sgcsession.
    this.#client = new PresenceProtocolClient(new SocketTransport(this, (data) => this.send(data)));
    this.#client
      .on('session', (id) => this.dispatchEvent(new SgcwsPresenceSessionEvent(id)))
      .on('newMember', (member) => this.dispatchEvent(new SgcwsPresenceMemberEvent('sgcnewmember', member)))
      .on('removeMember', (member) => this.dispatchEvent(new SgcwsPresenceMemberEvent('sgcremovemember', member)))
      .on('newChannelMember', (member, channel) => this.dispatchEvent(new SgcwsPresenceChannelEvent('sgcnewchannelmember', member, channel)))
      .on('removeChannelMember', (member, channel) => this.dispatchEvent(new SgcwsPresenceChannelEvent('sgcremovechannelmember', member, channel)))
      .on('channelInvitation', (member, channel) => this.dispatchEvent(new SgcwsPresenceChannelEvent('sgcchannelinvitation', member, channel)))
      .on('publishMsg', (text, member, channel) => this.dispatchEvent(new SgcwsPresencePublishEvent(text, member, channel)))
      .on('errorMemberChannel', (error, channel) => this.dispatchEvent(new SgcwsPresenceChannelErrorEvent(error, channel)))
      .on('errorPublishMsg', (error, text, channel) => this.dispatchEvent(new SgcwsPresencePublishErrorEvent(error, text, channel)))
      .on('error', (error) => reportFailure(this, error));
    // A closed sgcws_presence never opens again: fail the requests still waiting.
    this.on('close', () => this.#client.detach());
  }

  /**
   * Joins as a member (the manual's `newmember`), or joins again with another name and info;
   * `sgcnewmember` fires for every member, this socket included, once the server accepted it,
   * and `sgcerrormemberchannel` if it refused. Call it from an `sgcsession` listener: before
   * the session it fails with `error`.
   *
   * @param id - ignored, kept for the manual's signature: the server uses the connection's id
   *   (`sgcsession`'s `event.id`) as the member id, so no member can pose as another
   * @param name - the member's name
   * @param info - free-form info: an email, a company… @defaultValue `''`
   * @example
   * ```js
   * socket.on('sgcsession', function (event) { socket.newmember(event.id, 'Ann', 'ann@example.com'); });
   * ```
   */
  newmember(id: string, name: string, info = ''): void {
    this.#request(() => this.#client.join(String(name), String(info)));
  }

  /**
   * Leaves as a member (the manual's `removemember`): out of every channel and the member list;
   * every member, this socket included, gets `sgcremovemember` (and each channel's members
   * `sgcremovechannelmember`). The connection stays open: {@link sgcws_presence.newmember | newmember}
   * joins again. A failure (not open, no answer) fires `error`.
   *
   * @example
   * ```js
   * socket.removemember();
   * ```
   */
  removemember(): void {
    this.#request(() => this.#client.leave());
  }

  /**
   * Joins a channel (the manual's `subscribe`); every member of it, this socket included, gets
   * `sgcnewchannelmember`. A refusal fires `sgcerrormemberchannel`.
   *
   * @param channel - the channel
   * @example
   * ```js
   * socket.subscribe('support');
   * ```
   */
  subscribe(channel: string): void {
    this.#request(() => this.#client.subscribe(String(channel)));
  }

  /**
   * Leaves a channel (the manual's `unsubscribe`); its members, this socket included, get
   * `sgcremovechannelmember`. Leaving a channel it is not in fires `sgcerrormemberchannel`.
   *
   * @param channel - the channel
   * @example
   * ```js
   * socket.unsubscribe('support');
   * ```
   */
  unsubscribe(channel: string): void {
    this.#request(() => this.#client.unsubscribe(String(channel)));
  }

  /**
   * Publishes a text to a channel's members, or to every member (the manual's `publish`); they,
   * this socket included, get `sgcpublishmsg`. Publishing to a channel this socket is not in
   * fires `sgcerrorpublishmsg`.
   *
   * @param text - the text
   * @param channel - the channel; every member when omitted or empty
   * @example
   * ```js
   * socket.publish('Hello everyone in support!', 'support');
   * ```
   */
  publish(text: string, channel = ''): void {
    attempt(this, () => this.#client.publish(String(text), String(channel)));
  }

  /**
   * Asks for the members of a channel, or all of them (the manual's `getmembers`);
   * `sgcgetmembers` fires with them. One request per channel may wait at a time: a second
   * before the answer fails with `error`.
   *
   * @param channel - the channel; every member when omitted or empty
   * @example
   * ```js
   * socket.on('sgcgetmembers', function (event) { console.log(event.members.length + ' in ' + event.channel.name); });
   * socket.getmembers('support');
   * ```
   */
  getmembers(channel = ''): void {
    const name = String(channel);
    this.#request(async () => this.dispatchEvent(new SgcwsPresenceMembersEvent(await this.#client.getMembers(name), name)));
  }

  /**
   * Invites a member to a channel (the manual's `invite`); the invitee gets
   * `sgcchannelinvitation`. An unknown member fires `sgcerrormemberchannel`.
   *
   * @param channel - the channel
   * @param memberId - the invitee's member id (`event.member.id` of its `sgcnewmember`)
   * @example
   * ```js
   * socket.invite('support', event.member.id);
   * ```
   */
  invite(channel: string, memberId: string): void {
    attempt(this, () => this.#client.invite(String(channel), String(memberId)));
  }



  /**
   * Starts a request that waits for the server's answer; a failure other than the server's
   * refusal (which came as its own event) fires `error`.
   */
  #request(start: () => Promise<unknown>): void {
    // Checked first: the client would start waiting for an answer before finding the connection closed.
    if (this.state() !== 'open') return reportFailure(this, new SgcError(ErrorCode.NotOpen, 'The connection is not open'));
    start().catch((error: unknown) => {
      if (!(error instanceof RpcError)) reportFailure(this, error);
    });
  }
}
