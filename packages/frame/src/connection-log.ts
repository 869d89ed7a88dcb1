/**
 * The manual's `LogFile`: an append-only text log of connections and of the raw
 * data they send and receive, in sgc's (Indy's) line format, plus a hook to send
 * the same lines elsewhere.
 *
 * ```text
 * 127.0.0.1:49854 Stat Connected.
 * 127.0.0.1:49854 Recv 09/11/2013 11:17:03: GET / HTTP/1.1
 * Upgrade: websocket
 * ...
 * 127.0.0.1:49854 Sent 09/11/2013 11:17:03: HTTP/1.1 101 Switching Protocols
 * ...
 * 127.0.0.1:49854 Stat Disconnected.
 * ```
 *
 * @module
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { ErrorCode, SgcError } from './errors.js';

/** What a log entry records: a status change, received data or sent data. */
export type LogDirection = 'stat' | 'recv' | 'sent';

/** One log entry, as handed to a {@link ConnectionLogHook}. */
export interface ConnectionLogEntry {
  /** `stat` for a status line, `recv`/`sent` for data. */
  readonly direction: LogDirection;
  /** When the entry was made. */
  readonly time: Date;
  /** The peer as `IP:port` (`[IPv6]:port`). */
  readonly peer: string;
  /** The status text (`Connected.`), or the data as rendered in the line (see {@link renderLogData}). */
  readonly text: string;
  /** The data as given, for `recv`/`sent`; `undefined` for `stat`. */
  readonly data: string | Uint8Array | undefined;
}

/** Receives every line (without its line break) with the entry it was made from. */
export type ConnectionLogHook = (line: string, entry: ConnectionLogEntry) => void;

/** A socket-like peer; a `net.Socket` fits. */
export interface PeerAddress {
  /** The peer's IP address. */
  readonly remoteAddress?: string | undefined;
  /** The peer's port. */
  readonly remotePort?: number | undefined;
}

/** How binary data is written: `hex` (lowercase pairs) or `base64`. */
export type BinaryLogFormat = 'hex' | 'base64';

/** Options of {@link renderLogData}. */
export interface LogDataOptions {
  /** How bytes are written. @defaultValue 'hex' */
  binary?: BinaryLogFormat | undefined;
  /** Most characters (text) or bytes (binary) written before the rest is cut. @defaultValue 4096 */
  maxDataLength?: number | undefined;
}

/** Options of a {@link ConnectionLog}. At least `fileName` or `hook` is needed. */
export interface ConnectionLogOptions extends LogDataOptions {
  /** The file to append to (the manual's `LogFile.FileName`); opened at the first entry. */
  fileName?: string | undefined;
  /** Also (or only) hand every line to this function. */
  hook?: ConnectionLogHook | undefined;
  /** Ends each entry in the file. @defaultValue '\n' */
  eol?: string | undefined;
  /** Write times in UTC instead of local time. @defaultValue false (the manual logs local time) */
  utc?: boolean | undefined;
  /** The clock. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
  /**
   * Receives file errors. Without it the first error rejects {@link ConnectionLog.close}.
   * Either way the log stops writing to the file after an error (the hook still runs).
   */
  onError?: ((error: SgcError) => void) | undefined;
}

/** The default of {@link LogDataOptions.maxDataLength}. */
export const DEFAULT_LOG_DATA_LENGTH = 4096;

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/**
 * Formats a time as the manual's log does: `dd/mm/yyyy hh:nn:ss`, 24-hour clock.
 *
 * @param time - the time
 * @param utc - use UTC fields instead of local ones
 * @defaultValue utc: false
 * @returns for example `09/11/2013 11:17:03`
 * @example
 * ```ts
 * formatLogTimestamp(new Date(Date.UTC(2013, 10, 9, 11, 17, 3)), true); // '09/11/2013 11:17:03'
 * ```
 */
export function formatLogTimestamp(time: Date, utc = false): string {
  const [day, month, year, hours, minutes, seconds] = utc
    ? [time.getUTCDate(), time.getUTCMonth() + 1, time.getUTCFullYear(), time.getUTCHours(), time.getUTCMinutes(), time.getUTCSeconds()]
    : [time.getDate(), time.getMonth() + 1, time.getFullYear(), time.getHours(), time.getMinutes(), time.getSeconds()];
  return `${pad(day)}/${pad(month)}/${pad(year, 4)} ${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

/**
 * Formats a peer as `IP:port`. IPv6 addresses go in brackets; IPv4-mapped IPv6
 * addresses (`::ffff:127.0.0.1`, what a dual-stack server sees) are written as IPv4.
 * An unknown address or port is written `0.0.0.0` / `0`, as in the manual's sample.
 *
 * @param peer - a ready-made string (returned as is) or a socket-like object
 * @returns the peer text
 * @example
 * ```ts
 * // Take it at connect time: a destroyed socket may no longer know its peer.
 * const peer = formatPeer(socket); // '127.0.0.1:49854'
 * ```
 */
export function formatPeer(peer: string | PeerAddress): string {
  if (typeof peer === 'string') return peer;
  let address = peer.remoteAddress ?? '0.0.0.0';
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) address = address.slice(7);
  const host = address.includes(':') ? `[${address}]` : address;
  return `${host}:${peer.remotePort ?? 0}`;
}

/**
 * Renders data for a log line. Text is written as is (line breaks included, as in the
 * manual's handshake sample). Bytes are written as `[binary N bytes] ` followed by hex
 * (or base64), so they stay readable and cannot be mistaken for text. Data longer than
 * `maxDataLength` characters (text) or bytes (binary) is cut, with `... [N more characters]`
 * or `... [N more bytes]` at the end.
 *
 * @param data - the text or bytes
 * @param options - binary format and length limit
 * @returns the rendered text
 * @example
 * ```ts
 * renderLogData(new Uint8Array([0x48, 0x69])); // '[binary 2 bytes] 4869'
 * renderLogData('x'.repeat(10), { maxDataLength: 4 }); // 'xxxx... [6 more characters]'
 * ```
 */
export function renderLogData(data: string | Uint8Array, options: LogDataOptions = {}): string {
  const { binary = 'hex', maxDataLength = DEFAULT_LOG_DATA_LENGTH } = options;
  if (typeof data === 'string') {
    if (data.length <= maxDataLength) return data;
    let cut = maxDataLength;
    // Do not split a surrogate pair.
    const last = data.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut--;
    return `${data.slice(0, cut)}... [${data.length - cut} more characters]`;
  }
  const shown = data.length <= maxDataLength ? data : data.subarray(0, maxDataLength);
  const bytes = Buffer.from(shown.buffer, shown.byteOffset, shown.byteLength);
  const rest = data.length - shown.length;
  return `[binary ${data.length} bytes] ${bytes.toString(binary)}${rest > 0 ? `... [${rest} more bytes]` : ''}`;
}

/**
 * An append-only connection log (the manual's `LogFile`). One log serves any number
 * of connections: every line starts with the peer. The file is opened in append mode
 * at the first entry, so an unused log creates no file.
 *
 * Each entry ends with `eol`; data keeps its own line breaks. Entries after
 * {@link ConnectionLog.close} are dropped, since connections may still report their
 * disconnection while a server shuts down.
 *
 * @example
 * ```ts
 * const log = new ConnectionLog({ fileName: 'sgc.log' });
 * const peer = formatPeer(socket);
 * log.connected(peer);
 * log.received(peer, 'GET / HTTP/1.1\r\n...');
 * log.sent(peer, frameBytes);
 * log.disconnected(peer);
 * await log.close();
 * ```
 */
export class ConnectionLog {
  readonly #fileName: string | undefined;
  readonly #hook: ConnectionLogHook | undefined;
  readonly #render: LogDataOptions;
  readonly #eol: string;
  readonly #utc: boolean;
  readonly #now: () => Date;
  readonly #onError: ((error: SgcError) => void) | undefined;
  #stream: WriteStream | undefined;
  #failed = false;
  #unhandled: SgcError | undefined;
  #closed: Promise<void> | undefined;

  /**
   * @param options - where to write and how
   * @throws {@link SgcError} `SGC_ERR_INVALID_ARGUMENT` with neither `fileName` nor `hook`, or a
   * `maxDataLength` that is not a positive number
   */
  constructor(options: ConnectionLogOptions) {
    const { fileName, hook, binary = 'hex', maxDataLength = DEFAULT_LOG_DATA_LENGTH } = options;
    if (fileName === undefined && hook === undefined) {
      throw new SgcError(ErrorCode.InvalidArgument, 'A connection log needs a fileName or a hook');
    }
    if (!(maxDataLength > 0)) {
      throw new SgcError(ErrorCode.InvalidArgument, `maxDataLength must be a positive number, got ${maxDataLength}`);
    }
    if (binary !== 'hex' && binary !== 'base64') {
      throw new SgcError(ErrorCode.InvalidArgument, `binary must be hex or base64, got ${String(binary)}`);
    }
    this.#fileName = fileName;
    this.#hook = hook;
    this.#render = { binary, maxDataLength };
    this.#eol = options.eol ?? '\n';
    this.#utc = options.utc ?? false;
    this.#now = options.now ?? (() => new Date());
    this.#onError = options.onError;
  }

  /** `true` once {@link ConnectionLog.close} was called. */
  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /**
   * Logs `IP:port Stat Connected.`
   *
   * @param peer - `IP:port` or a socket-like object (see {@link formatPeer})
   */
  connected(peer: string | PeerAddress): void {
    this.status(peer, 'Connected.');
  }

  /**
   * Logs `IP:port Stat Disconnected.`
   *
   * @param peer - `IP:port`, best taken at connect time
   */
  disconnected(peer: string | PeerAddress): void {
    this.status(peer, 'Disconnected.');
  }

  /**
   * Logs a status line: `IP:port Stat <text>`.
   *
   * @param peer - `IP:port` or a socket-like object
   * @param text - the status text
   */
  status(peer: string | PeerAddress, text: string): void {
    const address = formatPeer(peer);
    this.#write(`${address} Stat ${text}`, { direction: 'stat', time: this.#now(), peer: address, text, data: undefined });
  }

  /**
   * Logs received data: `IP:port Recv dd/mm/yyyy hh:nn:ss: <data>`.
   *
   * @param peer - `IP:port` or a socket-like object
   * @param data - text as is, bytes as hex or base64 (see {@link renderLogData})
   */
  received(peer: string | PeerAddress, data: string | Uint8Array): void {
    this.#logData('recv', 'Recv', peer, data);
  }

  /**
   * Logs sent data: `IP:port Sent dd/mm/yyyy hh:nn:ss: <data>`.
   *
   * @param peer - `IP:port` or a socket-like object
   * @param data - text as is, bytes as hex or base64 (see {@link renderLogData})
   */
  sent(peer: string | PeerAddress, data: string | Uint8Array): void {
    this.#logData('sent', 'Sent', peer, data);
  }

  /**
   * Flushes and closes the file. Safe to call more than once.
   *
   * @returns resolves once every line is on disk
   * @throws {@link SgcError} `SGC_ERR_LOG_FILE` (as a rejection) when the file failed and no `onError` took the error
   */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve, reject) => {
      const settle = (): void => (this.#unhandled === undefined ? resolve() : reject(this.#unhandled));
      const stream = this.#stream;
      if (stream === undefined || stream.destroyed) {
        settle();
        return;
      }
      stream.once('close', settle);
      stream.end();
    });
    return this.#closed;
  }

  #logData(direction: 'recv' | 'sent', label: string, peer: string | PeerAddress, data: string | Uint8Array): void {
    const address = formatPeer(peer);
    const time = this.#now();
    const text = renderLogData(data, this.#render);
    this.#write(`${address} ${label} ${formatLogTimestamp(time, this.#utc)}: ${text}`, { direction, time, peer: address, text, data });
  }

  #write(line: string, entry: ConnectionLogEntry): void {
    if (this.#closed !== undefined) return;
    this.#hook?.(line, entry);
    if (this.#fileName === undefined || this.#failed) return;
    this.#open().write(line + this.#eol);
  }

  #open(): WriteStream {
    if (this.#stream !== undefined) return this.#stream;
    const fileName = this.#fileName!;
    const stream = createWriteStream(fileName, { flags: 'a' });
    stream.on('error', (cause: Error) => {
      if (this.#failed) return;
      this.#failed = true;
      const error = new SgcError(ErrorCode.LogFile, `Cannot write the log file ${fileName}: ${cause.message}`, { cause });
      if (this.#onError !== undefined) this.#onError(error);
      else this.#unhandled = error;
    });
    this.#stream = stream;
    return stream;
  }
}
