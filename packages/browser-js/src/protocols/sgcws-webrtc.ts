/**
 * `sgcws_webrtc`, the manual's browser client of WebRTC signalling (`webrtc.esegece.com.js`): an
 * `sgcws` on the sub-protocol `webrtc.esegece.com` that pairs the page's camera and microphone
 * with another page's, one `RTCPeerConnection` per channel, signalling through the server.
 *
 * @module
 */
import { ErrorCode, ErrorEvent, SgcError } from '@sgc/frame';
import { WEBRTC_PROTOCOL } from '@sgc/protocols';
import type { UrlAuth } from '../connection-url.js';
import { sgcws } from './sgcws.js';
import { SgcwsMediaStartEvent, SgcwsRemoteStreamEvent, SgcwsWebrtcEvent, type SgcwsWebrtcEventMap } from './sgcws-webrtc-events.js';

/** Options of {@link sgcws_webrtc}. */
export interface SgcwsWebrtcOptions {
  /**
   * The STUN and TURN servers the peer connections use. None is provided with the library (the
   * manual's note): without any, peers find each other on their own networks only; eSeGeCe's
   * early script used `[{ urls: 'stun:stun.l.google.com:19302' }]`.
   * @defaultValue `[]`
   */
  iceServers?: RTCIceServer[] | undefined;
  /** What to ask `getUserMedia` for once the connection opens. @defaultValue `{ audio: true, video: true }` */
  media?: MediaStreamConstraints | undefined;
}

/**
 * A signal as it travels (JSON, through `sgc@webrtc`): see {@link sgcws_webrtc} for the exchange.
 * `to`, the peer's session id, addresses all but `join`.
 */
type Signal = (
  | { readonly type: 'join' | 'bye' }
  | { readonly type: 'offer' | 'answer'; readonly sdp: string }
  | { readonly type: 'candidate'; readonly candidate: RTCIceCandidateInit }
) & { readonly to?: string | undefined };

/** One channel's peer connection, with the other page. */
interface Peer {
  readonly connection: RTCPeerConnection;
  /** The other page's session id (the server adds it to each signal it relays). */
  readonly remote: string;
  /** The ids of the remote streams announced with `sgcremotestream`. */
  readonly streams: Set<string>;
  /** Local candidates held until the offer and answer are exchanged; `undefined` once they go out as found. */
  held: RTCIceCandidateInit[] | undefined;
  connected: boolean;
}

/** A channel `webrtc_connect` joined. */
interface Call {
  readonly channel: string;
  /** Once the subscription took effect: signalling on the channel reaches its other subscribers. */
  subscribed: boolean;
  /** The signals received, handled one after the other (each may wait for media or the peer connection). */
  queue: Promise<void>;
  peer: Peer | undefined;
}

/**
 * WebRTC audio and video between two pages, paired by a channel (the manual's `sgcws_webrtc`
 * from `webrtc.esegece.com.js`). It is an {@link sgcws} on the sub-protocol `webrtc.esegece.com`
 * (the server is `new SgcProtocolServer({ protocol: WEBRTC_PROTOCOL })`), so it does everything
 * an `sgcws` does too.
 *
 * Once the connection opens it asks for the camera and microphone (`getUserMedia`, which
 * browsers allow on https and localhost pages only); `sgcmediastart` fires with the local stream,
 * or `error` if the user or browser refused. The page then calls `webrtc_connect(channel)`; the
 * peer connection of the channel fires `sgcremotestream` with the other page's media and
 * `sgcwebrtcconnect` once connected, and `sgcwebrtcdisconnect` when it ends. Failures (media
 * refused, a signal that makes no sense, the connection failing) fire `error`, never rejections.
 *
 * Signalling, JSON objects sent with `sgc@webrtc` to the channel's other subscribers (the server
 * adds the sender's session id, by which each page tells its peer apart):
 * - `webrtc_connect` subscribes to the channel, then sends `{ type: 'join' }`;
 * - a page already on the channel that gets `join` makes the peer connection, adds its tracks and
 *   sends `{ type: 'offer', sdp }`; the joiner answers `{ type: 'answer', sdp }`;
 * - then both send their ICE candidates as `{ type: 'candidate', candidate }` (each page holds
 *   its own until the offer and answer are exchanged, so none can arrive before a description);
 * - `webrtc_disconnect` (and `close`) sends `{ type: 'bye' }`, which ends the peer's connection too.
 *
 * All but `join` carry `to`, the peer's session id: a page ignores signals addressed to another.
 * A channel pairs two pages: signals from a third are ignored while the pair lasts. When both
 * pages joined at once and each offered, the page with the smaller session id keeps its offer and
 * the other answers it.
 *
 * @example
 * ```js
 * var socket = new sgcws_webrtc('ws://' + location.host);
 * socket.on('sgcmediastart', function (event) {
 *   document.getElementById('local').srcObject = event.stream;
 *   socket.webrtc_connect('custom channel');
 * });
 * socket.on('sgcremotestream', function (event) {
 *   document.getElementById('remote').srcObject = event.stream;
 * });
 * socket.on('error', function (event) { console.log('error: ' + event.message); });
 * // later: socket.webrtc_disconnect('custom channel');
 * ```
 */
// The manual's name, lower case and underscore included: pages written for webrtc.esegece.com.js call it so.
export class sgcws_webrtc extends sgcws<SgcwsWebrtcEventMap> {
  /** @internal The manual's WebRTC signalling runs the default protocol under `webrtc.esegece.com`. */
  protected static override readonly subprotocol: string = WEBRTC_PROTOCOL;
  readonly #iceServers: RTCIceServer[];
  readonly #constraints: MediaStreamConstraints;
  readonly #calls = new Map<string, Call>();
  #media: Promise<MediaStream | undefined> = Promise.resolve(undefined);
  #localStream: MediaStream | undefined;

  /**
   * @param url - `ws://host:port/path?query` or `wss://…`, as for {@link sgcws}
   * @param options - ICE servers and the media to ask for; see {@link SgcwsWebrtcOptions}
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a URL that does not parse or has another scheme
   */
  constructor(url: string | UrlAuth, options: SgcwsWebrtcOptions = {}) {
    super(url);
    this.#iceServers = [...(options.iceServers ?? [])];
    this.#constraints = options.media ?? { audio: true, video: true };
    this.protocolClient.on('signal', (channel, message, from) => this.#received(channel, message, from));
    this.on('open', () => {
      this.#media = this.#startMedia();
    });
    this.on('close', () => this.#closeAll());
  }

  /** The local camera and microphone once `sgcmediastart` fired; `undefined` before, if refused, and once closed. */
  get localStream(): MediaStream | undefined {
    return this.#localStream;
  }

  /**
   * Pairs with the other page on a channel: subscribes to it and announces itself; the page
   * already there starts the peer connection. Call it from `sgcmediastart`, so that the local
   * media goes out (a page without media receives only).
   *
   * @param channel - the channel both pages use
   * @example
   * ```js
   * socket.on('sgcmediastart', function () { socket.webrtc_connect('custom channel'); });
   * ```
   */
  webrtc_connect(channel: string): void {
    if (this.#calls.has(channel)) return this.#fail(new SgcError(ErrorCode.InvalidState, `Already connected on channel ${channel}`));
    const call: Call = { channel, subscribed: false, queue: Promise.resolve(), peer: undefined };
    this.#calls.set(channel, call);
    this.protocolClient
      .subscribe(channel)
      .then(() => {
        if (this.#calls.get(channel) !== call) return;
        call.subscribed = true;
        this.protocolClient.signal(channel, { type: 'join' });
      })
      .catch((error: unknown) => {
        if (this.#calls.get(channel) === call) this.#calls.delete(channel);
        this.#fail(error);
      });
  }

  /**
   * Ends the pairing on a channel: tells the peer (`bye`), closes the peer connection
   * (`sgcwebrtcdisconnect` fires if there was one) and unsubscribes.
   *
   * @param channel - the channel given to `webrtc_connect`
   * @example
   * ```js
   * socket.webrtc_disconnect('custom channel');
   * ```
   */
  webrtc_disconnect(channel: string): void {
    const call = this.#calls.get(channel);
    if (call !== undefined) {
      this.#calls.delete(channel);
      // Even without a peer connection yet: a page that got the join may be making one.
      if (call.subscribed) this.#signal(call, { type: 'bye' });
      this.#hangUp(call);
    }
    this.unsubscribe(channel);
  }

  /**
   * Says `bye` on every channel, then closes the connection; the peer connections and the local
   * media end with it.
   *
   * @param code - the close code
   * @param reason - the close reason
   * @example
   * ```js
   * socket.close();
   * ```
   */
  override close(code?: number, reason?: string): void {
    if (this.state() === 'open') {
      for (const call of this.#calls.values()) if (call.subscribed) this.#signal(call, { type: 'bye' });
    }
    super.close(code, reason);
  }



  /** Asks for the camera and microphone; `undefined` (after `error`) when refused. */
  async #startMedia(): Promise<MediaStream | undefined> {
    try {
      // Missing outside secure contexts (http pages other than localhost).
      if (typeof navigator === 'undefined' || navigator.mediaDevices === undefined) {
        throw new SgcError(ErrorCode.NotSupported, 'This page cannot use the camera and microphone: it needs https (or localhost)');
      }
      const stream = await navigator.mediaDevices.getUserMedia(this.#constraints);
      if (this.state() !== 'open') {
        for (const track of stream.getTracks()) track.stop();
        return undefined;
      }
      this.#localStream = stream;
      this.dispatchEvent(new SgcwsMediaStartEvent(stream));
      return stream;
    } catch (error) {
      this.#fail(new SgcError(ErrorCode.NotSupported, `Cannot use the camera and microphone: ${errorMessage(error)}`, { cause: error }));
      return undefined;
    }
  }

  /** A signal from another subscriber of a channel: queued behind the channel's earlier ones. */
  #received(channel: string, message: unknown, from: string): void {
    const call = this.#calls.get(channel);
    // A channel subscribed with subscribe(), not webrtc_connect(): not a pairing of this page's.
    if (call === undefined) return;
    const signal = readSignal(message);
    if (signal === undefined) {
      return this.#fail(new SgcError(ErrorCode.ProtocolViolation, `Bad WebRTC signal on channel ${channel}: ${JSON.stringify(message)}`));
    }
    // Between two other pages on the channel.
    if (signal.to !== undefined && signal.to !== this.protocolClient.session) return;
    call.queue = call.queue.then(() => this.#handle(call, signal, from)).catch((error: unknown) => this.#fail(error));
  }

  async #handle(call: Call, signal: Signal, from: string): Promise<void> {
    if (this.#calls.get(call.channel) !== call) return;
    const peer = call.peer;
    // One pair per channel: a third page's signals are ignored.
    if (peer !== undefined && peer.remote !== from) return;
    switch (signal.type) {
      case 'join': {
        // The same page joining again lost its side of the connection: start over.
        if (peer !== undefined) this.#hangUp(call);
        const next = await this.#connect(call, from, true);
        if (next === undefined) return;
        await next.connection.setLocalDescription(await next.connection.createOffer());
        if (this.#isCurrent(call, next)) this.#signal(call, { type: 'offer', sdp: next.connection.localDescription!.sdp });
        return;
      }
      case 'offer': {
        let current = peer;
        if (current?.connection.signalingState === 'have-local-offer') {
          // Both pages got the other's join and offered: the smaller session id's offer stands.
          if ((this.protocolClient.session ?? '') < from) return;
          this.#hangUp(call, false);
          current = undefined;
        }
        current ??= await this.#connect(call, from, false);
        if (current === undefined) return;
        await current.connection.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
        await current.connection.setLocalDescription(await current.connection.createAnswer());
        if (!this.#isCurrent(call, current)) return;
        this.#signal(call, { type: 'answer', sdp: current.connection.localDescription!.sdp });
        this.#release(call, current);
        return;
      }
      case 'answer':
        if (peer === undefined) throw new SgcError(ErrorCode.ProtocolViolation, `WebRTC answer on channel ${call.channel} without an offer`);
        await peer.connection.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
        this.#release(call, peer);
        return;
      case 'candidate':
        // Candidates of a connection that was already ended or replaced are of no use.
        if (peer !== undefined) await peer.connection.addIceCandidate(signal.candidate);
        return;
      case 'bye':
        this.#hangUp(call);
        return;
    }
  }

  /** Makes the channel's peer connection with the local media, once that is settled. */
  async #connect(call: Call, remote: string, offerer: boolean): Promise<Peer | undefined> {
    const stream = await this.#media;
    if (this.#calls.get(call.channel) !== call || call.peer !== undefined || this.state() !== 'open') return undefined;
    const connection = new RTCPeerConnection({ iceServers: this.#iceServers });
    const peer: Peer = { connection, remote, streams: new Set(), held: [], connected: false };
    call.peer = peer;
    if (stream !== undefined) for (const track of stream.getTracks()) connection.addTrack(track, stream);
    // Without local media, the offer still asks for the peer's.
    else if (offerer) for (const kind of ['audio', 'video']) connection.addTransceiver(kind, { direction: 'recvonly' });
    connection.addEventListener('icecandidate', (event) => {
      if (event.candidate === null || !this.#isCurrent(call, peer)) return;
      const candidate = event.candidate.toJSON();
      if (peer.held === undefined) this.#signal(call, { type: 'candidate', candidate });
      else peer.held.push(candidate);
    });
    connection.addEventListener('track', (event) => {
      const remoteStream = event.streams[0] ?? new MediaStream([event.track]);
      if (!this.#isCurrent(call, peer) || peer.streams.has(remoteStream.id)) return;
      peer.streams.add(remoteStream.id);
      this.dispatchEvent(new SgcwsRemoteStreamEvent(call.channel, remoteStream));
    });
    connection.addEventListener('connectionstatechange', () => {
      if (!this.#isCurrent(call, peer)) return;
      if (connection.connectionState === 'connected' && !peer.connected) {
        peer.connected = true;
        this.dispatchEvent(new SgcwsWebrtcEvent('sgcwebrtcconnect', call.channel));
      } else if (connection.connectionState === 'failed') {
        this.#fail(new SgcError(ErrorCode.Socket, `The WebRTC connection on channel ${call.channel} failed`));
        this.#hangUp(call);
      }
    });
    return peer;
  }

  /** The offer and answer are exchanged: the held candidates go out, later ones as they come. */
  #release(call: Call, peer: Peer): void {
    const held = peer.held ?? [];
    peer.held = undefined;
    for (const candidate of held) this.#signal(call, { type: 'candidate', candidate });
  }

  /** Closes the channel's peer connection, firing `sgcwebrtcdisconnect` unless `announce` is false. */
  #hangUp(call: Call, announce = true): void {
    const peer = call.peer;
    if (peer === undefined) return;
    call.peer = undefined;
    peer.connection.close();
    if (announce) this.dispatchEvent(new SgcwsWebrtcEvent('sgcwebrtcdisconnect', call.channel));
  }

  /** The connection closed: every pairing ends and the camera and microphone are released. */
  #closeAll(): void {
    const calls = [...this.#calls.values()];
    this.#calls.clear();
    for (const call of calls) this.#hangUp(call);
    for (const track of this.#localStream?.getTracks() ?? []) track.stop();
    this.#localStream = undefined;
  }

  #isCurrent(call: Call, peer: Peer): boolean {
    return this.#calls.get(call.channel) === call && call.peer === peer;
  }

  #signal(call: Call, signal: Signal): void {
    const to = signal.type === 'join' ? undefined : call.peer?.remote;
    try {
      this.protocolClient.signal(call.channel, to === undefined ? signal : { ...signal, to });
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): void {
    this.dispatchEvent(new ErrorEvent('error', { message: errorMessage(error), error }));
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads a received signal; `undefined` for anything but the shapes {@link sgcws_webrtc} sends. */
function readSignal(message: unknown): Signal | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { type, sdp, candidate, to } = message as { type?: unknown; sdp?: unknown; candidate?: unknown; to?: unknown };
  if (to !== undefined && typeof to !== 'string') return undefined;
  switch (type) {
    case 'join':
    case 'bye':
      return { type, to };
    case 'offer':
    case 'answer':
      return typeof sdp === 'string' ? { type, sdp, to } : undefined;
    case 'candidate':
      return typeof candidate === 'object' && candidate !== null ? { type, candidate: candidate as RTCIceCandidateInit, to } : undefined;
    default:
      return undefined;
  }
}
