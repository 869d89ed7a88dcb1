/**
 * HTTP sessions (the manual's `SessionState`, `SessionTimeout`, `AutoStartSession`,
 * `SessionList`): ids in a cookie, sessions in the backplane's key-value store, so
 * every node of a deployment sees the same ones.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { ErrorCode, SgcError } from '@sgc/frame';
import type { Backplane } from '@sgc/server';
import type { HttpRequest } from '../http-request.js';
import { HttpSession, type StoredSession } from './http-session.js';

/** Session settings. */
export interface HttpSessionOptions {
  /** Milliseconds without a request after which a session ends (the manual's `SessionTimeout`). @defaultValue 1200000 (20 min) */
  timeout?: number;
  /** Start a session for every request that has none (the manual's `AutoStartSession`). @defaultValue false */
  autoStart?: boolean;
  /** The cookie carrying the session id. @defaultValue 'sgcsession' */
  cookieName?: string;
  /** Mark the cookie `Secure` (only sent over HTTPS). @defaultValue false */
  secureCookie?: boolean;
}

/** Events of {@link HttpSessions} (the manual's `OnCreateSession`, `OnSessionStart`, `OnSessionEnd`, `OnInvalidSession`). */
export interface HttpSessionEvents {
  /** A session was created; set its data here. */
  create: [session: HttpSession];
  /** A created session is in the store and its cookie is on the response. */
  start: [session: HttpSession];
  /** A session ended: `end()` was called, or this node saw it time out. */
  end: [id: string, reason: 'ended' | 'timeout'];
  /** A request carried a session id that is unknown or expired. */
  invalid: [id: string, request: HttpRequest];
}

/** Session ids are random UUIDs; anything else in the cookie is not ours. */
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The server's sessions (the manual's `SessionList`).
 *
 * @example
 * ```ts
 * const server = new HttpServer({ port: 8080, sessions: { timeout: 600_000 } });
 * server.sessions.on('end', (id, reason) => console.log('session', id, reason));
 * ```
 */
export class HttpSessions extends EventEmitter<HttpSessionEvents> {
  readonly #backplane: Backplane;
  readonly #timeout: number;
  readonly #autoStart: boolean;
  readonly #cookieName: string;
  readonly #secure: boolean;
  /** Sessions this node created or served, with the timer that checks whether they timed out. */
  readonly #watched = new Map<string, NodeJS.Timeout>();

  /**
   * @param backplane - the server's backplane (its key-value store keeps the sessions)
   * @param options - timeout, auto-start and cookie settings
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_INVALID_ARGUMENT` for a timeout that is not a positive integer
   */
  constructor(backplane: Backplane, options: HttpSessionOptions = {}) {
    super();
    this.#backplane = backplane;
    this.#timeout = options.timeout ?? 20 * 60_000;
    if (!Number.isInteger(this.#timeout) || this.#timeout <= 0) {
      throw new SgcError(ErrorCode.InvalidArgument, `sessions.timeout must be a positive integer, got ${this.#timeout}`);
    }
    this.#autoStart = options.autoStart ?? false;
    this.#cookieName = options.cookieName ?? 'sgcsession';
    this.#secure = options.secureCookie ?? false;
  }

  /**
   * Creates a session, stores it and sets its cookie on the response (the manual's `CreateSession`).
   *
   * @param request - the request that starts it
   * @param response - its response, which gets the `Set-Cookie` header
   * @returns the session
   * @throws {@link @sgc/frame!index.SgcError} from the backplane when its store cannot be reached
   */
  async create(request: HttpRequest, response: ServerResponse): Promise<HttpSession> {
    const session = new HttpSession(randomUUID(), { remoteIP: request.remoteIP, createdAt: Date.now(), data: {} });
    this.emit('create', session);
    await this.save(session);
    const secure = this.#secure ? '; Secure' : '';
    response.appendHeader('Set-Cookie', `${this.#cookieName}=${session.id}; Path=/; HttpOnly; SameSite=Lax${secure}`);
    this.emit('start', session);
    return session;
  }

  /**
   * Reads a session and restarts its timeout (the manual's `GetSession`).
   *
   * @param id - the session id
   * @returns the session, or `undefined` when it is unknown or expired
   * @throws {@link @sgc/frame!index.SgcError} from the backplane when its store cannot be reached
   */
  async get(id: string): Promise<HttpSession | undefined> {
    if (!SESSION_ID.test(id)) return undefined;
    const stored = await this.#backplane.getValue(key(id));
    if (stored === undefined) return undefined;
    const session = new HttpSession(id, JSON.parse(stored) as StoredSession);
    await this.save(session);
    return session;
  }

  /**
   * Writes a session's data and restarts its timeout.
   *
   * @param session - the session
   * @throws {@link @sgc/frame!index.SgcError} from the backplane when its store cannot be reached
   */
  async save(session: HttpSession): Promise<void> {
    await this.#backplane.setValue(key(session.id), JSON.stringify(session.toStored()), this.#timeout);
    this.#watch(session.id);
  }

  /** @internal Saves a request's session after its handler, unless the handler ended it. */
  async persist(session: HttpSession): Promise<void> {
    if (this.#watched.has(session.id)) await this.save(session);
  }

  /**
   * Ends a session on every node (the manual's `EndSession`).
   *
   * @param id - the session id
   * @returns `false` when it did not exist
   */
  async end(id: string): Promise<boolean> {
    clearTimeout(this.#watched.get(id));
    this.#watched.delete(id);
    const existed = await this.#backplane.deleteValue(key(id));
    if (existed) this.emit('end', id, 'ended');
    return existed;
  }

  /**
   * @internal Finds the request's session from its cookie, or starts one when `autoStart` is on.
   */
  async attach(request: HttpRequest, response: ServerResponse): Promise<HttpSession | undefined> {
    const id = cookieValue(request.headers.cookie, this.#cookieName);
    if (id !== undefined) {
      const session = await this.get(id);
      if (session !== undefined) return session;
      this.emit('invalid', id, request);
    }
    return this.#autoStart ? this.create(request, response) : undefined;
  }

  /** Stops watching timeouts (the sessions stay in the store for the other nodes). */
  close(): void {
    for (const timer of this.#watched.values()) clearTimeout(timer);
    this.#watched.clear();
  }

  /** Checks just after the timeout whether the session is gone; a request on any node renews it. */
  #watch(id: string): void {
    clearTimeout(this.#watched.get(id));
    const timer = setTimeout(() => {
      this.#watched.delete(id);
      this.#backplane.getValue(key(id)).then(
        (value) => {
          if (value === undefined) this.emit('end', id, 'timeout');
          else this.#watch(id);
        },
        () => undefined,
      );
    }, this.#timeout + 50).unref();
    this.#watched.set(id, timer);
  }
}

function key(id: string): string {
  return `session:${id}`;
}

/** Reads one cookie (RFC 6265 §5.4's `name=value` pairs separated by `; `). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const equals = pair.indexOf('=');
    if (equals !== -1 && pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim();
  }
  return undefined;
}
