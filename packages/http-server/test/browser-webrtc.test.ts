/**
 * webrtc.esegece.com.js (`sgcws_webrtc`) and the built-in /webrtc.esegece.com.html page in a real
 * browser (Chromium, see fixtures/chromium.ts): two pages pair through an HttpServer running the
 * WebRTC signalling server, with Chromium's fake camera and microphone and host candidates only
 * (no STUN or TURN: nothing leaves this machine).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WEBRTC_PROTOCOL, type SgcProtocolClient } from '@sgc/protocols';
import { SgcProtocolServer } from '@sgc/protocols/server';
import { pageEvents, SOCKET_EVENTS, useBrowserPages, type RecordingWindow } from './fixtures/browser-pages.js';
import { connectSgcNode } from './fixtures/sgc-node-client.js';

// Fake media devices, permission prompts answered yes, and ICE between processes of this machine.
const WEBRTC_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'];

/** What the page records of each event (the fields it has), read back by the test. */
interface Recorded {
  type: string;
  channel?: string | undefined;
  /** The text of an `error` event. */
  message?: string | undefined;
  guid?: string | undefined;
}

/*
 * The page's side, typed by hand (see RecordingWindow): the socket, and the media streams its
 * events carry, which the test reads in the page.
 */
interface PageTrack {
  kind: string;
  readyState: string;
}
interface PageStream {
  getTracks(): PageTrack[];
  getVideoTracks(): PageTrack[];
}
interface PageSgcwsWebrtc {
  on(name: string, listener: (event: { stream: PageStream }) => void): void;
  webrtc_connect(channel: string): void;
  webrtc_disconnect(channel: string): void;
  close(): void;
}
interface PageVideo {
  srcObject: PageStream | null;
  muted: boolean;
  videoWidth: number;
}
declare const window: RecordingWindow<PageSgcwsWebrtc, Recorded> & {
  sgcws_webrtc: new (url: string, options?: { media?: unknown }) => PageSgcwsWebrtc;
  local: PageStream | undefined;
  remote: PageStream | undefined;
};
declare const document: { getElementById(id: string): PageVideo };

/** Every event an sgcws_webrtc fires but `message` (the raw texts). */
const EVENT_TYPES = [
  ...SOCKET_EVENTS,
  'sgcsession',
  'sgcsubscribe',
  'sgcunsubscribe',
  'sgcmediastart',
  'sgcremotestream',
  'sgcwebrtcconnect',
  'sgcwebrtcdisconnect',
];

/** A signal the server relayed: who sent it and its type. */
interface Relayed {
  from: string;
  type: string;
}

const browser = useBrowserPages(WEBRTC_ARGS);
const { waitForEvent, eventsOf } = pageEvents<Recorded>();

/** Starts an HttpServer running the WebRTC signalling server, recording the signals it relays. */
async function startServer(): Promise<{ url: string; relayed: Relayed[] }> {
  const webrtc = new SgcProtocolServer({ protocol: WEBRTC_PROTOCOL });
  const relayed: Relayed[] = [];
  webrtc.on('rawMessage', (conn, text) => {
    const request = JSON.parse(text) as { method: string; params: { message: { type: string } } };
    if (request.method === 'sgc@webrtc') relayed.push({ from: conn.id, type: request.params.message.type });
  });
  const { url } = await browser.start(webrtc);
  return { url, relayed };
}

/**
 * Opens the built-in page (which loads /webrtc.esegece.com.js) with an sgcws_webrtc as
 * `window.socket`, recording its events and showing the remote stream in the page's #remote
 * video; waits for its session and, unless `media` is given, its media.
 */
async function openPeer(url: string, media?: unknown): Promise<{ page: Page; session: string }> {
  const page = await browser.open('/webrtc.esegece.com.html');
  await page.evaluate(
    ([url, types, media]) => {
      window.socket = new window.sgcws_webrtc(url, media === null ? {} : { media });
      window.recordEvents(window.socket, types);
      window.socket.on('sgcmediastart', (event) => {
        window.local = event.stream;
      });
      window.socket.on('sgcremotestream', (event) => {
        window.remote = event.stream;
        const video = document.getElementById('remote');
        // Muted: a page may autoplay muted media without a user gesture.
        video.muted = true;
        video.srcObject = event.stream;
      });
    },
    [url, EVENT_TYPES, media ?? null] as const,
  );
  const { guid } = await waitForEvent(page, { type: 'sgcsession' });
  if (media === undefined) await waitForEvent(page, { type: 'sgcmediastart' });
  return { page, session: guid! };
}

/** The types of the events a page recorded, in order. */
async function eventTypes(on: Page): Promise<string[]> {
  return on.evaluate(() => window.events.map((event) => event.type));
}

/** The track kinds of the page's local or remote stream. */
async function trackKinds(on: Page, which: 'local' | 'remote'): Promise<string[] | undefined> {
  return on.evaluate((which) => window[which]?.getTracks().map((track) => track.kind), which);
}

/** The readyState of the page's remote video track. */
async function remoteVideoState(on: Page): Promise<string | undefined> {
  return on.evaluate(() => window.remote?.getVideoTracks()[0]?.readyState);
}

/** Connects a Node client of the protocol; closed after the test. */
function connectNode(url: string): Promise<SgcProtocolClient> {
  return connectSgcNode(url, WEBRTC_PROTOCOL, (cleanup) => browser.onCleanup(cleanup));
}

/** Waits until both pages have the peer connection on `channel` up, with the other's media playing. */
async function waitForPairing(first: Page, second: Page, channel: string): Promise<void> {
  for (const page of [first, second]) {
    // ICE and DTLS on this machine: well under a second, but given time on a loaded CI machine.
    await waitForEvent(page, { type: 'sgcwebrtcconnect', channel }, 15_000);
    await waitForEvent(page, { type: 'sgcremotestream', channel });
    expect(await trackKinds(page, 'remote')).toEqual(['audio', 'video']);
    expect(await remoteVideoState(page)).toBe('live');
    // Frames arrive: the remote video element knows their size.
    await page.waitForFunction(() => document.getElementById('remote').videoWidth > 0, undefined, { timeout: 10_000 });
  }
}

describe('sgcws_webrtc (webrtc.esegece.com.js) in Chromium', () => {
  it('pairs two pages on a channel: local media, the remote stream, connect and disconnect on both', async () => {
    const { url, relayed } = await startServer();
    const alice = await openPeer(url);
    const bob = await openPeer(url);
    expect(await trackKinds(alice.page, 'local')).toEqual(['audio', 'video']);
    expect([...browser.server.connections.values()].map((conn) => conn.protocol)).toEqual([WEBRTC_PROTOCOL, WEBRTC_PROTOCOL]);

    // Alice is on the channel first: Bob's join makes her offer.
    await alice.page.evaluate(() => window.socket.webrtc_connect('call-1'));
    await waitForEvent(alice.page, { type: 'sgcsubscribe', channel: 'call-1' });
    await bob.page.evaluate(() => window.socket.webrtc_connect('call-1'));
    await waitForPairing(alice.page, bob.page, 'call-1');

    const name = (from: string): string => (from === alice.session ? 'alice' : from === bob.session ? 'bob' : from);
    const exchange = relayed.filter((signal) => signal.type !== 'candidate').map((signal) => `${name(signal.from)}:${signal.type}`);
    // Alice's join reached nobody: she was alone on the channel.
    expect(exchange).toEqual(['alice:join', 'bob:join', 'alice:offer', 'bob:answer']);
    const candidates = new Set(relayed.filter((signal) => signal.type === 'candidate').map((signal) => name(signal.from)));
    expect(candidates).toEqual(new Set(['alice', 'bob']));

    await bob.page.evaluate(() => window.socket.webrtc_disconnect('call-1'));
    await waitForEvent(bob.page, { type: 'sgcwebrtcdisconnect', channel: 'call-1' });
    await waitForEvent(bob.page, { type: 'sgcunsubscribe', channel: 'call-1' });
    await waitForEvent(alice.page, { type: 'sgcwebrtcdisconnect', channel: 'call-1' });
    expect(relayed.at(-1)).toEqual({ from: bob.session, type: 'bye' });
    // Alice's side of the connection is closed: Bob's tracks ended with it.
    expect(await remoteVideoState(alice.page)).toBe('ended');
    for (const page of [alice.page, bob.page]) {
      expect((await eventTypes(page)).filter((type) => type.startsWith('sgcwebrtc'))).toEqual(['sgcwebrtcconnect', 'sgcwebrtcdisconnect']);
    }

    // Alice is still on the channel: Bob connecting again pairs them again.
    await bob.page.evaluate(() => window.socket.webrtc_connect('call-1'));
    for (const page of [alice.page, bob.page]) {
      await page.waitForFunction(() => window.events.filter((event) => event.type === 'sgcwebrtcconnect').length === 2, undefined, { timeout: 15_000 });
    }
    expect(await remoteVideoState(alice.page)).toBe('live');
  });

  it('pairs two pages that connect at the same moment', async () => {
    const { url, relayed } = await startServer();
    const [alice, bob] = await Promise.all([openPeer(url), openPeer(url)]);
    await Promise.all([alice.page.evaluate(() => window.socket.webrtc_connect('call-2')), bob.page.evaluate(() => window.socket.webrtc_connect('call-2'))]);
    await waitForPairing(alice.page, bob.page, 'call-2');
    // Each got the other's join, or only one did: two offers crossed (the smaller session id's was
    // answered) or one went out. Either way one offer was answered.
    expect(relayed.filter((signal) => signal.type === 'join')).toHaveLength(2);
    expect(relayed.filter((signal) => signal.type === 'offer').length).toBeGreaterThanOrEqual(1);
    expect(relayed.filter((signal) => signal.type === 'answer')).toHaveLength(1);

    // Closing the socket says bye on its channels first.
    await alice.page.evaluate(() => window.socket.close());
    await waitForEvent(bob.page, { type: 'sgcwebrtcdisconnect', channel: 'call-2' });
    await waitForEvent(alice.page, { type: 'sgcwebrtcdisconnect', channel: 'call-2' });
    await waitForEvent(alice.page, { type: 'close' });
  });

  it('reports refused media and signals that make no sense as error events', async () => {
    const { url } = await startServer();
    const { page } = await openPeer(url, { video: { deviceId: { exact: 'no-such-camera' } } });
    const refused = await waitForEvent(page, { type: 'error' });
    expect(refused.message).toMatch(/^Cannot use the camera and microphone: /);

    // Without media, the page still pairs to receive: here with a Node client that misbehaves.
    await page.evaluate(() => window.socket.webrtc_connect('call-3'));
    await waitForEvent(page, { type: 'sgcsubscribe', channel: 'call-3' });
    const node = await connectNode(url);
    await node.subscribe('call-3');
    // Addressed to another page: none of this page's business.
    node.signal('call-3', { type: 'answer', sdp: 'v=0', to: 'another-page' });
    node.signal('call-3', { type: 'hello' });
    node.signal('call-3', { type: 'answer', sdp: 'v=0' });
    await page.waitForFunction(() => window.events.filter((event) => event.type === 'error').length === 3);
    const errors = (await eventsOf(page, 'error')).map((event) => event.message);
    expect(errors.slice(1)).toEqual(['Bad WebRTC signal on channel call-3: {"type":"hello"}', 'WebRTC answer on channel call-3 without an offer']);
    expect(await eventTypes(page)).not.toContain('sgcmediastart');
  });

  it("the built-in page's buttons open, show the camera, connect two pages and disconnect them", async () => {
    await startServer();
    const [first, second] = await Promise.all([browser.open('/webrtc.esegece.com.html'), browser.open('/webrtc.esegece.com.html')]);
    for (const page of [first, second]) {
      await page.click('#open');
      await expect.poll(() => page.locator('#log').textContent()).toContain('media started: audio, video');
      await page.waitForFunction(() => document.getElementById('local').videoWidth > 0);
      await page.click('#connect');
      await expect.poll(() => page.locator('#log').textContent()).toContain('waiting for a peer on webrtc');
    }
    for (const page of [first, second]) {
      await expect.poll(() => page.locator('#log').textContent(), { timeout: 15_000 }).toContain('connected on webrtc');
      await expect.poll(() => page.locator('#log').textContent()).toContain('remote stream on webrtc');
    }
    await first.click('#disconnect');
    for (const page of [first, second]) await expect.poll(() => page.locator('#log').textContent()).toContain('disconnected on webrtc');
    await first.click('#close');
    await expect.poll(() => first.locator('#log').textContent()).toContain('close (1000)');
  });
});
