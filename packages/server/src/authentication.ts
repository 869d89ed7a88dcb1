/**
 * Server-side authentication, each of the manual's kinds: a user list
 * (`user=password`), Basic (RFC 7617), sgc Session tokens, sgc URL credentials,
 * and a hook for anything else (bearer/JWT, the manual's OnAuthentication and
 * OnUnknownAuthentication). Comparisons run in constant time.
 *
 * @module
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** How a client presented its credentials. */
export type AuthScheme = 'basic' | 'session' | 'url' | 'custom';

/** Who a connection belongs to, once authenticated. */
export interface AuthResult {
  /** The user name. */
  readonly user: string;
  /** How the user authenticated. */
  readonly scheme: AuthScheme;
  /** Anything the `authenticate` hook wants to keep (JWT claims, roles). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** One authentication attempt, as the `authenticate` hook sees it. */
export interface AuthAttempt {
  /** The handshake (or session) request. */
  readonly request: IncomingMessage;
  /** How the credentials came: `custom` for an `Authorization` header of another scheme, or none. */
  readonly scheme: AuthScheme;
  /** The user name, for basic, session and URL attempts. */
  readonly user?: string;
  /** The password, for basic, session and URL attempts. */
  readonly password?: string;
  /** The raw `Authorization` header, if any. */
  readonly authorization?: string;
}

/**
 * Decides an attempt the user list did not accept: return an {@link AuthResult} (or `true`)
 * to let the client in, `false` or `undefined` to refuse it with 401.
 */
export type AuthenticateHook = (
  attempt: AuthAttempt,
) => AuthResult | boolean | undefined | Promise<AuthResult | boolean | undefined>;

/** Options of the server's authentication (the manual's `Authentication`). */
export interface AuthenticationOptions {
  /** Users allowed in: `{ user: password }` or the manual's `user=password` lines. @defaultValue none */
  users?: Readonly<Record<string, string>> | readonly string[];
  /** Accept `Authorization: Basic` on the handshake. @defaultValue true */
  basic?: boolean;
  /**
   * Serve `GET /sgc/req/auth/session/<user>/<password>` (a session token in the body) and accept
   * `/sgc/auth/session/<token>` handshakes. Tokens are single-use and expire after `ttl` ms.
   * @defaultValue false (`true` means a 60 s ttl)
   */
  session?: boolean | { ttl?: number };
  /** Accept `/sgc/auth/url/<user>/<password>` handshakes. @defaultValue false */
  url?: boolean;
  /** Decides attempts the user list does not accept, and other schemes (bearer tokens, JWT). */
  authenticate?: AuthenticateHook;
  /** The realm in `WWW-Authenticate` challenges. @defaultValue 'sgc' */
  realm?: string;
}

const SESSION_REQUEST = /^\/sgc\/req\/auth\/session\/([^/?]+)\/([^/?]+)\/?(?:\?.*)?$/;
const SESSION_CONNECT = /^\/sgc\/auth\/session\/([^/?]+)\/?(?:\?.*)?$/;
const URL_CONNECT = /^\/sgc\/auth\/url\/([^/?]+)\/([^/?]+)\/?(?:\?.*)?$/;
/** Outstanding session tokens kept at most, so a flood of session requests cannot grow memory. */
const MAX_TOKENS = 100_000;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares two secrets in time that does not depend on where they differ. */
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Checks credentials for a server; one instance per server.
 *
 * @example
 * ```ts
 * const auth = new Authenticator({ users: ['admin=1234'], session: true });
 * const result = await auth.authenticateUpgrade(request); // AuthResult or undefined (refuse with 401)
 * ```
 */
export class Authenticator {
  readonly #users = new Map<string, string>();
  readonly #options: AuthenticationOptions;
  readonly #ttl: number;
  readonly #tokens = new Map<string, { user: string; expires: number }>();

  /**
   * @param options - users, schemes and hook
   */
  constructor(options: AuthenticationOptions) {
    this.#options = options;
    const users = options.users ?? {};
    const entries = Array.isArray(users)
      ? (users as readonly string[]).map((line) => {
          const at = line.indexOf('=');
          return [line.slice(0, at), line.slice(at + 1)] as const;
        })
      : Object.entries(users);
    for (const [user, password] of entries) if (user !== '') this.#users.set(user, password);
    const session = options.session;
    this.#ttl = typeof session === 'object' ? (session.ttl ?? 60_000) : 60_000;
  }

  /** The `WWW-Authenticate` challenge for a 401, when Basic is on. */
  get challenge(): string | undefined {
    return this.#options.basic === false ? undefined : `Basic realm="${this.#options.realm ?? 'sgc'}"`;
  }

  /**
   * Tells whether a request is the sgc session endpoint.
   *
   * @param request - an HTTP request
   * @returns `true` for `GET /sgc/req/auth/session/<user>/<password>` when Session auth is on
   */
  isSessionRequest(request: IncomingMessage): boolean {
    return Boolean(this.#options.session) && request.method === 'GET' && SESSION_REQUEST.test(request.url ?? '');
  }

  /**
   * Answers the session endpoint: a token for good credentials.
   *
   * @param request - the session request
   * @returns the token, or `undefined` to answer 401
   */
  async issueSession(request: IncomingMessage): Promise<string | undefined> {
    const match = SESSION_REQUEST.exec(request.url ?? '');
    if (match === null) return undefined;
    const user = decode(match[1]!);
    const password = decode(match[2]!);
    if (user === undefined || password === undefined) return undefined;
    const result = await this.#check({ request, scheme: 'session', user, password });
    if (result === undefined) return undefined;
    this.#sweep();
    if (this.#tokens.size >= MAX_TOKENS) return undefined;
    const token = randomBytes(24).toString('base64url');
    this.#tokens.set(token, { user: result.user, expires: Date.now() + this.#ttl });
    return token;
  }

  /**
   * Authenticates a handshake by whichever scheme it uses.
   *
   * @param request - the upgrade request
   * @returns who it is, or `undefined` to refuse with 401
   */
  async authenticateUpgrade(request: IncomingMessage): Promise<AuthResult | undefined> {
    const url = request.url ?? '/';
    const authorization = request.headers.authorization;
    if (this.#options.session) {
      const match = SESSION_CONNECT.exec(url);
      if (match) return this.#redeem(decode(match[1]!));
    }
    if (this.#options.url) {
      const match = URL_CONNECT.exec(url);
      if (match) {
        const user = decode(match[1]!);
        const password = decode(match[2]!);
        if (user === undefined || password === undefined) return undefined;
        return this.#check({ request, scheme: 'url', user, password });
      }
    }
    if (authorization !== undefined && this.#options.basic !== false && /^basic /i.test(authorization)) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const at = decoded.indexOf(':');
      if (at < 0) return undefined;
      return this.#check({ request, scheme: 'basic', user: decoded.slice(0, at), password: decoded.slice(at + 1), authorization });
    }
    return this.#decide({ request, scheme: 'custom', ...(authorization !== undefined ? { authorization } : {}) });
  }

  /** The user list first, then the hook (the manual's OnAuthentication). */
  async #check(attempt: AuthAttempt & { user: string; password: string }): Promise<AuthResult | undefined> {
    const known = this.#users.get(attempt.user);
    // Compare even for unknown users, so timing does not reveal which names exist.
    const matches = safeEqual(known ?? '\u0000unknown', attempt.password) && known !== undefined;
    if (matches) return { user: attempt.user, scheme: attempt.scheme };
    return this.#decide(attempt);
  }

  async #decide(attempt: AuthAttempt): Promise<AuthResult | undefined> {
    const hook = this.#options.authenticate;
    if (hook === undefined) return undefined;
    const verdict = await hook(attempt);
    if (verdict === true) return { user: attempt.user ?? '', scheme: attempt.scheme };
    return verdict || undefined;
  }

  /** Session tokens are single-use: a replayed or expired token is refused. */
  #redeem(token: string | undefined): AuthResult | undefined {
    if (token === undefined) return undefined;
    const entry = this.#tokens.get(token);
    if (entry === undefined) return undefined;
    this.#tokens.delete(token);
    return entry.expires > Date.now() ? { user: entry.user, scheme: 'session' } : undefined;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [token, entry] of this.#tokens) if (entry.expires <= now) this.#tokens.delete(token);
  }
}
