/**
 * One proxied connection: a browser's WebSocket on one side, a TCP socket to the target on the
 * other, with backpressure both ways.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { ErrorCode, SgcError } from '@sgc/frame';
import { ReadyState } from '@sgc/frame/node';
import type { ServerConnection } from '@sgc/server';
import { ProxyCloseCode } from './close-codes.js';
import { dialTarget, type DialOptions } from './dial-target.js';
import { TargetEncoder, clientBytes, type ProxyFraming } from './proxy-framing.js';
import { formatTarget, type ProxyTarget } from './proxy-target.js';

/**
 * Which way data was held up: towards the target (TCP) or towards the client (WebSocket).
 *
 * @example
 * ```ts
 * proxy.on('backpressure', (_session, direction: ProxyDirection, paused) => metrics.gauge(`proxy.${direction}.paused`, paused ? 1 : 0));
 * ```
 */
export type ProxyDirection = 'toTarget' | 'toClient';

/**
 * A proxied connection as the proxy's events and `sessions` show it.
 *
 * @example
 * ```ts
 * for (const session of proxy.sessions.values()) console.log(session.conn.ip, session.target, session.bytesFromTarget);
 * ```
 */
export interface ProxiedSession {
  /** The browser's connection. */
  readonly conn: ServerConnection;
  /** The target, once chosen. */
  readonly target: ProxyTarget | undefined;
  /** Bytes written to the target (after base64 decoding on the `base64` sub-protocol). */
  readonly bytesToTarget: number;
  /** Bytes read from the target. */
  readonly bytesFromTarget: number;
  /** Bytes accepted for the target but not yet handed to the kernel. */
  readonly bufferedToTarget: number;
  /** Bytes waiting to be written to the client, frame headers included. */
  readonly bufferedToClient: number;
}

/**
 * How a connected session ended: its final counts and the WebSocket's close.
 *
 * @example
 * ```ts
 * proxy.on('disconnect', (_session, stats) => {
 *   if (stats.error !== undefined) console.warn(`closed ${stats.code}: ${stats.error.message}`);
 * });
 * ```
 */
export interface ProxySessionStats {
  /** Bytes written to the target. */
  readonly bytesToTarget: number;
  /** Bytes read from the target. */
  readonly bytesFromTarget: number;
  /** The most bytes ever waiting for the target: stays near one socket read when backpressure works. */
  readonly peakBufferedToTarget: number;
  /** The most bytes ever waiting for the client: stays near the server's `highWaterMark` plus one target read. */
  readonly peakBufferedToClient: number;
  /** The WebSocket's close code, as the server reported it. */
  readonly code: number;
  /** The WebSocket's close reason. */
  readonly reason: string;
  /** What failed, when the session did not end in an orderly way: `SGC_ERR_SOCKET` (target reset) or a framing error. */
  readonly error: SgcError | undefined;
}

/** @internal What a session reports to its proxy. */
export interface SessionObserver {
  connected(session: ProxySession): void;
  rejected(session: ProxySession, error: SgcError): void;
  ended(session: ProxySession, stats: ProxySessionStats): void;
  backpressure(session: ProxySession, direction: ProxyDirection, paused: boolean): void;
}

/** @internal Settings a session takes from the proxy's options. */
export interface SessionSettings {
  readonly dial: DialOptions;
  /** Milliseconds the target gets to close after the WebSocket closed, before it is dropped. */
  readonly closeTimeout: number;
}

/**
 * @internal The pump between one WebSocket connection and its TCP socket. It ends in exactly one
 * of two ways: `rejected` (the target was never connected) or `connected` followed by `ended`
 * once both sides are closed.
 */
export class ProxySession implements ProxiedSession {
  readonly conn: ServerConnection;
  readonly #framing: ProxyFraming;
  readonly #encoder: TargetEncoder;
  readonly #observer: SessionObserver;
  readonly #settings: SessionSettings;
  #target: ProxyTarget | undefined;
  #tcp: Socket | undefined;
  #cancelDial: (() => void) | undefined;
  /** Messages that were already read when the client was paused for the dial. */
  #pending: Buffer[] = [];
  /** Connected, or rejected: the dial's outcome is known. */
  #settled = false;
  #targetFull = false;
  #clientFull = false;
  #tcpClosed = false;
  #clientClose: { code: number; reason: string } | undefined;
  #error: SgcError | undefined;
  #closeTimer: NodeJS.Timeout | undefined;
  #bytesToTarget = 0;
  #bytesFromTarget = 0;
  #peakToTarget = 0;
  #peakToClient = 0;

  constructor(conn: ServerConnection, framing: ProxyFraming, observer: SessionObserver, settings: SessionSettings) {
    this.conn = conn;
    this.#framing = framing;
    this.#encoder = new TargetEncoder(framing);
    this.#observer = observer;
    this.#settings = settings;
    // Nothing is read from the client until the target answers: TCP flow control holds the
    // client back instead of a buffer here.
    conn.pause();
    conn.on('drain', () => this.#clientDrained());
  }

  get target(): ProxyTarget | undefined {
    return this.#target;
  }
  get bytesToTarget(): number {
    return this.#bytesToTarget;
  }
  get bytesFromTarget(): number {
    return this.#bytesFromTarget;
  }
  get bufferedToTarget(): number {
    return this.#tcp?.writableLength ?? 0;
  }
  get bufferedToClient(): number {
    return this.conn.bufferedAmount;
  }

  /**
   * Chooses the target and dials it.
   *
   * @param choose - the target, or an SgcError with the close code to refuse with
   */
  async start(choose: () => Promise<ProxyTarget>): Promise<void> {
    let target: ProxyTarget;
    try {
      target = await choose();
    } catch (error) {
      this.#reject(error as SgcError, (error as SgcError).closeCode === ProxyCloseCode.NotAllowed ? 'Target not allowed' : 'Internal error');
      return;
    }
    // The client may have left while the hook ran.
    if (this.#settled) return;
    this.#target = target;
    try {
      this.#cancelDial = dialTarget(target, this.#settings.dial, {
        connected: (socket) => this.#connected(socket),
        failed: (error) => this.#reject(error, 'Target unreachable'),
      });
    } catch (cause) {
      // Bad `tls` options throw from tls.connect(): the proxy's configuration, not the target, is at fault.
      const error = new SgcError(ErrorCode.InvalidArgument, `Cannot dial ${formatTarget(target)}: ${(cause as Error).message}`, {
        cause,
        closeCode: ProxyCloseCode.InternalError,
      });
      this.#reject(error, 'Internal error');
    }
  }

  /** A message from the client. */
  fromClient(data: string | Buffer): void {
    // Once we close (target gone, bad frame), the messages still in flight have nowhere to go.
    if (this.conn.readyState !== ReadyState.Open) return;
    const bytes = clientBytes(this.#framing, data);
    if (bytes instanceof SgcError) {
      this.#fail(bytes, bytes.closeCode === ProxyCloseCode.UnsupportedData ? 'Binary frame on base64' : 'Invalid base64');
      return;
    }
    if (this.#tcp === undefined) {
      if (!this.#settled) this.#pending.push(bytes);
      return;
    }
    if (this.#tcp.writable) this.#toTarget(bytes);
  }

  /** The client's connection closed. */
  clientClosed(code: number, reason: string): void {
    this.#clientClose = { code, reason };
    if (!this.#settled) {
      this.#reject(new SgcError(ErrorCode.ConnectionClosed, 'The client left before the target was connected'), '');
      return;
    }
    const tcp = this.#tcp;
    if (tcp === undefined) return;
    if (this.#tcpClosed) {
      this.#finish();
      return;
    }
    // What the client sent last still reaches the target; what the target sends now is dropped,
    // but read, so its FIN (and our 'close') can arrive.
    tcp.end();
    tcp.resume();
    this.#closeTimer = setTimeout(() => tcp.destroy(), this.#settings.closeTimeout).unref();
  }

  #connected(socket: Socket): void {
    this.#settled = true;
    this.#cancelDial = undefined;
    this.#tcp = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#fromTarget(chunk));
    socket.on('drain', () => this.#targetDrained());
    socket.on('end', () => this.#targetEnded());
    socket.on('error', (cause: Error) => {
      this.#error ??= new SgcError(ErrorCode.Socket, `The connection to ${formatTarget(this.#target!)} failed: ${cause.message}`, {
        cause,
        closeCode: ProxyCloseCode.BadGateway,
      });
    });
    socket.on('close', () => this.#targetClosed());
    this.#observer.connected(this);
    const pending = this.#pending;
    this.#pending = [];
    for (const bytes of pending) this.#toTarget(bytes);
    if (!this.#targetFull) this.conn.resume();
  }

  #toTarget(bytes: Buffer): void {
    const tcp = this.#tcp!;
    this.#bytesToTarget += bytes.length;
    const accepted = tcp.write(bytes);
    this.#peakToTarget = Math.max(this.#peakToTarget, tcp.writableLength);
    if (accepted || this.#targetFull) return;
    // Messages already read from the client still arrive after pause(); they queue here, which
    // is bounded by one socket read plus one message.
    this.#targetFull = true;
    this.conn.pause();
    this.#observer.backpressure(this, 'toTarget', true);
  }

  #targetDrained(): void {
    if (!this.#targetFull) return;
    this.#targetFull = false;
    this.#observer.backpressure(this, 'toTarget', false);
    if (this.#clientClose === undefined) this.conn.resume();
  }

  #fromTarget(chunk: Buffer): void {
    this.#bytesFromTarget += chunk.length;
    if (this.conn.readyState !== ReadyState.Open) return;
    this.#sendToClient(this.#encoder.encode(chunk));
  }

  #sendToClient(message: string | Buffer): void {
    if (message.length === 0) return;
    const accepted = this.conn.send(message);
    this.#peakToClient = Math.max(this.#peakToClient, this.conn.bufferedAmount);
    // Stopping at the first `false` also keeps the server's `drop` and `close` high-water-mark
    // policies from ever firing on this connection: nothing is sent while it is above the mark.
    if (accepted || this.#clientFull) return;
    this.#clientFull = true;
    this.#tcp!.pause();
    this.#observer.backpressure(this, 'toClient', true);
  }

  #clientDrained(): void {
    if (!this.#clientFull) return;
    this.#clientFull = false;
    this.#observer.backpressure(this, 'toClient', false);
    this.#tcp?.resume();
  }

  /** The target sent FIN: everything it sent has been forwarded, so the WebSocket closes normally. */
  #targetEnded(): void {
    if (this.conn.readyState !== ReadyState.Open) return;
    this.#sendToClient(this.#encoder.end());
    this.#closeClient(ProxyCloseCode.TargetClosed, '');
  }

  #targetClosed(): void {
    this.#tcpClosed = true;
    clearTimeout(this.#closeTimer);
    if (this.#error === undefined) this.#closeClient(ProxyCloseCode.TargetClosed, '');
    else this.#closeClient(ProxyCloseCode.BadGateway, 'Target connection failed');
    if (this.#clientClose !== undefined) this.#finish();
  }

  /** Ends the session for a framing error: refused before the target is up, closed after. */
  #fail(error: SgcError, reason: string): void {
    if (!this.#settled) {
      this.#reject(error, reason);
      return;
    }
    this.#error ??= error;
    this.#closeClient(error.closeCode ?? ProxyCloseCode.InternalError, reason);
  }

  #reject(error: SgcError, reason: string): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#pending = [];
    this.#cancelDial?.();
    this.#cancelDial = undefined;
    this.#observer.rejected(this, error);
    this.#closeClient(error.closeCode ?? ProxyCloseCode.InternalError, reason);
  }

  #closeClient(code: number, reason: string): void {
    if (this.conn.readyState !== ReadyState.Open) return;
    // The client's answer to our close frame must be read, paused or not.
    this.conn.resume();
    this.conn.close(code, reason).catch(() => undefined);
  }

  #finish(): void {
    const close = this.#clientClose!;
    this.#observer.ended(this, {
      bytesToTarget: this.#bytesToTarget,
      bytesFromTarget: this.#bytesFromTarget,
      peakBufferedToTarget: this.#peakToTarget,
      peakBufferedToClient: this.#peakToClient,
      code: close.code,
      reason: close.reason,
      error: this.#error,
    });
  }
}
