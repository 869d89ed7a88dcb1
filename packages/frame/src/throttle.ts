/**
 * Bandwidth throttling (the manual's `Throttle`: "limit the number of bits per
 * second sent/received"). A token bucket paces writes into the socket and the
 * delivery of received data, and pauses the socket while received data waits, so
 * the kernel's TCP window slows the peer down: what Indy gets from its blocking
 * reads, Node gets from `socket.pause()`.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { ErrorCode, SgcError } from './errors.js';

/** Options of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** The sustained rate in bits per second. */
  bitsPerSecond: number;
  /**
   * The bucket size in bytes: the most released at once after an idle spell. Small
   * buckets keep the rate smooth; each release is at most this big.
   * @defaultValue 50 ms worth of bytes at `bitsPerSecond`, at least 1
   */
  burst?: number | undefined;
  /** The clock, in milliseconds. @defaultValue `performance.now` */
  now?: (() => number) | undefined;
}

/**
 * A token bucket that counts bytes: tokens accrue at `bitsPerSecond / 8` per second
 * up to `burst`, and each byte released costs one.
 *
 * @example
 * ```ts
 * const limiter = new RateLimiter({ bitsPerSecond: 1_000_000 });
 * const granted = limiter.take(4096); // how many of 4096 bytes may go now
 * if (granted < 4096) setTimeout(retry, limiter.delayFor(4096 - granted));
 * ```
 */
export class RateLimiter {
  /** The sustained rate in bytes per second. */
  readonly bytesPerSecond: number;
  /** The bucket size in bytes. */
  readonly burst: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  /**
   * @param options - rate, bucket size and clock
   * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for a rate or burst that is not a positive finite number
   */
  constructor(options: RateLimiterOptions) {
    const { bitsPerSecond, now = () => performance.now() } = options;
    if (!(Number.isFinite(bitsPerSecond) && bitsPerSecond > 0)) {
      throw new SgcError(ErrorCode.InvalidArgument, `bitsPerSecond must be a positive number, got ${bitsPerSecond}`);
    }
    this.bytesPerSecond = bitsPerSecond / 8;
    const burst = options.burst ?? Math.max(1, Math.ceil(this.bytesPerSecond / 20));
    if (!(Number.isFinite(burst) && burst >= 1)) {
      throw new SgcError(ErrorCode.InvalidArgument, `burst must be at least 1 byte, got ${burst}`);
    }
    this.burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#last = now();
  }

  /** Bytes that may be released now (negative after {@link RateLimiter.consume} ran into debt). */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /**
   * Releases up to `max` bytes.
   *
   * @param max - bytes wanted
   * @returns bytes granted, from 0 to `max`; they are spent
   */
  take(max: number): number {
    this.#refill();
    const granted = Math.min(max, Math.floor(this.#tokens));
    if (granted <= 0) return 0;
    this.#tokens -= granted;
    return granted;
  }

  /**
   * Spends `bytes` that were already used, running into debt if needed.
   *
   * @param bytes - bytes used
   */
  consume(bytes: number): void {
    this.#refill();
    this.#tokens -= bytes;
  }

  /**
   * Milliseconds until `bytes` can be taken at once (capped at `burst`, as the bucket holds no more).
   *
   * @param bytes - bytes wanted
   * @returns 0 when they can be taken now
   */
  delayFor(bytes: number): number {
    this.#refill();
    const missing = Math.min(bytes, this.burst) - this.#tokens;
    return missing <= 0 ? 0 : (missing * 1000) / this.bytesPerSecond;
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) * this.bytesPerSecond) / 1000);
    this.#last = now;
  }
}

/** Called once bytes given to a throttled write reached the socket (`error` when they never will). */
export type ThrottleWriteCallback = (error?: Error | null) => void;

interface QueuedWrite {
  readonly data: Uint8Array;
  offset: number;
  readonly callback: ThrottleWriteCallback | undefined;
}

const kWriter = Symbol('sgc.throttle.writer');
const kReader = Symbol('sgc.throttle.reader');
type WriterSocket = Socket & { [kWriter]?: ThrottledWriter };
type ReaderSocket = Socket & { [kReader]?: ThrottledReader };

function onWriterDrain(this: WriterSocket): void {
  this[kWriter]?.socketDrained();
}
function onWriterClose(this: WriterSocket): void {
  this[kWriter]?.dispose();
}
function onReaderData(this: ReaderSocket, chunk: Buffer): void {
  this[kReader]?.received(chunk);
}
function onReaderClose(this: ReaderSocket): void {
  this[kReader]?.detach();
}

/**
 * Milliseconds to wait before the next release of `pending` bytes. It waits for half a
 * bucket, not a full one: a timer that fires late then still finds room in the bucket,
 * whereas a full bucket would throw away the tokens of the lateness and the rate would sag.
 */
function nextDelay(limiter: RateLimiter, pending: number): number {
  const wanted = Math.min(pending, Math.max(1, Math.floor(limiter.burst / 2)));
  // Timers fire no sooner than 1 ms; asking for less only spins.
  return Math.max(1, Math.ceil(limiter.delayFor(wanted)));
}

/**
 * Releases writes to a socket at the limiter's rate, in order, in slices of at most
 * `burst` bytes. It stops while `socket.write()` reports a full buffer and goes on
 * at `'drain'`. When the socket closes it drops what is left and calls the callbacks
 * with an error.
 *
 * @example
 * ```ts
 * const writer = new ThrottledWriter(socket, new RateLimiter({ bitsPerSecond: 2e6 }), () => session.drained());
 * writer.write(frame);
 * const bufferedAmount = writer.pendingBytes + socket.writableLength;
 * ```
 */
export class ThrottledWriter {
  readonly #socket: WriterSocket;
  readonly #limiter: RateLimiter | undefined;
  readonly #onDrain: (() => void) | undefined;
  #queue: QueuedWrite[] = [];
  #pending = 0;
  #timer: NodeJS.Timeout | undefined;
  #waitingForSocket = false;
  /** Data had to wait, so the owner is told when it is all out. */
  #backlogged = false;
  #ending = false;
  #disposed = false;

  /**
   * @param socket - the socket to write to; one writer per socket
   * @param limiter - the pace; `undefined` writes straight through (no limit)
   * @param onDrain - called when every byte that had to wait has been handed to the socket
   * @throws {@link SgcError} `SGC_ERR_INVALID_STATE` when the socket already has a writer
   */
  constructor(socket: Socket, limiter: RateLimiter | undefined, onDrain?: () => void) {
    const s = socket as WriterSocket;
    if (s[kWriter] !== undefined) throw new SgcError(ErrorCode.InvalidState, 'The socket already has a throttled writer');
    this.#socket = s;
    this.#limiter = limiter;
    this.#onDrain = onDrain;
    s[kWriter] = this;
    s.on('drain', onWriterDrain);
    s.on('close', onWriterClose);
  }

  /** Bytes accepted by {@link ThrottledWriter.write} and not yet handed to the socket. */
  get pendingBytes(): number {
    return this.#pending;
  }

  /**
   * Queues bytes for the socket.
   *
   * @param data - the bytes; not copied, so do not change them until the callback
   * @param callback - called once the last byte reached `socket.write()`'s callback
   * @returns nothing: watch {@link ThrottledWriter.pendingBytes} and `onDrain` for backpressure
   * @throws {@link SgcError} `SGC_ERR_INVALID_STATE` after `end()` or `dispose()`
   */
  write(data: Uint8Array, callback?: ThrottleWriteCallback): void {
    if (this.#ending || this.#disposed) {
      throw new SgcError(ErrorCode.InvalidState, 'The throttled writer is ended');
    }
    if (this.#limiter === undefined) {
      this.#socket.write(data, callback);
      return;
    }
    this.#queue.push({ data, offset: 0, callback });
    this.#pending += data.length;
    if (this.#timer === undefined && !this.#waitingForSocket) this.#pump();
  }

  /**
   * Ends the socket (`socket.end()`) once every queued byte has been written.
   */
  end(): void {
    if (this.#ending || this.#disposed) return;
    this.#ending = true;
    if (this.#queue.length === 0) this.#socket.end();
  }

  /**
   * Stops at once: clears the timer, drops queued bytes (their callbacks get an
   * `SGC_ERR_CONNECTION_CLOSED` error) and lets go of the socket. Runs by itself when the socket closes.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const s = this.#socket;
    s.removeListener('drain', onWriterDrain);
    s.removeListener('close', onWriterClose);
    if (s[kWriter] === this) delete s[kWriter];
    const queue = this.#queue;
    this.#queue = [];
    this.#pending = 0;
    for (const write of queue) {
      write.callback?.(new SgcError(ErrorCode.ConnectionClosed, 'The socket closed before the throttled write went out'));
    }
  }

  /** @internal The socket took its buffered data. */
  socketDrained(): void {
    if (!this.#waitingForSocket) return;
    this.#waitingForSocket = false;
    if (this.#timer === undefined) this.#pump();
  }

  #pump(): void {
    this.#timer = undefined;
    const socket = this.#socket;
    if (socket.writableEnded || socket.destroyed) {
      // Ended under us (e.g. the peer ended and allowHalfOpen is false): what waits can never go out.
      this.dispose();
      return;
    }
    const limiter = this.#limiter!;
    const queue = this.#queue;
    while (queue.length > 0 && !this.#waitingForSocket && !this.#disposed) {
      const head = queue[0]!;
      const granted = limiter.take(head.data.length - head.offset);
      if (granted === 0 && head.offset < head.data.length) break;
      const slice = head.data.subarray(head.offset, head.offset + granted);
      head.offset += granted;
      this.#pending -= granted;
      const done = head.offset === head.data.length;
      if (done) queue.shift();
      // socket.write() returns false once its own buffer is over the high-water mark: wait for 'drain'.
      if (!socket.write(slice, done ? head.callback : undefined)) this.#waitingForSocket = true;
    }
    if (this.#disposed) return;
    if (queue.length === 0) {
      if (this.#ending) socket.end();
      if (this.#backlogged) {
        this.#backlogged = false;
        this.#onDrain?.();
      }
      return;
    }
    this.#backlogged = true;
    if (!this.#waitingForSocket) {
      this.#timer = setTimeout(() => this.#pump(), nextDelay(limiter, this.#pending));
    }
  }
}

/** Options of a {@link ThrottledReader}. */
export interface ThrottledReaderOptions {
  /** Received bytes held before the socket is paused. @defaultValue 64 KiB */
  highWaterMark?: number | undefined;
}

/**
 * Takes over a socket's `'data'` events and hands the bytes on at the limiter's
 * rate, in slices of at most `burst` bytes. While more than `highWaterMark` bytes
 * wait it pauses the socket, so the kernel stops acknowledging and TCP flow
 * control slows the sender. Received bytes are never dropped: when the socket
 * closes, whatever still waits is handed on at once, before any other `'close'` listener runs.
 *
 * @example
 * ```ts
 * const reader = new ThrottledReader(socket, new RateLimiter({ bitsPerSecond: 2e6 }), (chunk) => parser.push(chunk));
 * // do not also listen to socket 'data'
 * ```
 */
export class ThrottledReader {
  readonly #socket: ReaderSocket;
  readonly #limiter: RateLimiter | undefined;
  readonly #onData: (chunk: Buffer) => void;
  readonly #highWaterMark: number;
  #queue: Buffer[] = [];
  #pending = 0;
  #timer: NodeJS.Timeout | undefined;
  #pausedSocket = false;
  #detached = false;

  /**
   * @param socket - the socket to read; one reader per socket
   * @param limiter - the pace; `undefined` passes data straight through (no limit)
   * @param onData - receives the bytes, in order
   * @param options - the backlog limit
   * @throws {@link SgcError} `SGC_ERR_INVALID_STATE` when the socket already has a reader;
   * `SGC_ERR_INVALID_ARGUMENT` for a `highWaterMark` that is not a positive number
   */
  constructor(socket: Socket, limiter: RateLimiter | undefined, onData: (chunk: Buffer) => void, options: ThrottledReaderOptions = {}) {
    const s = socket as ReaderSocket;
    const { highWaterMark = 64 * 1024 } = options;
    if (!(highWaterMark > 0)) {
      throw new SgcError(ErrorCode.InvalidArgument, `highWaterMark must be a positive number, got ${highWaterMark}`);
    }
    if (s[kReader] !== undefined) throw new SgcError(ErrorCode.InvalidState, 'The socket already has a throttled reader');
    this.#socket = s;
    this.#limiter = limiter;
    this.#onData = onData;
    this.#highWaterMark = highWaterMark;
    s[kReader] = this;
    s.on('data', onReaderData);
    // First in line, so whoever handles 'close' has seen every byte.
    s.prependListener('close', onReaderClose);
  }

  /** Received bytes not yet handed on. */
  get pendingBytes(): number {
    return this.#pending;
  }

  /** `true` while this reader holds the socket paused. */
  get isPausingSocket(): boolean {
    return this.#pausedSocket;
  }

  /**
   * Stops reading: hands on what still waits (at once), removes the listeners, clears
   * the timer and resumes the socket if this reader paused it. Runs by itself when the socket closes.
   */
  detach(): void {
    if (this.#detached) return;
    this.#detached = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const s = this.#socket;
    s.removeListener('data', onReaderData);
    s.removeListener('close', onReaderClose);
    if (s[kReader] === this) delete s[kReader];
    const queue = this.#queue;
    this.#queue = [];
    this.#pending = 0;
    for (const chunk of queue) this.#onData(chunk);
    if (this.#pausedSocket) {
      this.#pausedSocket = false;
      if (!s.destroyed) s.resume();
    }
  }

  /** @internal The socket read bytes. */
  received(chunk: Buffer): void {
    if (this.#limiter === undefined) {
      this.#onData(chunk);
      return;
    }
    this.#queue.push(chunk);
    this.#pending += chunk.length;
    if (this.#pending >= this.#highWaterMark && !this.#pausedSocket) {
      this.#pausedSocket = true;
      this.#socket.pause();
    }
    if (this.#timer === undefined) this.#pump();
  }

  #pump(): void {
    this.#timer = undefined;
    const limiter = this.#limiter!;
    const queue = this.#queue;
    while (queue.length > 0 && !this.#detached) {
      const head = queue[0]!;
      const granted = limiter.take(head.length);
      if (granted === 0) break;
      if (granted === head.length) queue.shift();
      else queue[0] = head.subarray(granted);
      this.#pending -= granted;
      this.#onData(granted === head.length ? head : head.subarray(0, granted));
    }
    if (this.#detached) return;
    if (this.#pausedSocket && this.#pending < this.#highWaterMark) {
      this.#pausedSocket = false;
      this.#socket.resume();
    }
    if (queue.length > 0) {
      this.#timer = setTimeout(() => this.#pump(), nextDelay(limiter, this.#pending));
    }
  }
}

/** Options of a {@link Throttle}. */
export interface ThrottleOptions {
  /**
   * The limit for each direction, in bits per second (the manual's `Throttle`).
   * 0 means no limit.
   */
  bitsPerSecond: number;
  /** The limit for sending only; overrides `bitsPerSecond`. 0 means no limit. */
  sendBitsPerSecond?: number | undefined;
  /** The limit for receiving only; overrides `bitsPerSecond`. 0 means no limit. */
  receiveBitsPerSecond?: number | undefined;
  /** The bucket size in bytes of each direction. @defaultValue 50 ms worth at that direction's rate */
  burst?: number | undefined;
  /** Received bytes held before the socket is paused. @defaultValue 64 KiB */
  highWaterMark?: number | undefined;
}

function limiterFor(bitsPerSecond: number, burst: number | undefined): RateLimiter | undefined {
  if (bitsPerSecond === 0) return undefined;
  return new RateLimiter({ bitsPerSecond, burst });
}

/**
 * The throttle of one connection: a {@link ThrottledWriter} and a
 * {@link ThrottledReader} with a token bucket each, so sending and receiving are limited separately.
 *
 * @example
 * ```ts
 * const throttle = new Throttle({ bitsPerSecond: 2_000_000 });
 * throttle.attachWriter(socket, () => session.drained());
 * throttle.attachReader(socket, (chunk) => parser.push(chunk));
 * throttle.write(frame);
 * // ...
 * throttle.dispose(); // also happens when the socket closes
 * ```
 */
export class Throttle {
  /** The send-side bucket; `undefined` when sending is not limited. */
  readonly sendLimiter: RateLimiter | undefined;
  /** The receive-side bucket; `undefined` when receiving is not limited. */
  readonly receiveLimiter: RateLimiter | undefined;
  readonly #highWaterMark: number | undefined;
  #writer: ThrottledWriter | undefined;
  #reader: ThrottledReader | undefined;

  /**
   * @param options - rates in bits per second, bucket size and read backlog limit
   * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` for a negative or non-finite rate or a burst below 1
   */
  constructor(options: ThrottleOptions) {
    const { bitsPerSecond, sendBitsPerSecond = bitsPerSecond, receiveBitsPerSecond = bitsPerSecond, burst } = options;
    for (const [name, value] of [
      ['bitsPerSecond', bitsPerSecond],
      ['sendBitsPerSecond', sendBitsPerSecond],
      ['receiveBitsPerSecond', receiveBitsPerSecond],
    ] as const) {
      if (!(Number.isFinite(value) && value >= 0)) {
        throw new SgcError(ErrorCode.InvalidArgument, `${name} must be 0 or a positive number, got ${value}`);
      }
    }
    this.sendLimiter = limiterFor(sendBitsPerSecond, burst);
    this.receiveLimiter = limiterFor(receiveBitsPerSecond, burst);
    this.#highWaterMark = options.highWaterMark;
  }

  /** Bytes given to {@link Throttle.write} that have not reached the socket yet. */
  get bufferedAmount(): number {
    return this.#writer?.pendingBytes ?? 0;
  }

  /** The attached writer, if any. */
  get writer(): ThrottledWriter | undefined {
    return this.#writer;
  }

  /** The attached reader, if any. */
  get reader(): ThrottledReader | undefined {
    return this.#reader;
  }

  /**
   * Paces writes to `socket` from now on; write through {@link Throttle.write}.
   *
   * @param socket - the connection's socket
   * @param onDrain - called when every byte that had to wait has reached the socket
   * @throws {@link SgcError} `SGC_ERR_INVALID_STATE` when a writer is already attached
   */
  attachWriter(socket: Socket, onDrain?: () => void): void {
    if (this.#writer !== undefined) throw new SgcError(ErrorCode.InvalidState, 'A writer is already attached');
    this.#writer = new ThrottledWriter(socket, this.sendLimiter, onDrain);
  }

  /**
   * Paces received data from `socket` from now on. Read through `onData`, not the socket's `'data'` event.
   *
   * @param socket - the connection's socket
   * @param onData - receives the bytes, in order
   * @throws {@link SgcError} `SGC_ERR_INVALID_STATE` when a reader is already attached
   */
  attachReader(socket: Socket, onData: (chunk: Buffer) => void): void {
    if (this.#reader !== undefined) throw new SgcError(ErrorCode.InvalidState, 'A reader is already attached');
    this.#reader = new ThrottledReader(socket, this.receiveLimiter, onData, { highWaterMark: this.#highWaterMark });
  }

  /**
   * Writes through the attached writer, at the send rate.
   *
   * @param data - the bytes; not copied
   * @param callback - called once they reached the socket (with an error if they never will)
   * @throws {@link SgcError} `SGC_ERR_INVALID_STATE` with no writer attached, or after `end()`/`dispose()`
   */
  write(data: Uint8Array, callback?: ThrottleWriteCallback): void {
    if (this.#writer === undefined) throw new SgcError(ErrorCode.InvalidState, 'No writer is attached');
    this.#writer.write(data, callback);
  }

  /** Ends the writer's socket once everything queued has been written. */
  end(): void {
    this.#writer?.end();
  }

  /** Disposes the writer (dropping unsent bytes) and detaches the reader (handing on received ones). */
  dispose(): void {
    this.#writer?.dispose();
    this.#reader?.detach();
  }
}
