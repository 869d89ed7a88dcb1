/**
 * A plain TCP connection with sgc's connection surface (the manual's `trpTCP`
 * transport, and the client's `tcp://` URLs): no WebSocket framing, messages cut by
 * an {@link EndOfFrameScanner}, and everything delivered as binary (TCP cannot
 * tell text from binary).
 *
 * @module
 */
import type { Socket } from 'node:net';
import { CloseCode } from './close-codes.js';
import { formatPeer, type ConnectionLog } from './connection-log.js';
import { ErrorCode, SgcError } from './errors.js';
import { ReadyState } from './session.js';
import { EndOfFrameScanner, type EndOfFrameScanMode, type EndOfFrameScannerHandler } from './tcp-framing.js';
import { bindSocket, type SocketOwner } from './socket-binding.js';
import type { Throttle } from './throttle.js';

/** Receives what happens on a {@link TcpSession}. */
export interface TcpSessionHandler {
  /** One message, as cut by the scan mode. */
  onBinary(data: Buffer): void;
  /** A socket error, or more than `maxBuffer` bytes without a delimiter (the connection is then dropped). */
  onError(error: SgcError): void;
  /** The write buffer drained below the high-water mark after `send()` returned `false`. */
  onDrain(): void;
  /**
   * The socket closed: the final call. `code` is 1000 when both sides ended the
   * stream cleanly and 1006 when it was dropped (error, reset, `terminate()`, close timeout).
   * `reason` is always `''`: TCP has no close frame to carry one.
   */
  onClose(code: number, reason: string, wasClean: boolean): void;
}

/** Limits and behaviour of a TCP session. Every field has a default in {@link DEFAULT_TCP_SESSION_OPTIONS}. */
export interface TcpSessionOptions {
  /** How received bytes are cut into messages (the manual's `TCPEndOfFrameScanBuffer`). @defaultValue 'none' */
  scanMode: EndOfFrameScanMode;
  /** The end-of-message bytes (the manual's `AddTCPEndOfFrame`). @defaultValue none */
  delimiter: readonly number[] | Uint8Array;
  /** Most bytes held while waiting for the delimiter (the connection is dropped beyond). @defaultValue 16 MiB */
  maxBuffer: number;
  /** `send()` returns `false` once this many bytes wait to be written. @defaultValue 1 MiB */
  highWaterMark: number;
  /** Milliseconds `close()` waits for the peer to end its side before dropping the socket. @defaultValue 30000 */
  closeTimeout: number;
}

/** The TCP session settings as user options: every field optional, with its default. */
export type TcpSessionSettings = { [K in keyof TcpSessionOptions]?: TcpSessionOptions[K] | undefined } & {
  /** Paces sending and receiving (the manual's `Throttle`); one per connection, disposed with it. */
  throttle?: Throttle | undefined;
  /** Logs connect, data and disconnect lines (the manual's `LogFile`); shared by any number of sessions. */
  log?: ConnectionLog | undefined;
};

/** The defaults of {@link TcpSessionOptions}. */
export const DEFAULT_TCP_SESSION_OPTIONS: Readonly<TcpSessionOptions> = {
  scanMode: 'none',
  delimiter: [],
  maxBuffer: 16 * 1024 * 1024,
  highWaterMark: 1024 * 1024,
  closeTimeout: 30_000,
};

/**
 * The engine of one plain TCP connection.
 *
 * @example
 * ```ts
 * const session = new TcpSession(socket, {
 *   onBinary: (data) => console.log(data.toString()),
 *   onError: (error) => console.error(error),
 *   onDrain: () => {},
 *   onClose: (code) => console.log('closed', code),
 * }, { scanMode: 'all', delimiter: [0, 10] });
 * session.send('CONNECT\naccept-version:1.2\n\n\0\n');
 * await session.close();
 * ```
 */
export class TcpSession implements EndOfFrameScannerHandler, SocketOwner {
  readonly #socket: Socket;
  readonly #handler: TcpSessionHandler;
  readonly #options: TcpSessionOptions;
  readonly #scanner: EndOfFrameScanner;
  readonly #throttle: Throttle | undefined;
  readonly #log: ConnectionLog | undefined;
  /** `IP:port`, taken now: a destroyed socket may no longer know its peer. */
  readonly #peer: string;
  #state: ReadyState = ReadyState.Open;
  #peerEnded = false;
  /** The connection was dropped or failed, so it cannot end cleanly. */
  #failed = false;
  #aboveHighWater = false;
  #closeTimer: NodeJS.Timeout | undefined;
  #closedPromise: Promise<void> | undefined;
  #resolveClosed: (() => void) | undefined;

  /**
   * @param socket - the connected socket
   * @param handler - receives messages and lifecycle calls
   * @param settings - scan mode, delimiter, limits, throttle and log; see {@link DEFAULT_TCP_SESSION_OPTIONS}
   * @param head - bytes already read from the socket (for example while sniffing the protocol)
   * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for a limit that is not a positive number,
   * an unknown scan mode or a delimiter value outside 0-255
   */
  constructor(socket: Socket, handler: TcpSessionHandler, settings: TcpSessionSettings = {}, head?: Buffer) {
    const options = resolveTcpSessionOptions(settings);
    this.#socket = socket;
    this.#handler = handler;
    this.#options = options;
    this.#scanner = new EndOfFrameScanner(this, {
      mode: options.scanMode,
      delimiter: options.delimiter,
      maxBuffer: options.maxBuffer,
    });
    this.#throttle = settings.throttle;
    this.#log = settings.log;
    this.#peer = formatPeer(socket);
    bindSocket(socket, this, this.#throttle, head);
    this.#log?.connected(this.#peer);
  }

  /** The connection state: `Open`, `Closing` once either side ended, `Closed` once the socket closed. */
  get readyState(): ReadyState {
    return this.#state;
  }

  /** Bytes accepted by `send()` but not yet handed to the kernel (the throttle's queue included). */
  get bufferedAmount(): number {
    return this.#socket.writableLength + (this.#throttle?.bufferedAmount ?? 0);
  }

  /** `true` while `bufferedAmount` is at or above the high-water mark. */
  get needsDrain(): boolean {
    return this.bufferedAmount >= this.#options.highWaterMark;
  }

  /** The message scanner: change its mode or add delimiter bytes at any time (the manual does it in `OnConnect`). */
  get scanner(): EndOfFrameScanner {
    return this.#scanner;
  }

  /** The underlying socket. */
  get socket(): Socket {
    return this.#socket;
  }

  /** The peer as `IP:port`, taken when the session was created. */
  get peer(): string {
    return this.#peer;
  }

  /**
   * Sends bytes as they are (no framing): strings as UTF-8. Add the delimiter yourself if the peer expects one.
   *
   * @param data - the message
   * @returns `false` once `bufferedAmount` reaches the high-water mark: wait for `onDrain`
   * @throws {@link SgcError} `SGC_ERR_NOT_OPEN` when the session is closing or closed
   */
  send(data: string | Uint8Array): boolean {
    if (this.#state !== ReadyState.Open) {
      throw new SgcError(ErrorCode.NotOpen, 'The TCP connection is not open');
    }
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.#log?.sent(this.#peer, bytes);
    if (this.#throttle !== undefined) this.#throttle.write(bytes);
    else this.#socket.write(bytes);
    if (this.bufferedAmount < this.#options.highWaterMark) return true;
    this.#aboveHighWater = true;
    return false;
  }

  /**
   * Ends our side of the stream once everything queued is written, and waits for the
   * peer to end its side; the socket is dropped (code 1006) if it does not within `closeTimeout`.
   *
   * @returns resolves once the socket closed (after `onClose`); never rejects
   */
  close(): Promise<void> {
    if (this.#state === ReadyState.Closed) return Promise.resolve();
    if (this.#state === ReadyState.Open) {
      this.#state = ReadyState.Closing;
      this.#endOurSide();
    }
    this.#closeTimer ??= setTimeout(() => this.#drop(), this.#options.closeTimeout).unref();
    return this.#whenClosed();
  }

  /** Drops the connection at once (the manual's `Disconnect`): unsent bytes are lost and the close code is 1006. */
  terminate(): void {
    if (this.#state === ReadyState.Closed) return;
    this.#state = ReadyState.Closing;
    this.#drop();
  }

  /** @internal Socket (or throttle) data arrived. */
  receive(chunk: Buffer): void {
    if (this.#state === ReadyState.Closed || this.#failed) return;
    try {
      this.#scanner.push(chunk);
    } catch (error) {
      // Only the scanner's own limit is handled here; a throwing handler is the caller's bug.
      if (!(error instanceof SgcError && error.code === ErrorCode.PayloadTooLarge)) throw error;
      this.#handler.onError(error);
      this.terminate();
    }
  }

  /** @internal Scanner callback: one message. */
  onMessage(data: Buffer): void {
    this.#log?.received(this.#peer, data);
    this.#handler.onBinary(data);
  }

  /** @internal The socket (or the throttle) drained. */
  drained(): void {
    if (this.#aboveHighWater && this.bufferedAmount < this.#options.highWaterMark) {
      this.#aboveHighWater = false;
      this.#handler.onDrain();
    }
  }

  /** @internal The peer ended its side: end ours too (after what is queued), which closes the socket. */
  peerEnded(): void {
    this.#peerEnded = true;
    if (this.#state === ReadyState.Open) {
      this.#state = ReadyState.Closing;
      this.#endOurSide();
    }
  }

  /** @internal The socket reported an error; `close` follows. */
  socketError(error: Error): void {
    this.#failed = true;
    this.#handler.onError(new SgcError(ErrorCode.Socket, error.message, { cause: error }));
  }

  /** @internal The socket closed. */
  socketClosed(hadError: boolean): void {
    if (this.#state === ReadyState.Closed) return;
    this.#state = ReadyState.Closed;
    clearTimeout(this.#closeTimer);
    this.#throttle?.dispose();
    // Bytes after the last delimiter never formed a message; they are dropped.
    this.#scanner.flush();
    const wasClean = this.#peerEnded && !this.#failed && !hadError;
    this.#log?.disconnected(this.#peer);
    this.#handler.onClose(wasClean ? CloseCode.Normal : CloseCode.Abnormal, '', wasClean);
    this.#resolveClosed?.();
  }

  #endOurSide(): void {
    if (this.#throttle !== undefined) this.#throttle.end();
    else this.#socket.end();
  }

  #drop(): void {
    this.#failed = true;
    this.#socket.destroy();
  }

  #whenClosed(): Promise<void> {
    this.#closedPromise ??= new Promise<void>((resolve) => {
      this.#resolveClosed = resolve;
    });
    return this.#closedPromise;
  }
}

/**
 * Fills in defaults and checks limits given as user options.
 *
 * @param settings - any subset of {@link TcpSessionOptions}; `undefined` fields take the default
 * @returns complete options (the throttle and log are not part of them)
 * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for a limit that is not a positive number
 * @example
 * ```ts
 * const options = resolveTcpSessionOptions({ scanMode: 'latest', delimiter: [13, 10] });
 * ```
 */
export function resolveTcpSessionOptions(settings: TcpSessionSettings): TcpSessionOptions {
  const resolved = { ...DEFAULT_TCP_SESSION_OPTIONS };
  for (const key of Object.keys(resolved) as Array<keyof TcpSessionOptions>) {
    const value = settings[key];
    if (value === undefined) continue;
    if (typeof resolved[key] === 'number' && !(typeof value === 'number' && value > 0)) {
      throw new SgcError(ErrorCode.InvalidArgument, `${key} must be a positive number, got ${String(value)}`);
    }
    Object.assign(resolved, { [key]: value });
  }
  return resolved;
}
