/**
 * The manual's WebRTC signalling server: the default protocol under `webrtc.esegece.com`,
 * relaying `sgc@webrtc` offers, answers and candidates to a channel's other subscribers.
 */
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from '@sgc/server';
import { SGC_PROTOCOL, WEBRTC_PROTOCOL } from '../src/index.js';
import { SgcProtocolServer } from '../src/server.js';
import { connectSgcClient, onCleanup } from './fixtures/sgc-peers.js';

describe('WebRTC signalling', () => {
  it('relays signals to the other subscribers of the channel only, next to the default protocol on one server', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    const webrtc = new SgcProtocolServer({ protocol: WEBRTC_PROTOCOL });
    server.use(new SgcProtocolServer()).use(webrtc);
    await server.start();
    onCleanup(() => server.stop());
    const url = `ws://127.0.0.1:${server.port}`;
    const peer = { protocols: [WEBRTC_PROTOCOL] };
    const [alice, bob, eve] = await Promise.all([connectSgcClient(url, {}, peer), connectSgcClient(url, {}, peer), connectSgcClient(url, {}, peer)]);
    const plain = await connectSgcClient(url);
    expect([alice.ws.protocol, plain.ws.protocol]).toEqual([WEBRTC_PROTOCOL, SGC_PROTOCOL]);
    await alice.sgc.subscribe('call-1');
    await bob.sgc.subscribe('call-1');
    await eve.sgc.subscribe('call-2');
    const signals: string[] = [];
    for (const [name, client] of [['alice', alice], ['bob', bob], ['eve', eve]] as const) {
      client.sgc.on('signal', (channel, message, from) => signals.push(`${name}<-${from === alice.session ? 'alice' : 'bob'}:${channel}:${JSON.stringify(message)}`));
    }
    const offer = new Promise((resolve) => bob.sgc.once('signal', resolve));
    alice.sgc.signal('call-1', { type: 'offer', sdp: 'v=0' });
    await offer;
    const answer = new Promise((resolve) => alice.sgc.once('signal', resolve));
    bob.sgc.signal('call-1', { type: 'answer', sdp: 'v=0' });
    await answer;
    expect(signals).toEqual(['bob<-alice:call-1:{"type":"offer","sdp":"v=0"}', 'alice<-bob:call-1:{"type":"answer","sdp":"v=0"}']);

    // Eve is not in call-1: her signal goes nowhere; her publish after it marks where it would be.
    const marker = new Promise((resolve) => alice.sgc.once('event', resolve));
    eve.sgc.signal('call-1', { type: 'offer', sdp: 'intruder' });
    await eve.sgc.publish('marker', 'call-1');
    await marker;
    expect(signals).toHaveLength(2);
  });
});
