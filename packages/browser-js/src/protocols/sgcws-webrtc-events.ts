/**
 * The events an `sgcws_webrtc` fires besides `sgcws`'s, named as in the manual's
 * `webrtc.esegece.com.js`: `sgcmediastart` (`event.stream`), `sgcremotestream`
 * (`event.channel`, `event.stream`), `sgcwebrtcconnect` and `sgcwebrtcdisconnect` (`event.channel`).
 *
 * @module
 */
import type { SgcwsEventMap } from './sgcws-events.js';

/**
 * The camera and microphone are ready (the manual's `sgcmediastart`): the page can show them and
 * call `webrtc_connect`.
 *
 * @example
 * ```js
 * socket.on('sgcmediastart', function (event) {
 *   document.getElementById('local').srcObject = event.stream;
 *   socket.webrtc_connect('room-1');
 * });
 * ```
 */
export class SgcwsMediaStartEvent extends Event {
  /** The local camera and microphone, as `getUserMedia` gave them. */
  readonly stream: MediaStream;

  /**
   * @param stream - the local media
   */
  constructor(stream: MediaStream) {
    super('sgcmediastart');
    this.stream = stream;
  }
}

/**
 * The peer on a channel sends its media (`sgcremotestream`): show it in a `<video>`.
 *
 * @example
 * ```js
 * socket.on('sgcremotestream', function (event) {
 *   document.getElementById('remote').srcObject = event.stream;
 * });
 * ```
 */
export class SgcwsRemoteStreamEvent extends Event {
  /** The channel of the pairing. */
  readonly channel: string;
  /** The peer's media: its audio and video tracks. */
  readonly stream: MediaStream;

  /**
   * @param channel - the channel
   * @param stream - the peer's media
   */
  constructor(channel: string, stream: MediaStream) {
    super('sgcremotestream');
    this.channel = channel;
    this.stream = stream;
  }
}

/**
 * The peer connection on a channel is up (`sgcwebrtcconnect`: its `connectionState` became
 * `connected`) or ended (`sgcwebrtcdisconnect`).
 *
 * @example
 * ```js
 * socket.on('sgcwebrtcconnect', function (event) { console.log('talking on ' + event.channel); });
 * socket.on('sgcwebrtcdisconnect', function (event) { console.log('hung up on ' + event.channel); });
 * ```
 */
export class SgcwsWebrtcEvent extends Event {
  /** The channel of the pairing. */
  readonly channel: string;

  /**
   * @param type - `sgcwebrtcconnect` or `sgcwebrtcdisconnect`
   * @param channel - the channel
   */
  constructor(type: 'sgcwebrtcconnect' | 'sgcwebrtcdisconnect', channel: string) {
    super(type);
    this.channel = channel;
  }
}

/** The name of each `sgcws_webrtc` event and the event it carries: the WebRTC events plus those of `sgcws`. */
export interface SgcwsWebrtcEventMap extends SgcwsEventMap {
  /** The local camera and microphone are ready. */
  sgcmediastart: SgcwsMediaStartEvent;
  /** The peer on a channel sends its media. */
  sgcremotestream: SgcwsRemoteStreamEvent;
  /** The peer connection on a channel is up. */
  sgcwebrtcconnect: SgcwsWebrtcEvent;
  /** The peer connection on a channel ended. */
  sgcwebrtcdisconnect: SgcwsWebrtcEvent;
}
