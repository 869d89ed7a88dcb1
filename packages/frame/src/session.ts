/**
 * A WebSocket connection bound to a socket after the handshake: it reads frames,
 * answers pings, writes messages with backpressure, and runs the closing
 * handshake (RFC 6455 §5, §7). `@sgc/server` and `@sgc/client` build their
 * connection classes on it.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { CloseCode } from './close-codes.js';
import type { DeflateCodec } from './deflate-codec.js';
import { ErrorCode, SgcError } from './errors.js';
import { FrameParser, type FragmentInfo, type FragmentMode, type FrameParserHandler } from './frame-parser.js';
import { closePayload, encodeFrame, encodeTextFrame, frameHeaderLength, writeFrameHeader } from './frame-serializer.js';
import { MaskPool } from './mask.js';
import type { PreparedMessage } from './prepared-message.js';
import { formatPeer, type ConnectionLog } from './connection-log.js';
import type { Throttle } from './throttle.js';
import { Opcode } from './opcodes.js';
import { bindSocket, type SocketOwner } from './socket-binding.js';

/** Connection states, numbered as the WHATWG `WebSocket.readyState`. */
export const ReadyState = {
  /** The handshake has not finished. */
  Connecting: 0,
  /** Messages flow. */
  Open: 1,
  /** A close frame was sent or received. */
  Closing: 2,
  /** The socket is closed. */
  Closed: 3,
} as const;

/** One of the {@link ReadyState} values. */
export type ReadyState = (typeof ReadyState)[keyof typeof ReadyState];

/** Limits and behaviour of a session. Every field has a safe default in {@link DEFAULT_SESSION_OPTIONS}. */
export interface SessionOptions {
  /** Largest incoming message in bytes, after inflation (close 1009 beyond). @defaultValue 64 MiB */
  maxPayload: number;
  /** Most frames an incoming message may have (close 1008 beyond). @defaultValue 16384 */
  maxFragments: number;
  /** Most pongs queued behind a slow socket before a ping flood fails the connection (close 1008). @defaultValue 60 */
  maxPendingPongs: number;
  /** Validate incoming text as UTF-8 while it arrives (close 1007). @defaultValue true */
  validateUtf8: boolean;
  /** How fragmented messages are delivered (the manual's `FragmentedMessages`). @defaultValue 'buffer' */
  fragmentMode: FragmentMode;
  /** Milliseconds to wait for the peer during the closing handshake before dropping the socket. @defaultValue 30000 */
  closeTimeout: number;
  /** `send()` returns `false` once this many bytes wait to be written. @defaultValue 1 MiB */
  highWaterMark: number;
}

/** The session settings as user options: every field optional, defaults from {@link DEFAULT_SESSION_OPTIONS}. */
export type SessionSettings = { [K in keyof SessionOptions]?: SessionOptions[K] | undefined };

/** The defaults of {@link SessionOptions}. */
export const DEFAULT_SESSION_OPTIONS: Readonly<SessionOptions> = {
  maxPayload: 64 * 1024 * 1024,
  maxFragments: 16384,
  maxPendingPongs: 60,
  validateUtf8: true,
  fragmentMode: 'buffer',
  closeTimeout: 30_000,
  highWaterMark: 1024 * 1024,
};

/**
 * Fills in defaults and checks limits given as user options.
 *
 * @param options - any subset of {@link SessionOptions}; `undefined` fields take the default
 * @returns complete options
 * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for a limit that is not a positive number
 * @example
 * ```ts
 * const options = resolveSessionOptions({ maxPayload: 1 << 20 });
 * ```
 */
export function resolveSessionOptions(options: SessionSettings): SessionOptions {
  const resolved = { ...DEFAULT_SESSION_OPTIONS };
  for (const key of Object.keys(resolved) as Array<keyof SessionOptions>) {
    const value = options[key];
    if (value === undefined) continue;
    if (typeof resolved[key] === 'number' && !(typeof value === 'number' && value > 0)) {
      throw new SgcError(ErrorCode.InvalidArgument, `${key} must be a positive number, got ${String(value)}`);
    }
    Object.assign(resolved, { [key]: value });
  }
  if (!['buffer', 'fragments', 'all'].includes(resolved.fragmentMode)) {
    throw new SgcError(ErrorCode.InvalidArgument, `fragmentMode must be buffer, fragments or all`);
  }
  return resolved;
}

/**
 * The per-connection events a Node client and a server connection share.
 * `error` is only emitted when someone listens, so a misbehaving peer cannot
 * crash the process with an unhandled `error` event.
 */
export interface SessionEvents {
  /** A text message. */
  message: [text: string];
  /** A binary message. */
  binary: [data: Buffer];
  /** A fragment (fragment modes `fragments` and `all`). */
  fragmented: [data: Buffer, info: FragmentInfo];
  /** A ping arrived (it was answered). */
  ping: [data: Buffer];
  /** A pong arrived. */
  pong: [data: Buffer];
  /** The write buffer fell below the high-water mark. */
  drain: [];
  /** A protocol or socket error; only emitted when someone listens. */
  error: [error: SgcError];
}

/** Receives what happens on a session. */
export interface SessionHandler {
  /** A text message. */
  onText(text: string): void;
  /** A binary message. */
  onBinary(data: Buffer): void;
  /** A fragment (fragment modes `fragments` and `all`). */
  onFragment(data: Buffer, info: FragmentInfo): void;
  /** A ping arrived (already answered). */
  onPing(data: Buffer): void;
  /** A pong arrived. */
  onPong(data: Buffer): void;
  /** A protocol error or socket error; a protocol error also starts closing with `error.closeCode`. */
  onError(error: SgcError): void;
  /** The write buffer drained below the high-water mark. */
  onDrain(): void;
  /** The socket closed: the final call. `code` is 1006 when no close frame arrived. */
  onClose(code: number, reason: string, wasClean: boolean): void;
}

/** Per-connection helpers a session can run its traffic through. */
export interface SessionExtras {
  /** Limits the bits per second sent and received (the manual's Throttle). */
  throttle?: Throttle | undefined;
  /** Logs the connection and every message (the manual's LogFile). */
  log?: ConnectionLog | undefined;
}

/** Options of one {@link WebSocketSession.send}. */
export interface SendOptions {
  /** Split the message into frames of at most this many payload bytes. */
  fragmentSize?: number;
  /** Compress when the extension is negotiated and the message reaches the threshold. @defaultValue true */
  compress?: boolean;
}

interface PendingPing {
  readonly payload: Buffer;
  readonly sentAt: number;
  readonly resolve: (rtt: number) => void;
  readonly reject: (error: SgcError) => void;
  readonly timer: NodeJS.Timeout | undefined;
}

/** Options of {@link WebSocketSession.pingAndWait}. */
export interface PingOptions {
  /** Milliseconds to wait for the pong; 0 waits until the connection closes. @defaultValue 10000 */
  timeout?: number;
  /** Cancels the wait. */
  signal?: AbortSignal;
}

/** Payloads at least this long are written after their header instead of being copied next to it. */
const COPY_LIMIT = 16 * 1024;

const sharedMaskPool = new MaskPool();

/**
 * The protocol engine of one open WebSocket connection.
 *
 * @example
 * ```ts
 * const session = new WebSocketSession(socket, 'server', handler, DEFAULT_SESSION_OPTIONS, undefined, head);
 * session.send('hello');
 * session.close(1000, 'bye');
 * ```
 */
export class WebSocketSession implements FrameParserHandler, SocketOwner {
  readonly #socket: Socket;
  readonly #handler: SessionHandler;
  readonly #options: SessionOptions;
  readonly #parser: FrameParser;
  readonly #codec: DeflateCodec | undefined;
  readonly #masking: boolean;
  #state: ReadyState = ReadyState.Open;
  #closeSent = false;
  #closeReceived = false;
  #closeCode: number = CloseCode.Abnormal;
  #closeReason = '';
  #closeTimer: NodeJS.Timeout | undefined;
  #pendingPongs = 0;
  /** Writes waiting behind a compression in progress, in order. */
  #queue: Array<() => void> | undefined;
  #queuedBytes = 0;
  #compressing = false;
  #aboveHighWater = false;
  /** Pings awaiting their pong, oldest first. */
  #pings: PendingPing[] | undefined;
  readonly #throttle: Throttle | undefined;
  readonly #log: ConnectionLog | undefined;
  /** `IP:port` for the log, taken at the start: a closed socket forgets its peer. */
  readonly #peer: string;

  /**
   * @param socket - the connected socket, handshake done
   * @param role - `server` (reads masked frames, writes unmasked) or `client` (the reverse)
   * @param handler - receives messages and lifecycle calls
   * @param options - limits; see {@link DEFAULT_SESSION_OPTIONS}
   * @param codec - the negotiated compression, if any
   * @param head - bytes that arrived after the handshake, already read from the socket
   * @param extras - throttle and log
   */
  constructor(
    socket: Socket,
    role: 'server' | 'client',
    handler: SessionHandler,
    options: SessionOptions,
    codec?: DeflateCodec,
    head?: Buffer,
    extras: SessionExtras = {},
  ) {
    this.#socket = socket;
    this.#handler = handler;
    this.#options = options;
    this.#codec = codec;
    this.#masking = role === 'client';
    this.#throttle = extras.throttle;
    this.#log = extras.log;
    this.#peer = this.#log ? formatPeer(socket) : '';
    this.#parser = new FrameParser(this, {
      role,
      maxPayload: options.maxPayload,
      maxFragments: options.maxFragments,
      validateUtf8: options.validateUtf8,
      fragmentMode: options.fragmentMode,
      codec,
    });
    bindSocket(socket, this, this.#throttle, head);
    this.#log?.connected(this.#peer);
  }

  /** The connection state. */
  get readyState(): ReadyState {
    return this.#state;
  }

  /** Bytes accepted by `send()` but not yet handed to the kernel. */
  get bufferedAmount(): number {
    return this.#socket.writableLength + this.#queuedBytes + (this.#throttle?.bufferedAmount ?? 0);
  }

  /** `true` while `bufferedAmount` is at or above the high-water mark. */
  get needsDrain(): boolean {
    return this.bufferedAmount >= this.#options.highWaterMark;
  }

  /** The underlying socket. */
  get socket(): Socket {
    return this.#socket;
  }

  /** The negotiated compression, if any. */
  get codec(): DeflateCodec | undefined {
    return this.#codec;
  }

  /**
   * Sends a text (string) or binary (bytes) message.
   *
   * @param data - the message
   * @param options - fragmentation and compression
   * @returns `false` once `bufferedAmount` reaches the high-water mark: wait for the drain callback
   * @throws {@link SgcError} `SGC_ERR_NOT_OPEN` when the connection is closing or closed;
   * `SGC_ERR_INVALID_ARGUMENT` for a fragment size below 1
   */
  send(data: string | Uint8Array, options?: SendOptions): boolean {
    if (this.#state !== ReadyState.Open) {
      throw new SgcError(ErrorCode.NotOpen, 'The WebSocket connection is not open');
    }
    const fragmentSize = options?.fragmentSize;
    if (fragmentSize !== undefined && !(Number.isInteger(fragmentSize) && fragmentSize >= 1)) {
      throw new SgcError(ErrorCode.InvalidArgument, 'fragmentSize must be a positive integer');
    }
    const opcode = typeof data === 'string' ? Opcode.Text : Opcode.Binary;
    this.#log?.sent(this.#peer, data);
    const codec = this.#codec;
    if (codec !== undefined && options?.compress !== false) {
      const length = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      if (codec.shouldCompress(length)) {
        const bytes = typeof data === 'string' ? Buffer.from(data) : data;
        this.#enqueue(bytes.length, () => this.#compressAndWrite(opcode, bytes, fragmentSize));
        return this.#belowHighWater();
      }
    }
    if (this.#queue !== undefined) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      this.#enqueue(bytes.length, () => this.#writeMessage(opcode, bytes, fragmentSize, false));
    } else if (fragmentSize === undefined && typeof data === 'string') {
      this.#put(encodeTextFrame(opcode, data, { mask: this.#mask() }));
    } else {
      this.#writeMessage(opcode, typeof data === 'string' ? Buffer.from(data) : data, fragmentSize, false);
    }
    return this.#belowHighWater();
  }

  /**
   * Sends a message prepared for many connections: its shared frame when this connection
   * neither masks, compresses nor queues it, otherwise as {@link WebSocketSession.send} would.
   *
   * @param message - the prepared message
   * @returns `false` once `bufferedAmount` reaches the high-water mark
   * @throws {@link SgcError} `SGC_ERR_NOT_OPEN` when the connection is closing or closed
   */
  sendPrepared(message: PreparedMessage): boolean {
    const codec = this.#codec;
    if (this.#masking || this.#queue !== undefined || (codec !== undefined && codec.shouldCompress(message.byteLength))) {
      return this.send(message.data);
    }
    if (this.#state !== ReadyState.Open) {
      throw new SgcError(ErrorCode.NotOpen, 'The WebSocket connection is not open');
    }
    this.#log?.sent(this.#peer, message.data);
    this.#put(message.frame);
    return this.#belowHighWater();
  }

  /**
   * Sends a ping (RFC 6455 §5.5.2).
   *
   * @param data - at most 125 bytes of application data
   * @throws {@link SgcError} `SGC_ERR_NOT_OPEN` when not open; `SGC_ERR_INVALID_ARGUMENT` over 125 bytes
   */
  ping(data: Uint8Array | string = ''): void {
    this.#control(Opcode.Ping, data);
  }

  /**
   * Sends a ping and resolves with the round-trip time once its pong arrives.
   *
   * @param data - at most 125 bytes; a pong with the same payload settles this ping
   * @param options - timeout and abort signal
   * @returns milliseconds between the ping and its pong
   * @throws {@link SgcError} `SGC_ERR_TIMEOUT` when no pong arrives in time, `SGC_ERR_ABORTED`,
   * `SGC_ERR_CONNECTION_CLOSED` when the connection closes first, `SGC_ERR_NOT_OPEN`
   */
  pingAndWait(data: Uint8Array | string = '', options: PingOptions = {}): Promise<number> {
    const payload = Buffer.from(typeof data === 'string' ? Buffer.from(data) : data);
    const { timeout = 10_000, signal } = options;
    return new Promise<number>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new SgcError(ErrorCode.Aborted, 'Ping aborted', { cause: signal.reason }));
        return;
      }
      this.#control(Opcode.Ping, payload);
      const pings = (this.#pings ??= []);
      const settle = (): void => {
        const index = pings.indexOf(entry);
        if (index !== -1) pings.splice(index, 1);
        clearTimeout(entry.timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        settle();
        reject(new SgcError(ErrorCode.Aborted, 'Ping aborted', { cause: signal?.reason }));
      };
      const entry: PendingPing = {
        payload,
        sentAt: performance.now(),
        resolve: (rtt) => {
          settle();
          resolve(rtt);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
        timer:
          timeout > 0
            ? setTimeout(() => entry.reject(new SgcError(ErrorCode.Timeout, `No pong within ${timeout} ms`)), timeout)
            : undefined,
      };
      pings.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Sends an unsolicited pong (RFC 6455 §5.5.3), e.g. as a one-way heartbeat.
   *
   * @param data - at most 125 bytes of application data
   * @throws {@link SgcError} `SGC_ERR_NOT_OPEN` when not open; `SGC_ERR_INVALID_ARGUMENT` over 125 bytes
   */
  pong(data: Uint8Array | string = ''): void {
    this.#control(Opcode.Pong, data);
  }

  /**
   * Starts the closing handshake (RFC 6455 §7.1.2). The socket is dropped if
   * the peer does not finish it within `closeTimeout`.
   *
   * @param code - the close code; omit to send an empty close frame
   * @param reason - at most 123 bytes of UTF-8
   * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for a code not allowed on the wire or a long reason
   */
  close(code?: number, reason?: string): void {
    const payload = closePayload(code, reason);
    if (this.#state >= ReadyState.Closing) return;
    this.#state = ReadyState.Closing;
    this.#sendClose(payload);
  }

  /**
   * Drops the connection at once (the manual's `Disconnect`). With a code, a close
   * frame is written first, without waiting for the peer's answer.
   *
   * @param code - optional close code to announce
   * @param reason - optional close reason
   */
  terminate(code?: number, reason?: string): void {
    if (this.#state === ReadyState.Closed) return;
    if (code !== undefined && !this.#closeSent && this.#queue === undefined) {
      this.#closeSent = true;
      this.#end(encodeFrame(Opcode.Close, closePayload(code, reason), { mask: this.#mask() }));
    }
    this.#state = ReadyState.Closing;
    this.#socket.destroy();
  }

  /** @internal Socket data arrived. */
  receive(chunk: Buffer): void {
    this.#parser.push(chunk);
  }

  /** @internal The socket drained. */
  drained(): void {
    if (this.#aboveHighWater && this.bufferedAmount < this.#options.highWaterMark) {
      this.#aboveHighWater = false;
      this.#handler.onDrain();
    }
  }

  /** @internal The socket reported an error; `close` follows. */
  socketError(error: Error): void {
    this.#handler.onError(new SgcError(ErrorCode.Socket, error.message, { cause: error }));
  }

  /** @internal The peer half-closed: we have nothing more to read, so finish our side too. */
  peerEnded(): void {
    this.#socket.end();
  }

  /** @internal The socket closed. */
  socketClosed(): void {
    if (this.#state === ReadyState.Closed) return;
    this.#state = ReadyState.Closed;
    clearTimeout(this.#closeTimer);
    this.#parser.stop();
    this.#queue = undefined;
    this.#queuedBytes = 0;
    this.#codec?.close();
    for (const ping of [...(this.#pings ?? [])]) {
      ping.reject(new SgcError(ErrorCode.ConnectionClosed, 'The connection closed before the pong arrived'));
    }
    this.#throttle?.dispose();
    this.#log?.disconnected(this.#peer);
    const wasClean = this.#closeSent && this.#closeReceived;
    this.#handler.onClose(this.#closeCode, this.#closeReason, wasClean);
  }

  /** @internal Parser callback: a text message. */
  onText(text: string): void {
    this.#log?.received(this.#peer, text);
    this.#handler.onText(text);
  }

  /** @internal Parser callback: a binary message. */
  onBinary(data: Buffer): void {
    this.#log?.received(this.#peer, data);
    this.#handler.onBinary(data);
  }

  /** @internal Parser callback: a fragment. */
  onFragment(data: Buffer, info: FragmentInfo): void {
    this.#handler.onFragment(data, info);
  }

  /** @internal Parser callback: a ping. */
  onPing(data: Buffer): void {
    this.#onPing(data);
  }

  /** @internal Parser callback: a pong. */
  onPong(data: Buffer): void {
    this.#settlePing(data);
    this.#handler.onPong(data);
  }

  /** @internal Parser callback: a close frame. */
  onClose(code: number, reason: string): void {
    this.#onCloseFrame(code, reason);
  }

  /** @internal Parser callback: a protocol error. */
  onError(error: SgcError): void {
    this.#onProtocolError(error);
  }

  #onPing(data: Buffer): void {
    if (this.#state === ReadyState.Open) {
      // Answer at once (§5.5.2), but fail a ping flood whose pongs the peer never reads.
      if (++this.#pendingPongs > this.#options.maxPendingPongs) {
        this.#onProtocolError(
          new SgcError(ErrorCode.TooManyPendingPongs, 'Too many pings without reading the pongs', { closeCode: 1008 }),
        );
        return;
      }
      this.#write(encodeFrame(Opcode.Pong, data, { mask: this.#mask() }), () => this.#pendingPongs--);
    }
    this.#handler.onPing(data);
  }

  /** A pong answers the oldest ping with the same payload (RFC 6455 §5.5.3). */
  #settlePing(data: Buffer): void {
    const entry = this.#pings?.find((ping) => ping.payload.equals(data));
    entry?.resolve(performance.now() - entry.sentAt);
  }

  #onCloseFrame(code: number, reason: string): void {
    this.#closeReceived = true;
    this.#closeCode = code;
    this.#closeReason = reason;
    if (!this.#closeSent) {
      // Echo the status code (§5.5.1); an empty close frame is answered with an empty one.
      this.#state = ReadyState.Closing;
      this.#sendClose(code === CloseCode.NoStatus ? Buffer.alloc(0) : closePayload(code));
    } else {
      this.#finishClose();
    }
  }

  #onProtocolError(error: SgcError): void {
    this.#parser.stop();
    this.#handler.onError(error);
    if (this.#state === ReadyState.Closed) return;
    this.#closeCode = error.closeCode ?? CloseCode.ProtocolError;
    if (!this.#closeSent) {
      this.#state = ReadyState.Closing;
      // Failing the connection (§7.1.7): send the close frame, then close TCP without waiting.
      this.#sendClose(closePayload(this.#closeCode));
    }
    this.#finishClose();
  }

  #sendClose(payload: Buffer): void {
    this.#closeSent = true;
    const frame = encodeFrame(Opcode.Close, payload, { mask: this.#mask() });
    if (this.#queue !== undefined) this.#enqueue(0, () => this.#writeClose(frame));
    else this.#writeClose(frame);
    this.#closeTimer ??= setTimeout(() => this.#socket.destroy(), this.#options.closeTimeout).unref();
  }

  #writeClose(frame: Buffer): void {
    this.#put(frame);
    if (this.#closeReceived) this.#finishClose();
  }

  /** Both close frames are out (or the connection failed): close our side of TCP (§7.1.1). */
  #finishClose(): void {
    if (this.#queue !== undefined) {
      this.#enqueue(0, () => this.#end());
      return;
    }
    this.#end();
  }

  #control(opcode: number, data: Uint8Array | string): void {
    if (this.#state !== ReadyState.Open) {
      throw new SgcError(ErrorCode.NotOpen, 'The WebSocket connection is not open');
    }
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    if (bytes.length > 125) {
      throw new SgcError(ErrorCode.InvalidArgument, 'Control frame data must fit in 125 bytes');
    }
    this.#write(encodeFrame(opcode, bytes, { mask: this.#mask() }));
  }

  #mask(): Uint8Array | undefined {
    return this.#masking ? sharedMaskPool.next() : undefined;
  }

  #belowHighWater(): boolean {
    if (this.bufferedAmount < this.#options.highWaterMark) return true;
    this.#aboveHighWater = true;
    return false;
  }

  /** Hands bytes to the socket, through the throttle when there is one. */
  #put(bytes: Uint8Array, callback?: () => void): void {
    if (this.#throttle !== undefined) this.#throttle.write(bytes, callback);
    else this.#socket.write(bytes, callback);
  }

  /** Ends our side of TCP after `last` (if given) and everything before it is written. */
  #end(last?: Uint8Array): void {
    if (this.#throttle === undefined) {
      if (last === undefined) this.#socket.end();
      else this.#socket.end(last);
      return;
    }
    if (last !== undefined) this.#throttle.write(last);
    this.#throttle.end();
  }

  /** Writes now, or after the compressions ahead of it, keeping frame order. */
  #write(frame: Buffer, callback?: () => void): void {
    if (this.#queue !== undefined) this.#enqueue(frame.length, () => this.#put(frame, callback));
    else this.#put(frame, callback);
  }

  #enqueue(bytes: number, operation: () => void): void {
    if (this.#queue === undefined && !this.#compressing) {
      operation();
      return;
    }
    this.#queuedBytes += bytes;
    (this.#queue ??= []).push(() => {
      this.#queuedBytes -= bytes;
      operation();
    });
  }

  /** Runs queued writes until the next compression starts. */
  #flushQueue(): void {
    const queue = this.#queue;
    while (queue !== undefined && queue.length > 0 && !this.#compressing) queue.shift()!();
    if (!this.#compressing && this.#queue === queue) this.#queue = undefined;
    if (this.#queue === undefined) this.drained();
  }

  #compressAndWrite(opcode: number, data: Uint8Array, fragmentSize: number | undefined): void {
    const codec = this.#codec!;
    this.#compressing = true;
    this.#queue ??= [];
    const done = (): void => {
      this.#compressing = false;
      this.#flushQueue();
    };
    if (codec.agreement.perFrame) {
      // deflate-frame: every frame is compressed on its own and flagged with RSV1.
      const size = fragmentSize ?? Math.max(data.length, 1);
      const pieces: Uint8Array[] = [];
      for (let at = 0; at < data.length || pieces.length === 0; at += size) pieces.push(data.subarray(at, at + size));
      let index = 0;
      const next = (): void => {
        const piece = pieces[index]!;
        codec.compress(piece, true, (_error, compressed) => {
          if (this.#state === ReadyState.Closed) return done();
          const fin = index === pieces.length - 1;
          this.#put(
            encodeFrame(index === 0 ? opcode : Opcode.Continuation, compressed, { fin, rsv1: true, mask: this.#mask() }),
          );
          index++;
          if (fin) done();
          else next();
        });
      };
      next();
      return;
    }
    codec.compress(data, true, (_error, compressed) => {
      if (this.#state !== ReadyState.Closed) this.#writeMessage(opcode, compressed, fragmentSize, true);
      done();
    });
  }

  /** Writes one message, split into frames of `fragmentSize` when given. RSV1 goes on the first frame only. */
  #writeMessage(opcode: number, data: Uint8Array, fragmentSize: number | undefined, rsv1: boolean): void {
    if (fragmentSize === undefined || data.length <= fragmentSize) {
      this.#writeFrame(opcode, data, true, rsv1);
      return;
    }
    this.#socket.cork();
    for (let at = 0; at < data.length; at += fragmentSize) {
      const end = Math.min(at + fragmentSize, data.length);
      this.#writeFrame(at === 0 ? opcode : Opcode.Continuation, data.subarray(at, end), end === data.length, rsv1 && at === 0);
    }
    this.#socket.uncork();
  }

  #writeFrame(opcode: number, payload: Uint8Array, fin: boolean, rsv1: boolean): void {
    const mask = this.#mask();
    if (mask !== undefined || payload.length < COPY_LIMIT) {
      this.#put(encodeFrame(opcode, payload, { fin, rsv1, mask }));
      return;
    }
    // Large unmasked payloads: write the header, then the caller's bytes, without a copy.
    const header = Buffer.allocUnsafe(frameHeaderLength(payload.length, false));
    writeFrameHeader(header, 0, opcode, payload.length, { fin, rsv1 });
    this.#socket.cork();
    this.#put(header);
    this.#put(payload);
    this.#socket.uncork();
  }
}
