/**
 * The fuzzer's end of one WebSocket connection, after the opening
 * handshake: what Autobahn's FuzzingProtocol plus its WebSocketProtocol
 * base do. It sends whatever the case asks for (raw frames, chops, delays),
 * reads and checks what the testee sends, answers pings and close frames,
 * and records the facts the verdict needs: who started the closing
 * handshake, who failed the connection, who dropped TCP, whether the close
 * was clean, and the close codes on both sides.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { DeflateCodec } from './deflate-codec.js';
import type { DeflateAgreement } from './deflate-params.js';
import { FrameReader, type FrameReadError, type ReceivedFrame } from './frame-reader.js';
import { checkClose, checkFrame } from './frame-rules.js';
import { closePayload, encodeFrame, Op, type RawFrameSpec } from './raw-frame.js';
import { SendQueue } from './send-queue.js';
import { isValidUtf8 } from './utf8-oracle.js';
import { Wirelog } from './wirelog.js';

/** Connection state, as in Autobahn (CONNECTING is over by the time this exists). */
export type ConnectionState = 'open' | 'closing' | 'closed';

/** A frame to send, with Autobahn's transmission controls. */
export interface SendFrameSpec extends Omit<RawFrameSpec, 'mask'> {
  /** Write the frame in chops of this many octets, each on its own. */
  chopsize?: number | undefined;
  /** Write the frame alone and wait for it before the next write. */
  sync?: boolean | undefined;
}

/** Callbacks into the running case. */
export interface ConnectionHandlers {
  onMessage(payload: Buffer, binary: boolean): void;
  onPing(payload: Buffer): void;
  onPong(payload: Buffer): void;
  onConnectionLost(): void;
}

/** Tunables; the defaults are Autobahn's. */
export interface ConnectionOptions {
  /** The fuzzer is the server (it must not mask, the peer must). */
  isServer: boolean;
  /** Octets that arrived together with the handshake. */
  head?: Buffer | undefined;
  /** Negotiated permessage-deflate, or null. */
  deflate: DeflateAgreement | null;
  /** Wait for the peer's close reply before dropping TCP. @defaultValue 1000 */
  closeHandshakeTimeoutMs?: number;
  /** As a client, wait for the server to drop TCP. @defaultValue 1000 */
  serverConnectionDropTimeoutMs?: number;
  /** Largest message the harness buffers. @defaultValue 64 MiB */
  maxMessageBytes?: number;
}

/** A data message being reassembled. */
interface PendingMessage {
  binary: boolean;
  compressed: boolean;
  frames: Buffer[];
  size: number;
}

/** One fuzzer-side WebSocket connection. */
export class FuzzConnection {
  state: ConnectionState = 'open';
  /** I started the closing handshake (sent close first). */
  closedByMe = false;
  /** I failed the connection (protocol error or a case's kill timer). */
  failedByMe = false;
  /** I dropped TCP (rather than the peer). */
  droppedByMe = false;
  /** Close frames went both ways and TCP was dropped by the right end. */
  wasClean = false;
  wasNotCleanReason: string | null = null;
  wasServerConnectionDropTimeout = false;
  wasCloseHandshakeTimeout = false;
  localCloseCode: number | null = null;
  localCloseReason: string | null = null;
  remoteCloseCode: number | null = null;
  remoteCloseReason: string | null = null;
  /** Fragment outgoing messages at this size (0: off), like Autobahn's autoFragmentSize. */
  autoFragmentSize = 0;
  readonly txFrameStats = new Map<number, number>();
  readonly rxFrameStats = new Map<number, number>();
  readonly rxOctetStats = new Map<number, number>();
  readonly wirelog = new Wirelog();
  /** Resolves once TCP is closed and the handlers have run. */
  readonly closed: Promise<void>;
  readonly isServer: boolean;
  readonly deflate: DeflateAgreement | null;
  handlers: ConnectionHandlers | undefined;

  private readonly reader: FrameReader;
  private readonly queue: SendQueue;
  private readonly codec: DeflateCodec | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly closeHandshakeTimeoutMs: number;
  private readonly serverDropTimeoutMs: number;
  private readonly maxMessageBytes: number;
  private message: PendingMessage | undefined;
  private closeReceived = false;
  private inbox: ReceivedFrame[] = [];
  private busy = false;
  /** Outgoing work waiting for compression, to keep wire order. */
  private outChain: Promise<void> | undefined;
  private lost = false;
  private closeHandshakeTimer: NodeJS.Timeout | undefined;
  private resolveClosed!: () => void;

  /**
   * @param socket - the upgraded TCP socket
   * @param options - role, negotiated extension, timeouts
   */
  constructor(
    readonly socket: Socket,
    options: ConnectionOptions,
  ) {
    this.isServer = options.isServer;
    this.deflate = options.deflate;
    this.closeHandshakeTimeoutMs = options.closeHandshakeTimeoutMs ?? 1000;
    this.serverDropTimeoutMs = options.serverConnectionDropTimeoutMs ?? 1000;
    this.maxMessageBytes = options.maxMessageBytes ?? 64 * 1024 * 1024;
    this.reader = new FrameReader(this.maxMessageBytes);
    this.queue = new SendQueue(socket);
    this.codec = options.deflate ? new DeflateCodec(options.deflate, this.isServer ? 'server' : 'client', this.maxMessageBytes) : undefined;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined); // 'close' follows and carries the outcome
    socket.on('close', () => this.connectionLost());
    if (options.head && options.head.length > 0) queueMicrotask(() => this.onData(options.head as Buffer));
    // The handshake code pauses the socket so no frame octets are lost in between.
    socket.resume();
    if (socket.destroyed) queueMicrotask(() => this.connectionLost());
  }

  // ---- sending ---------------------------------------------------------

  /**
   * Encodes a frame the way this end must send it: masked by a client,
   * unmasked by a server (RFC 6455 §5.1).
   *
   * @param spec - the frame
   * @returns its octets
   */
  encode(spec: RawFrameSpec): Buffer {
    return encodeFrame({ ...spec, mask: spec.mask ?? !this.isServer });
  }

  /**
   * Sends one frame, possibly chopped (Autobahn's `sendFrame`).
   *
   * @param spec - frame plus chopsize/sync
   */
  sendFrame(spec: SendFrameSpec): void {
    const wire = this.encode(spec);
    this.countTx(spec.opcode);
    const logged = spec.payload === undefined ? Buffer.alloc(0) : Buffer.from(spec.payload);
    this.wirelog.add(['TF', Wirelog.data(logged), spec.opcode, spec.fin !== false, spec.rsv ?? 0, null, spec.payloadLength ?? null, spec.chopsize ?? null, spec.sync ?? false]);
    this.afterPending(() => this.write(wire, spec.sync ?? false, spec.chopsize));
  }

  /**
   * Writes octets as they are (used to split one frame across timed chops, 6.4.3).
   *
   * @param data - raw octets
   * @param sync - write alone and wait
   */
  sendRaw(data: Buffer, sync = true): void {
    this.afterPending(() => this.write(data, sync, undefined));
  }

  /**
   * Sends a data message, compressed when permessage-deflate is on and
   * fragmented at `fragmentSize` (or {@link FuzzConnection.autoFragmentSize}).
   *
   * @param payload - message payload
   * @param binary - binary (true) or text
   * @param fragmentSize - frame payload size, 0 for one frame
   */
  sendMessage(payload: Buffer | string, binary: boolean, fragmentSize = this.autoFragmentSize): void {
    const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    const opcode = binary ? Op.Binary : Op.Text;
    const emit = (body: Buffer, compressed: boolean): void => {
      const size = fragmentSize > 0 ? fragmentSize : body.length || 1;
      const count = Math.max(1, Math.ceil(body.length / size));
      const frames: Buffer[] = [];
      for (let i = 0; i < count; i++) {
        const part = body.subarray(i * size, Math.min((i + 1) * size, body.length));
        const first = i === 0;
        // RSV1 marks a compressed message on its first frame only (RFC 7692 §6.1).
        const spec = { opcode: first ? opcode : Op.Continuation, fin: i === count - 1, rsv: first && compressed ? 4 : 0, payload: part };
        this.countTx(spec.opcode);
        frames.push(this.encode(spec));
      }
      // One write for all fragments: 9.3.1 makes 65536 of them.
      this.write(frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames), false, undefined);
    };
    if (!this.codec) {
      this.afterPending(() => emit(data, false));
      return;
    }
    const codec = this.codec;
    const prior = this.outChain ?? Promise.resolve();
    const next = prior.then(async () => {
      const body = await codec.compress(data);
      if (this.state !== 'closed') emit(body, true);
    });
    this.trackOut(next);
  }

  /**
   * Starts (or answers) the closing handshake with a close frame whose
   * payload is built as given, valid or not (Autobahn's `sendCloseFrame`).
   *
   * @param code - status code, or undefined for an empty payload
   * @param reason - reason octets
   * @param isReply - this answers the peer's close
   */
  sendCloseFrame(code?: number, reason?: Uint8Array | string, isReply = false): void {
    if (this.state !== 'open') return; // Autobahn ignores a second close of its own
    const payload = closePayload(code, reason);
    this.sendFrame({ opcode: Op.Close, payload });
    this.closedByMe = !isReply;
    this.localCloseCode = code ?? null;
    this.localCloseReason = reason === undefined ? null : Wirelog.data(typeof reason === 'string' ? Buffer.from(reason) : reason);
    this.state = 'closing';
    if (this.closedByMe && this.closeHandshakeTimeoutMs > 0) {
      this.closeHandshakeTimer = this.after(this.closeHandshakeTimeoutMs, () => {
        // The peer never answered our close (§7.1.1: wait, then drop).
        this.wasClean = false;
        this.wasNotCleanReason = 'peer did not respond (in time) in closing handshake';
        this.wasCloseHandshakeTimeout = true;
        this.dropConnection(true);
      });
    }
  }

  /**
   * Normal close (Autobahn's `sendClose`).
   *
   * @param code - status code, none by default
   * @param reason - reason text
   */
  sendClose(code?: number, reason?: string): void {
    this.sendCloseFrame(code, reason, false);
  }

  /**
   * Fails the WebSocket connection (§7.1.7) the way Autobahn does with
   * failByDrop off: a close frame while open, a TCP drop while closing.
   *
   * @param code - status code for the close frame
   * @param reason - why
   */
  failConnection(code = 1001, reason = 'Going Away'): void {
    if (this.state === 'closed') return;
    this.failedByMe = true;
    if (this.state === 'open') this.sendCloseFrame(code, Buffer.from(reason).subarray(0, 123));
    else this.dropConnection(false);
  }

  /**
   * Closes TCP from this end; Autobahn calls this "dropping".
   *
   * @param abort - destroy at once instead of a graceful FIN after pending writes
   */
  dropConnection(abort: boolean): void {
    if (this.state === 'closed') return;
    this.droppedByMe = true;
    this.state = 'closed';
    if (abort) {
      this.socket.destroy();
      return;
    }
    // FIN after everything queued has been written.
    this.afterPending(() => this.queue.end());
    // A peer that never closes its half must not hang the run.
    const t = setTimeout(() => this.socket.destroy(), 2000);
    t.unref();
    this.timers.add(t);
  }

  // ---- case timers (Autobahn's killAfter / closeAfter / continueLater) --

  /**
   * Fails the connection after `seconds` unless it is closed by then.
   *
   * @param seconds - delay
   */
  killAfter(seconds: number): void {
    this.wirelog.add(['KL', seconds]);
    this.after(seconds * 1000, () => {
      this.wirelog.add(['KLE']);
      this.failConnection();
    });
  }

  /**
   * Starts a normal close after `seconds` unless closed by then.
   *
   * @param seconds - delay
   */
  closeAfter(seconds: number): void {
    this.wirelog.add(['TI', seconds]);
    this.after(seconds * 1000, () => {
      this.wirelog.add(['TIE']);
      this.sendClose();
    });
  }

  /**
   * Runs `fn` after `seconds` unless the connection is closed by then.
   *
   * @param seconds - delay
   * @param fn - the next step of the case
   * @param tag - label for the wire log
   */
  continueLater(seconds: number, fn: () => void, tag?: string): void {
    this.wirelog.add(['CT', seconds, tag ?? null]);
    this.after(seconds * 1000, () => {
      this.wirelog.add(['CTE', tag ?? null]);
      fn();
    });
  }

  /**
   * Stops the case at once: the testee hung or the harness's hard limit hit.
   *
   * @param reason - recorded as wasNotCleanReason
   */
  abort(reason: string): void {
    if (this.state === 'closed') return;
    this.wasClean = false;
    this.wasNotCleanReason = reason;
    this.dropConnection(true);
  }

  // ---- receiving -------------------------------------------------------

  private onData(chunk: Buffer): void {
    if (this.state === 'closed') return;
    this.rxOctetStats.set(chunk.length, (this.rxOctetStats.get(chunk.length) ?? 0) + 1);
    this.wirelog.add(['RO', Wirelog.hex(chunk)]);
    let frames: ReceivedFrame[];
    try {
      frames = this.reader.push(chunk);
    } catch (e) {
      const err = e as FrameReadError;
      this.protocolViolation(err.message, err.closeCode);
      return;
    }
    for (const frame of frames) this.enqueue(frame);
  }

  /** Processes frames in order, waiting whenever one needs inflating. */
  private enqueue(frame: ReceivedFrame): void {
    if (this.busy) {
      this.inbox.push(frame);
      return;
    }
    const pending = this.onFrame(frame);
    if (pending) this.waitThenDrain(pending);
  }

  private waitThenDrain(pending: Promise<void>): void {
    this.busy = true;
    pending.then(
      () => this.drain(),
      (e: unknown) => {
        this.busy = false;
        this.inbox = [];
        this.protocolViolation(`invalid compressed message: ${(e as Error).message}`, 1007);
      },
    );
  }

  private drain(): void {
    this.busy = false;
    for (let frame = this.inbox.shift(); frame; frame = this.inbox.shift()) {
      const pending = this.onFrame(frame);
      if (pending) {
        this.waitThenDrain(pending);
        return;
      }
    }
  }

  /** Checks one frame against RFC 6455 §5 and dispatches it. */
  private onFrame(f: ReceivedFrame): Promise<void> | undefined {
    if (this.state === 'closed' || this.closeReceived) return undefined;
    this.rxFrameStats.set(f.opcode, (this.rxFrameStats.get(f.opcode) ?? 0) + 1);
    this.wirelog.add(['RF', Wirelog.data(f.payload), f.opcode, f.fin, f.rsv, f.masked, null]);
    const broken = checkFrame(f, { isServer: this.isServer, deflate: this.deflate !== null, inMessage: this.message !== undefined });
    if (broken) return this.protocolViolation(broken.reason, broken.code);
    if (f.opcode >= 8) return this.onControl(f);
    if (f.opcode !== Op.Continuation) this.message = { binary: f.opcode === Op.Binary, compressed: (f.rsv & 4) !== 0, frames: [], size: 0 };
    const m = this.message as PendingMessage;
    m.frames.push(f.payload);
    m.size += f.payload.length;
    if (m.size > this.maxMessageBytes) return this.protocolViolation('message exceeds the harness limit', 1009);
    if (!f.fin) return undefined;
    this.message = undefined;
    const payload = Buffer.concat(m.frames, m.size);
    if (!m.compressed || !this.codec) return this.deliver(payload, m.binary);
    return this.codec.decompress(payload).then((plain) => {
      if (this.state !== 'closed') this.deliver(plain, m.binary);
    });
  }

  private deliver(payload: Buffer, binary: boolean): undefined {
    // §8.1: text must be UTF-8; Autobahn fails the connection with 1007 otherwise.
    if (!binary && !isValidUtf8(payload)) return this.protocolViolation('invalid UTF-8 in text message', 1007);
    this.handlers?.onMessage(payload, binary);
    return undefined;
  }

  private onControl(f: ReceivedFrame): undefined {
    if (f.opcode === Op.Ping) {
      // §5.5.2: answer with a pong carrying the same application data.
      if (this.state === 'open') this.sendFrame({ opcode: Op.Pong, payload: f.payload });
      this.handlers?.onPing(f.payload);
    } else if (f.opcode === Op.Pong) {
      this.handlers?.onPong(f.payload);
    } else {
      this.onCloseFrame(f.payload);
    }
    return undefined;
  }

  /** The peer's close frame (§5.5.1, §7.1.2-§7.1.5). */
  private onCloseFrame(payload: Buffer): void {
    const close = checkClose(payload);
    if (!close.ok) {
      this.protocolViolation(close.violation.reason, close.violation.code);
      return;
    }
    this.closeReceived = true;
    this.remoteCloseCode = close.code;
    this.remoteCloseReason = close.reason;
    if (this.state === 'closing') {
      // The answer to our close: the handshake is complete.
      this.wasClean = true;
      if (this.closeHandshakeTimer) clearTimeout(this.closeHandshakeTimer);
    } else {
      // The peer started it; echo its code as Autobahn does.
      this.wasClean = true;
      this.sendCloseFrame(close.code ?? undefined, undefined, true);
    }
    if (this.isServer) {
      // §7.1.1: the server closes TCP first once both close frames are through.
      this.dropConnection(false);
    } else {
      this.after(this.serverDropTimeoutMs, () => {
        this.wasClean = false;
        this.wasNotCleanReason = 'server did not drop TCP connection (in time)';
        this.wasServerConnectionDropTimeout = true;
        this.dropConnection(true);
      });
    }
  }

  /** Autobahn's protocolViolation/invalidPayload: fail with 1002 or 1007. */
  private protocolViolation(reason: string, code = 1002): undefined {
    this.wirelog.add(['PV', reason]);
    if (this.wasNotCleanReason === null) this.wasNotCleanReason = `protocol violation by peer: ${reason}`;
    this.failConnection(code, reason);
    return undefined;
  }

  // ---- plumbing --------------------------------------------------------

  private write(data: Buffer, sync: boolean, chopsize: number | undefined): void {
    if (this.socket.destroyed) return;
    if (chopsize && chopsize > 0) {
      for (let i = 0; i < data.length; i += chopsize) this.queue.push(data.subarray(i, i + chopsize), true);
      return;
    }
    this.queue.push(data, sync);
  }

  private countTx(opcode: number): void {
    this.txFrameStats.set(opcode, (this.txFrameStats.get(opcode) ?? 0) + 1);
  }

  /** Runs `fn` after queued compressions so frames keep their order. */
  private afterPending(fn: () => void): void {
    if (!this.outChain) {
      fn();
      return;
    }
    this.trackOut(this.outChain.then(fn));
  }

  private trackOut(p: Promise<void>): void {
    const tracked = p.catch((e: unknown) => {
      this.abort(`compression failed: ${(e as Error).message}`);
    });
    this.outChain = tracked;
    void tracked.then(() => {
      if (this.outChain === tracked) this.outChain = undefined;
    });
  }

  private after(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (this.state !== 'closed') fn();
    }, ms);
    this.timers.add(t);
    return t;
  }

  private connectionLost(): void {
    if (this.lost) return;
    this.lost = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.state = 'closed';
    if (!this.wasClean && !this.droppedByMe && this.wasNotCleanReason === null) {
      this.wasNotCleanReason = 'peer dropped the TCP connection without previous WebSocket closing handshake';
    }
    this.codec?.close();
    try {
      this.handlers?.onConnectionLost();
    } finally {
      this.resolveClosed();
    }
  }
}
