/**
 * The slice of the `@sgc/server` and `@sgc/client` API the bench drives,
 * written out structurally and loaded with a dynamic `import()`. Why not a
 * static import: the packages are being written alongside the bench, and a
 * missing export must make the runner skip sgc with a clear line, not break
 * the bench's compilation or the whole run. Once both packages export this
 * API, these interfaces can be replaced by their real types.
 *
 * @module
 */
import { describeError } from '../util/time.js';

/** A server-side connection: only `send` is needed to echo. */
export interface SgcServerConnection {
  send(data: Uint8Array | string): unknown;
}

/** `@sgc/server`'s `WebSocketServer`, as far as the bench uses it. */
export interface SgcServer {
  /** The bound port, valid once `start()` resolved. */
  readonly port: number;
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  on(event: 'binary', listener: (conn: SgcServerConnection, data: Uint8Array) => void): unknown;
  on(event: 'message', listener: (conn: SgcServerConnection, text: string) => void): unknown;
  /** Not in the announced snippet; registered so an EventEmitter 'error' cannot crash the child. */
  on(event: 'error', listener: (...args: unknown[]) => void): unknown;
}

/** `@sgc/client`'s `WebSocketClient`, as far as the bench uses it. */
export interface SgcClient {
  connect(options: { timeout: number }): Promise<unknown>;
  send(data: Uint8Array | string): unknown;
  close(code: number, reason: string): Promise<unknown>;
  on(event: 'binary', listener: (data: Uint8Array) => void): unknown;
  /** 'close' and 'error' are not in the announced snippet; they only feed the failure report. */
  on(event: 'close' | 'error', listener: (...args: unknown[]) => void): unknown;
}

/** The module shape of `@sgc/server`. */
export interface SgcServerModule {
  WebSocketServer: new (options: { host: string; port: number; perMessageDeflate: boolean }) => SgcServer;
}

/** The module shape of `@sgc/client`. */
export interface SgcClientModule {
  WebSocketClient: new (options: { url: string; perMessageDeflate: boolean }) => SgcClient;
}

const BUILD_HINT = 'build it first: pnpm turbo run build --filter @sgc/bench...';

/**
 * Imports `@sgc/server` and checks it exports `WebSocketServer`.
 *
 * @returns the module
 * @throws Error naming what is missing
 */
export async function loadSgcServerModule(): Promise<SgcServerModule> {
  const mod: unknown = await import('@sgc/server').catch((error: unknown) => {
    throw new Error(`cannot import @sgc/server (${describeError(error)}); ${BUILD_HINT}`);
  });
  if (typeof (mod as Partial<SgcServerModule>).WebSocketServer !== 'function') {
    throw new Error('@sgc/server does not export WebSocketServer (yet)');
  }
  return mod as SgcServerModule;
}

/**
 * Imports `@sgc/client` and checks it exports `WebSocketClient`.
 *
 * @returns the module
 * @throws Error naming what is missing
 */
export async function loadSgcClientModule(): Promise<SgcClientModule> {
  const mod: unknown = await import('@sgc/client').catch((error: unknown) => {
    throw new Error(`cannot import @sgc/client (${describeError(error)}); ${BUILD_HINT}`);
  });
  if (typeof (mod as Partial<SgcClientModule>).WebSocketClient !== 'function') {
    throw new Error('@sgc/client does not export WebSocketClient (yet)');
  }
  return mod as SgcClientModule;
}

/**
 * Views received bytes as a `Buffer` without copying (the API promises a
 * `Buffer`; this only guards against a plain `Uint8Array`).
 *
 * @param data - bytes from an sgc event
 * @returns the same bytes as a `Buffer`
 */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
