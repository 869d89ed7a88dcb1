/**
 * The presence protocol between `@sgc/client` connections and an `@sgc/server`: members,
 * channels, texts, member lists, invitations, refusals by hooks, leaving, and the wire form.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebSocketClient } from '@sgc/client';
import {
  decodePresence,
  encodePresence,
  PRESENCE_PROTOCOL,
  PresenceErrorCode,
  PresenceMethod,
  PresenceProtocolClient,
  RpcError,
  type PresenceMember,
} from '../src/index.js';
import { connectPresence, joinPresence, nextPresenceEvent, startPresenceServer } from './fixtures/presence-peers.js';
import { onCleanup } from './fixtures/sgc-peers.js';

const names = (members: readonly PresenceMember[]): string[] => members.map((member) => member.name).sort();

describe('presence protocol', () => {
  it('joins members with the connection id, and tells every member of joins', async () => {
    const { server, presence: serverSide, url } = await startPresenceServer();
    const ann = await joinPresence(url, 'Ann');
    expect(server.connections.has(ann.member.id)).toBe(true);
    expect(ann.member).toEqual({ id: ann.member.id, name: 'Ann', info: 'ann@example.com' });
    const heard = nextPresenceEvent<[PresenceMember]>(ann.presence, 'newMember', (member) => member.name === 'Bob');
    const bob = await joinPresence(url, 'Bob');
    const [member] = await heard;
    expect(member).toEqual(bob.member);
    expect(names(serverSide.members())).toEqual(['Ann', 'Bob']);
  });

  it('joins channels, lists members, and publishes to a channel or to everyone', async () => {
    const { presence: serverSide, url } = await startPresenceServer();
    const [ann, bob, cid] = [await joinPresence(url, 'Ann'), await joinPresence(url, 'Bob'), await joinPresence(url, 'Cid')];
    await ann.presence.subscribe('room');
    const annHearsBob = nextPresenceEvent<[PresenceMember, string]>(ann.presence, 'newChannelMember', (member) => member.name === 'Bob');
    await bob.presence.subscribe('room');
    expect((await annHearsBob)[1]).toBe('room');
    expect(ann.presence.channels).toEqual(['room']);
    expect(names(await cid.presence.getMembers('room'))).toEqual(['Ann', 'Bob']);
    expect(names(await cid.presence.getMembers())).toEqual(['Ann', 'Bob', 'Cid']);
    expect(await cid.presence.getMembers('empty')).toEqual([]);
    expect(serverSide.channels).toEqual(['room']);

    const cidTexts: string[] = [];
    cid.presence.on('publishMsg', (text) => cidTexts.push(text));
    const bobGets = nextPresenceEvent<[string, PresenceMember, string]>(bob.presence, 'publishMsg');
    ann.presence.publish('to the room', 'room');
    expect(await bobGets).toEqual(['to the room', ann.member, 'room']);
    const cidGets = nextPresenceEvent<[string, PresenceMember, string]>(cid.presence, 'publishMsg');
    ann.presence.publish('to everyone');
    expect(await cidGets).toEqual(['to everyone', ann.member, '']);
    expect(cidTexts).toEqual(['to everyone']);
  });

  it('refuses publishing to a channel the member is not in, and leaving it', async () => {
    const { url } = await startPresenceServer();
    const ann = await joinPresence(url, 'Ann');
    const refused = nextPresenceEvent<[{ code: number }, string, string]>(ann.presence, 'errorPublishMsg');
    ann.presence.publish('hello?', 'elsewhere');
    const [error, text, channel] = await refused;
    expect([error.code, text, channel]).toEqual([PresenceErrorCode.NotChannelMember, 'hello?', 'elsewhere']);
    const leave = await ann.presence.unsubscribe('elsewhere').catch((caught: unknown) => caught);
    expect(leave).toBeInstanceOf(RpcError);
    expect(leave).toMatchObject({ rpcCode: PresenceErrorCode.NotChannelMember, data: 'elsewhere' });
  });

  it('refuses a channel past maxChannelsPerMember', async () => {
    const { url } = await startPresenceServer({ maxChannelsPerMember: 2 });
    const ann = await joinPresence(url, 'Ann');
    await ann.presence.subscribe('a');
    await ann.presence.subscribe('b');
    await ann.presence.subscribe('b');
    await expect(ann.presence.subscribe('c')).rejects.toMatchObject({ rpcCode: PresenceErrorCode.ChannelMemberRefused, data: 'c' });
    await ann.presence.unsubscribe('a');
    await ann.presence.subscribe('c');
    expect(ann.presence.channels.sort()).toEqual(['b', 'c']);
  });

  it('lets hooks refuse members, new channels and channel members', async () => {
    const { url } = await startPresenceServer({
      authorizeMember: (_conn, member) => member.name !== 'Mallory',
      authorizeChannel: async (_conn, channel) => channel !== 'forbidden',
      authorizeChannelMember: (_conn, channel, member) => channel !== 'staff' || member.name === 'Ann',
    });
    const mallory = await connectPresence(url, 'Mallory');
    await expect(mallory.presence.joined()).rejects.toMatchObject({ rpcCode: PresenceErrorCode.MemberRefused });
    await expect(mallory.presence.subscribe('room')).rejects.toMatchObject({ rpcCode: PresenceErrorCode.NotMember });
    const [ann, bob] = [await joinPresence(url, 'Ann'), await joinPresence(url, 'Bob')];
    await expect(ann.presence.subscribe('forbidden')).rejects.toMatchObject({ rpcCode: PresenceErrorCode.ChannelRefused });
    await ann.presence.subscribe('staff');
    await expect(bob.presence.subscribe('staff')).rejects.toMatchObject({ rpcCode: PresenceErrorCode.ChannelMemberRefused });
    expect(names(await bob.presence.getMembers('staff'))).toEqual(['Ann']);
  });

  it('joins when asked, with the name and info given then', async () => {
    const { presence: serverSide, url } = await startPresenceServer();
    const ws = new WebSocketClient({ url, protocols: [PRESENCE_PROTOCOL] });
    const client = new PresenceProtocolClient(ws);
    onCleanup(() => ws.close().catch(() => undefined));
    await expect(client.join('Too early')).rejects.toMatchObject({ code: 'SGC_ERR_NOT_OPEN' });
    const session = new Promise<string>((resolve) => client.once('session', resolve));
    await ws.connect();
    const id = await session;
    expect(serverSide.members()).toEqual([]);
    await expect(client.join('Dee', 'dee@example.com')).resolves.toEqual({ id, name: 'Dee', info: 'dee@example.com' });
    expect(serverSide.members()).toEqual([{ id, name: 'Dee', info: 'dee@example.com' }]);
  });

  it('leaves as a member and joins again; a request on a closed connection fails at once and can be retried', async () => {
    const { presence: serverSide, url } = await startPresenceServer();
    const [ann, bob] = [await joinPresence(url, 'Ann'), await joinPresence(url, 'Bob')];
    await ann.presence.subscribe('room');
    const heard = nextPresenceEvent<[PresenceMember]>(bob.presence, 'removeMember');
    await ann.presence.leave();
    expect(await heard).toEqual([ann.member]);
    expect([ann.presence.member, ann.presence.channels]).toEqual([undefined, []]);
    expect(names(serverSide.members())).toEqual(['Bob']);
    await expect(ann.presence.leave()).rejects.toMatchObject({ code: 'SGC_ERR_INVALID_STATE' });
    await ann.presence.join('Ann again');
    expect(names(serverSide.members())).toEqual(['Ann again', 'Bob']);

    await bob.ws.close();
    await expect(bob.presence.subscribe('room')).rejects.toMatchObject({ code: 'SGC_ERR_NOT_OPEN' });
    await expect(bob.presence.subscribe('room')).rejects.toMatchObject({ code: 'SGC_ERR_NOT_OPEN' });
  });

  it('invites a member to a channel', async () => {
    const { url } = await startPresenceServer();
    const [ann, bob] = [await joinPresence(url, 'Ann'), await joinPresence(url, 'Bob')];
    await ann.presence.subscribe('room');
    const invited = nextPresenceEvent<[PresenceMember, string]>(bob.presence, 'channelInvitation');
    ann.presence.invite('room', bob.member.id);
    const [from, channel] = await invited;
    expect([from, channel]).toEqual([ann.member, 'room']);
    await bob.presence.subscribe(channel);
    expect(names(await ann.presence.getMembers('room'))).toEqual(['Ann', 'Bob']);
  });

  it('tells the others when a member leaves a channel and when it disconnects', async () => {
    const { presence: serverSide, url } = await startPresenceServer();
    const [ann, bob] = [await joinPresence(url, 'Ann'), await joinPresence(url, 'Bob')];
    await ann.presence.subscribe('room');
    await bob.presence.subscribe('room');
    await bob.presence.subscribe('other');
    const bobLeaves = nextPresenceEvent<[PresenceMember, string]>(bob.presence, 'removeChannelMember');
    await bob.presence.unsubscribe('other');
    // Bob alone was in it: he hears his own leaving, Ann does not.
    expect(await bobLeaves).toEqual([bob.member, 'other']);
    await bob.presence.subscribe('other');
    const leftRoom = nextPresenceEvent<[PresenceMember, string]>(ann.presence, 'removeChannelMember');
    const gone = nextPresenceEvent<[PresenceMember]>(ann.presence, 'removeMember');
    await bob.ws.close();
    // The first removal Ann hears is from room: she never heard of other.
    expect(await leftRoom).toEqual([bob.member, 'room']);
    expect(await gone).toEqual([bob.member]);
    expect(names(serverSide.members())).toEqual(['Ann']);
    expect(serverSide.channels).toEqual(['room']);
  });

  it('rejoins as a member, with its channels, after a reconnect', async () => {
    const { server, presence: serverSide, url } = await startPresenceServer();
    const ann = await joinPresence(url, 'Ann', { watchdog: { initialDelay: 20, maxDelay: 40, jitter: 0 } });
    await ann.presence.subscribe('room');
    const rejoined = new Promise<string>((resolve) => serverSide.on('newChannelMember', (conn, channel) => conn.id !== ann.member.id && resolve(channel)));
    server.connections.get(ann.member.id)!.disconnect();
    await expect(rejoined).resolves.toBe('room');
    expect(ann.presence.member?.id).not.toBe(ann.member.id);
    expect(names(serverSide.members('room'))).toEqual(['Ann']);
  });

  it('speaks base64 on the wire, ignores a forged member id, and survives garbage', async () => {
    const { presence: serverSide, url } = await startPresenceServer();
    const errors: string[] = [];
    serverSide.on('error', (_conn, error) => errors.push(error.code));
    const socket = new WebSocket(url, PRESENCE_PROTOCOL);
    onCleanup(() => socket.terminate());
    const received: string[] = [];
    const waiters: Array<() => void> = [];
    socket.on('message', (data) => {
      received.push(data.toString());
      waiters.splice(0).forEach((wake) => wake());
    });
    const next = async (): Promise<string> => {
      while (received.length === 0) await new Promise<void>((resolve) => waiters.push(resolve));
      return received.shift()!;
    };
    await once(socket, 'open');
    const session = await next();
    expect(JSON.parse(session)).toMatchObject({ jsonrpc: '2.0', method: btoa('sgc@presence@session') });
    const id = decodePresence(session).text!;
    socket.send('not json');
    socket.send('{"method":"!!"}');
    socket.send(encodePresence({ method: PresenceMethod.NewMember, member: { id: 'forged', name: 'Zoë ✓', info: '' } }));
    const joined = decodePresence(await next());
    expect(joined).toMatchObject({ method: PresenceMethod.NewMember, member: { id, name: 'Zoë ✓', info: '' } });
    expect(errors).toEqual(['SGC_ERR_PROTOCOL_VIOLATION', 'SGC_ERR_PROTOCOL_VIOLATION']);
  });
});
