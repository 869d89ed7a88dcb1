/**
 * The events an `sgcws_presence` fires, named and shaped as in the manual's
 * `presence.esegece.com.js`: members are `{ id, name, info }`, channels `{ name }`, texts
 * `{ text }` and failures `{ code, text }`, e.g. `event.member.name` and `event.channel.name`.
 *
 * @module
 */
import type { PresenceError, PresenceMember } from '@sgc/protocols';
import type { SgcWebSocketEventMap } from '../events.js';

/** A channel as the presence events carry it; `name` is `''` for none (a text to every member). */
export interface PresenceChannelName {
  /** The channel's name. */
  readonly name: string;
}

/** A published text as the presence events carry it. */
export interface PresenceText {
  /** The text. */
  readonly text: string;
}

/**
 * The server told this connection its id, which becomes its member id once it joins (the
 * manual's `sgcsession`): the moment to call `newmember`.
 *
 * @example
 * ```js
 * socket.on('sgcsession', function (event) { socket.newmember(event.id, 'Ann', 'ann@example.com'); });
 * ```
 */
export class SgcwsPresenceSessionEvent extends Event {
  /** The connection's id on the server. */
  readonly id: string;

  /**
   * @param id - the connection's id
   */
  constructor(id: string) {
    super('sgcsession');
    this.id = id;
  }
}

/**
 * A member joined (`sgcnewmember`, this socket included once the server accepted it) or left
 * (`sgcremovemember`).
 *
 * @example
 * ```js
 * socket.on('sgcnewmember', function (event) { console.log(event.member.name + ' is here'); });
 * ```
 */
export class SgcwsPresenceMemberEvent extends Event {
  /** The member. */
  readonly member: PresenceMember;

  /**
   * @param type - `sgcnewmember` or `sgcremovemember`
   * @param member - the member
   */
  constructor(type: 'sgcnewmember' | 'sgcremovemember', member: PresenceMember) {
    super(type);
    this.member = member;
  }
}

/**
 * A member joined (`sgcnewchannelmember`) or left (`sgcremovechannelmember`) a channel this
 * socket is in, this socket included; or a member invites this socket to a channel
 * (`sgcchannelinvitation`: call `subscribe(event.channel.name)` to accept).
 *
 * @example
 * ```js
 * socket.on('sgcnewchannelmember', function (event) {
 *   console.log(event.member.name + ' joined ' + event.channel.name);
 * });
 * ```
 */
export class SgcwsPresenceChannelEvent extends Event {
  /** The member who joined or left, or who invites. */
  readonly member: PresenceMember;
  /** The channel. */
  readonly channel: PresenceChannelName;

  /**
   * @param type - `sgcnewchannelmember`, `sgcremovechannelmember` or `sgcchannelinvitation`
   * @param member - the member
   * @param channel - the channel's name
   */
  constructor(type: 'sgcnewchannelmember' | 'sgcremovechannelmember' | 'sgcchannelinvitation', member: PresenceMember, channel: string) {
    super(type);
    this.member = member;
    this.channel = { name: channel };
  }
}

/**
 * A member published a text to a channel this socket is in, or to every member (the manual's `sgcpublishmsg`).
 *
 * @example
 * ```js
 * socket.on('sgcpublishmsg', function (event) {
 *   console.log(event.member.name + ' in ' + event.channel.name + ': ' + event.message.text);
 * });
 * ```
 */
export class SgcwsPresencePublishEvent extends Event {
  /** The member who published it. */
  readonly member: PresenceMember;
  /** The channel; `name` is `''` for a text to every member. */
  readonly channel: PresenceChannelName;
  /** The text. */
  readonly message: PresenceText;

  /**
   * @param text - the text
   * @param member - who published it
   * @param channel - the channel's name (`''` for every member)
   */
  constructor(text: string, member: PresenceMember, channel: string) {
    super('sgcpublishmsg');
    this.member = member;
    this.channel = { name: channel };
    this.message = { text };
  }
}

/**
 * The answer to `getmembers` (the manual's `sgcgetmembers`).
 *
 * @example
 * ```js
 * socket.on('sgcgetmembers', function (event) {
 *   console.log(event.channel.name + ': ' + event.members.map(function (m) { return m.name; }).join(', '));
 * });
 * ```
 */
export class SgcwsPresenceMembersEvent extends Event {
  /** The members (none for a channel nobody is in). */
  readonly members: readonly PresenceMember[];
  /** The channel asked about; `name` is `''` when every member was asked for. */
  readonly channel: PresenceChannelName;

  /**
   * @param members - the members
   * @param channel - the channel's name (`''` for every member)
   */
  constructor(members: readonly PresenceMember[], channel: string) {
    super('sgcgetmembers');
    this.members = members;
    this.channel = { name: channel };
  }
}

/**
 * The server refused to join this socket as a member (`channel.name` is `''`), to let it join
 * or leave a channel, or to pass on an invitation (the manual's `sgcerrormemberchannel`).
 *
 * @example
 * ```js
 * socket.on('sgcerrormemberchannel', function (event) {
 *   console.log('refused (' + event.error.code + '): ' + event.error.text + ' ' + event.channel.name);
 * });
 * ```
 */
export class SgcwsPresenceChannelErrorEvent extends Event {
  /** The presence error code (`PresenceErrorCode` of `@sgc/protocols`) and what went wrong. */
  readonly error: PresenceError;
  /** The channel; `name` is `''` when joining as a member was refused. */
  readonly channel: PresenceChannelName;

  /**
   * @param error - code and text
   * @param channel - the channel's name
   */
  constructor(error: PresenceError, channel: string) {
    super('sgcerrormemberchannel');
    this.error = error;
    this.channel = { name: channel };
  }
}

/**
 * The server refused a publish: this socket is not a member yet, or not in the channel (the
 * manual's `sgcerrorpublishmsg`).
 *
 * @example
 * ```js
 * socket.on('sgcerrorpublishmsg', function (event) {
 *   console.log('not sent to ' + event.channel.name + ': ' + event.message.text + ' (' + event.error.text + ')');
 * });
 * ```
 */
export class SgcwsPresencePublishErrorEvent extends Event {
  /** The presence error code (`PresenceErrorCode` of `@sgc/protocols`) and what went wrong. */
  readonly error: PresenceError;
  /** The text that was not published. */
  readonly message: PresenceText;
  /** The channel it was for; `name` is `''` for every member. */
  readonly channel: PresenceChannelName;

  /**
   * @param error - code and text
   * @param text - the text
   * @param channel - the channel's name
   */
  constructor(error: PresenceError, text: string, channel: string) {
    super('sgcerrorpublishmsg');
    this.error = error;
    this.message = { text };
    this.channel = { name: channel };
  }
}

/**
 * The name of each `sgcws_presence` event and the event it carries: the protocol's events
 * plus those of `sgcWebSocket`, whose `message` carries each raw presence message.
 */
export interface SgcwsPresenceEventMap extends SgcWebSocketEventMap {
  /** The connection's id: call `newmember` now. */
  sgcsession: SgcwsPresenceSessionEvent;
  /** A member joined. */
  sgcnewmember: SgcwsPresenceMemberEvent;
  /** A member left. */
  sgcremovemember: SgcwsPresenceMemberEvent;
  /** A member joined a channel this socket is in. */
  sgcnewchannelmember: SgcwsPresenceChannelEvent;
  /** A member left a channel this socket is in. */
  sgcremovechannelmember: SgcwsPresenceChannelEvent;
  /** A text to a channel this socket is in, or to every member. */
  sgcpublishmsg: SgcwsPresencePublishEvent;
  /** The answer to `getmembers`. */
  sgcgetmembers: SgcwsPresenceMembersEvent;
  /** A member invites this socket to a channel. */
  sgcchannelinvitation: SgcwsPresenceChannelEvent;
  /** Joining as a member, joining or leaving a channel, or an invitation was refused. */
  sgcerrormemberchannel: SgcwsPresenceChannelErrorEvent;
  /** A publish was refused. */
  sgcerrorpublishmsg: SgcwsPresencePublishErrorEvent;
}
