/**
 * presence.esegece.com.js (`sgcws_presence`) and the built-in /presence.esegece.com.html page
 * in a real browser (Chromium, see fixtures/chromium.ts), talking the presence protocol to an
 * HttpServer with the protocol's server plug-in, and through it to Node members.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WebSocketClient } from '@sgc/client';
import { PRESENCE_PROTOCOL, PresenceErrorCode, PresenceProtocolClient, type PresenceMember } from '@sgc/protocols';
import { PresenceProtocolServer, type PresenceProtocolServerOptions } from '@sgc/protocols/server';
import type { ServerConnection } from '@sgc/server';
import { pageEvents, SOCKET_EVENTS, useBrowserPages, type RecordingWindow } from './fixtures/browser-pages.js';

/** What the page records of each sgcws_presence event (the fields it has), read back by the test. */
interface Recorded {
  type: string;
  id?: string | undefined;
  member?: PresenceMember | undefined;
  members?: PresenceMember[] | undefined;
  channel?: { name: string } | undefined;
  /** `{ text }` for the protocol's events, the text of an `error` event. */
  message?: unknown;
  error?: { code: number; text: string } | undefined;
}

/** The page's sgcws_presence (see RecordingWindow). */
interface PagePresence {
  state(): string;
  on(name: string, listener: (event: Recorded) => void): void;
  newmember(id: string, name: string, info?: string): void;
  subscribe(channel: string): void;
  unsubscribe(channel: string): void;
  publish(text: string, channel?: string): void;
  getmembers(channel?: string): void;
  invite(channel: string, memberId: string): void;
  removemember(): void;
  close(): void;
}
declare const window: RecordingWindow<PagePresence, Recorded> & { sgcws_presence: new (url: string) => PagePresence };

/** Every event an sgcws_presence fires but `message` (the raw texts): the protocol's and those of sgcWebSocket. */
const EVENT_TYPES = [
  ...SOCKET_EVENTS,
  'sgcsession',
  'sgcnewmember',
  'sgcremovemember',
  'sgcnewchannelmember',
  'sgcremovechannelmember',
  'sgcpublishmsg',
  'sgcgetmembers',
  'sgcchannelinvitation',
  'sgcerrormemberchannel',
  'sgcerrorpublishmsg',
];

const browser = useBrowserPages();
const { waitForEvent, eventsOf } = pageEvents<Recorded>();

/** Starts an HttpServer speaking the presence protocol, and opens its built-in /presence.esegece.com.html. */
async function openPresencePage(options?: PresenceProtocolServerOptions): Promise<{ page: Page; url: string }> {
  const { url } = await browser.start(new PresenceProtocolServer(options));
  return { page: await browser.open('/presence.esegece.com.html'), url };
}

/**
 * Opens an sgcws_presence on the page as `window.socket`, recording its events, which joins as
 * `name` from its sgcsession listener, as the manual's pages do; waits for the session.
 */
async function openMember(name: string, options?: PresenceProtocolServerOptions): Promise<{ page: Page; url: string; session: string }> {
  const opened = await openPresencePage(options);
  await opened.page.evaluate(
    ([url, types, name]) => {
      window.socket = new window.sgcws_presence(url);
      window.recordEvents(window.socket, types);
      // The member id given is ignored: the server uses the connection's.
      window.socket.on('sgcsession', () => window.socket.newmember('forged', name, `${name.toLowerCase()}@example.com`));
    },
    [opened.url, EVENT_TYPES, name] as const,
  );
  const { id } = await waitForEvent(opened.page, { type: 'sgcsession' });
  return { ...opened, session: id! };
}

/** Opens the page's member and waits until the server accepted it. */
async function joinMember(name: string): Promise<{ page: Page; url: string; member: PresenceMember }> {
  const opened = await openMember(name);
  const member = { id: opened.session, name, info: `${name.toLowerCase()}@example.com` };
  await waitForEvent(opened.page, { type: 'sgcnewmember', member });
  return { ...opened, member };
}

/** Has the page's member join a channel, and waits until it did. */
async function subscribePage(page: Page, member: PresenceMember, channel: string): Promise<void> {
  await page.evaluate((channel) => window.socket.subscribe(channel), channel);
  await waitForEvent(page, { type: 'sgcnewchannelmember', member, channel: { name: channel } });
}

/** Connects a Node member (`@sgc/client` underneath) and waits until it joined; closed after the test. */
async function joinNode(url: string, name: string): Promise<{ ws: WebSocketClient; presence: PresenceProtocolClient; member: PresenceMember }> {
  const ws = new WebSocketClient({ url, protocols: [PRESENCE_PROTOCOL] });
  const presence = new PresenceProtocolClient(ws, { name, info: `${name.toLowerCase()}@example.com` });
  browser.onCleanup(() => {
    presence.detach();
    return ws.close().catch(() => undefined);
  });
  await ws.connect();
  return { ws, presence, member: await presence.joined() };
}

/** Resolves with the arguments of a Node member's next `publishMsg` or `channelInvitation`. */
function nextNodeEvent<E extends 'publishMsg' | 'channelInvitation'>(presence: PresenceProtocolClient, event: E): Promise<unknown[]> {
  return new Promise((resolve) => presence.once(event, (...args: unknown[]) => resolve(args)));
}

const names = (members: readonly PresenceMember[] | undefined): string[] => (members ?? []).map((member) => member.name).sort();

describe('sgcws_presence (presence.esegece.com.js) in Chromium', () => {
  it('joins with newmember from sgcsession, under the connection id, and hears of other members', async () => {
    const { page, url, session } = await openMember('Ann');
    const conn = browser.server.connections.get(session);
    expect(conn?.protocol).toBe(PRESENCE_PROTOCOL);
    // newmember was given 'forged': the member id is the connection's.
    await waitForEvent(page, { type: 'sgcnewmember', member: { id: session, name: 'Ann', info: 'ann@example.com' } });

    const bob = await joinNode(url, 'Bob');
    await waitForEvent(page, { type: 'sgcnewmember', member: bob.member });
  });

  it('subscribes, hears a Node member join the channel, exchanges texts with it and lists the members', async () => {
    const { page, url, member } = await joinMember('Ann');
    await subscribePage(page, member, 'room');

    const bob = await joinNode(url, 'Bob');
    await bob.presence.subscribe('room');
    await waitForEvent(page, { type: 'sgcnewchannelmember', member: bob.member, channel: { name: 'room' } });

    const bobGets = nextNodeEvent(bob.presence, 'publishMsg');
    await page.evaluate(() => window.socket.publish('Hello Bob', 'room'));
    expect(await bobGets).toEqual(['Hello Bob', member, 'room']);
    bob.presence.publish('Hello Ann', 'room');
    await waitForEvent(page, { type: 'sgcpublishmsg', member: bob.member, channel: { name: 'room' }, message: { text: 'Hello Ann' } });

    await page.evaluate(() => {
      window.socket.getmembers('room');
      window.socket.getmembers();
    });
    const inRoom = await waitForEvent(page, { type: 'sgcgetmembers', channel: { name: 'room' } });
    const everyone = await waitForEvent(page, { type: 'sgcgetmembers', channel: { name: '' } });
    expect(names(inRoom.members)).toEqual(['Ann', 'Bob']);
    expect(names(everyone.members)).toEqual(['Ann', 'Bob']);

    await page.evaluate(() => window.socket.unsubscribe('room'));
    await waitForEvent(page, { type: 'sgcremovechannelmember', member, channel: { name: 'room' } });
  });

  it('reports refusals as sgcerrormemberchannel and sgcerrorpublishmsg, never as error', async () => {
    const { page, session } = await openMember('Mallory', {
      authorizeMember: (_conn, member) => member.name !== 'Mallory',
      authorizeChannel: (_conn, channel) => channel !== 'forbidden',
    });
    const refused = await waitForEvent(page, { type: 'sgcerrormemberchannel' });
    expect(refused).toMatchObject({ error: { code: PresenceErrorCode.MemberRefused, text: 'Member refused' }, channel: { name: '' } });

    // Joining again with another name.
    await page.evaluate(() => window.socket.newmember('', 'Ann', 'ann@example.com'));
    await waitForEvent(page, { type: 'sgcnewmember', member: { id: session, name: 'Ann', info: 'ann@example.com' } });
    await page.evaluate(() => {
      window.socket.subscribe('forbidden');
      window.socket.publish('hello?', 'elsewhere');
    });
    const channelRefused = await waitForEvent(page, { type: 'sgcerrormemberchannel', channel: { name: 'forbidden' } });
    expect(channelRefused.error).toEqual({ code: PresenceErrorCode.ChannelRefused, text: 'Channel refused' });
    const publishRefused = await waitForEvent(page, { type: 'sgcerrorpublishmsg' });
    expect(publishRefused).toMatchObject({
      error: { code: PresenceErrorCode.NotChannelMember },
      message: { text: 'hello?' },
      channel: { name: 'elsewhere' },
    });
    expect(await eventsOf(page, 'error')).toEqual([]);
  });

  it('gets invitations from Node members as sgcchannelinvitation, and invites them', async () => {
    const { page, url, member } = await joinMember('Ann');
    const bob = await joinNode(url, 'Bob');
    bob.presence.invite('room', member.id);
    await waitForEvent(page, { type: 'sgcchannelinvitation', member: bob.member, channel: { name: 'room' } });

    const invited = nextNodeEvent(bob.presence, 'channelInvitation');
    await page.evaluate((id) => {
      window.socket.invite('lounge', id);
      window.socket.invite('lounge', 'nobody');
    }, bob.member.id);
    expect(await invited).toEqual([member, 'lounge']);
    const unknown = await waitForEvent(page, { type: 'sgcerrormemberchannel', channel: { name: 'lounge' } });
    expect(unknown.error).toEqual({ code: PresenceErrorCode.UnknownMember, text: 'No member nobody to invite' });
  });

  it('hears a Node member that disconnects leave its channel and the members', async () => {
    const { page, url, member } = await joinMember('Ann');
    await subscribePage(page, member, 'room');
    const bob = await joinNode(url, 'Bob');
    await bob.presence.subscribe('room');

    await bob.ws.close();
    await waitForEvent(page, { type: 'sgcremovechannelmember', member: bob.member, channel: { name: 'room' } });
    await waitForEvent(page, { type: 'sgcremovemember', member: bob.member });
    // The channel first, then the member list.
    const order = await page.evaluate(() => window.events.map((event) => event.type).filter((type) => type.startsWith('sgcremove')));
    expect(order).toEqual(['sgcremovechannelmember', 'sgcremovemember']);
  });

  it('leaves with removemember: a Node member hears the page member leave its channel and the members', async () => {
    const { page, url, member } = await joinMember('Ann');
    await subscribePage(page, member, 'room');
    const bob = await joinNode(url, 'Bob');
    await bob.presence.subscribe('room');
    /** Resolves with the channel (if any) of Bob's next event of this kind about the page's member. */
    const heard = (event: 'newMember' | 'removeMember' | 'removeChannelMember'): Promise<unknown[]> =>
      new Promise((resolve) => bob.presence.on(event, (about: PresenceMember, ...rest: unknown[]) => about.id === member.id && resolve([about, ...rest])));
    const [leftRoom, left] = [heard('removeChannelMember'), heard('removeMember')];

    await page.evaluate(() => window.socket.removemember());
    expect(await leftRoom).toEqual([member, 'room']);
    expect(await left).toEqual([member]);
    await waitForEvent(page, { type: 'sgcremovemember', member });
    // The connection stays open: newmember joins again.
    const back = heard('newMember');
    await page.evaluate(() => window.socket.newmember('', 'Ann', 'ann@example.com'));
    expect(await back).toEqual([member]);
    expect(await eventsOf(page, 'error')).toEqual([]);
  });

  it('reports calls on a closed socket as error events, never as rejections', async () => {
    const { page } = await joinMember('Ann');
    await page.evaluate(() => window.socket.close());
    await waitForEvent(page, { type: 'close' });
    await page.evaluate(() => {
      window.socket.newmember('', 'Ann');
      window.socket.subscribe('room');
      window.socket.unsubscribe('room');
      window.socket.publish('lost', 'room');
      window.socket.getmembers();
      window.socket.invite('room', 'someone');
      window.socket.removemember();
    });
    const errors = await eventsOf(page, 'error');
    expect(errors.map((event) => event.message)).toEqual(Array(7).fill('The connection is not open'));
  });

  it("the built-in page's Open connects and its Join, Subscribe, Publish and Get members work", async () => {
    const { page, url } = await openPresencePage();
    const log = page.locator('#log');
    /** Clicks a button and waits until the log shows its outcome. */
    const click = async (button: string, outcome: string): Promise<void> => {
      await page.click(button);
      await expect.poll(() => log.textContent()).toContain(outcome);
    };
    const connected = once(browser.server, 'connect') as Promise<[ServerConnection]>;
    await page.click('#open');
    const [conn] = await connected;
    expect(conn.protocol).toBe(PRESENCE_PROTOCOL);
    await expect.poll(() => log.textContent()).toContain(`session: ${conn.id}`);
    // A member who was there before: the list shows it once the page joined.
    await joinNode(url, 'Bob');

    await page.fill('#name', 'Zoë <b>');
    await click('#join', `new member: Zoë <b> (guest@example.com) [${conn.id}]`);
    const listed = page.locator('#members li');
    await expect.poll(() => listed.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Bob'), expect.stringContaining('Zoë <b>')]));
    // textContent only: the name is no markup.
    expect(await page.locator('#members b').count()).toBe(0);

    await click('#subscribe', 'Zoë <b> joined myChannel');
    await click('#publish', 'Zoë <b> in myChannel: Hello members!');
    await click('#getmembers', 'members of myChannel: Zoë <b>');
    await click('#close', 'close (1000)');
  });
});
