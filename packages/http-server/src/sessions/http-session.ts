/**
 * One HTTP session (the manual's `TIdHTTPSession`): an id, the address that
 * started it, and application data kept in the backplane's store.
 *
 * @module
 */

/** What the store keeps for a session. */
export interface StoredSession {
  /** The address that created it. */
  readonly remoteIP: string;
  /** Milliseconds since the epoch when it was created. */
  readonly createdAt: number;
  /** Application data; JSON-serialisable. */
  readonly data: Record<string, unknown>;
}

/**
 * An HTTP session, as `request.session` and `server.sessions` hand it out.
 *
 * @example
 * ```ts
 * commandGet: async (request, response) => {
 *   const visits = Number(request.session?.data.visits ?? 0) + 1;
 *   if (request.session) request.session.data.visits = visits; // saved after the handler
 *   response.contentText = `visit ${visits}`;
 * }
 * ```
 */
export class HttpSession {
  /** The session id (the cookie's value). */
  readonly id: string;
  /** The address that created it (the manual's `RemoteHost`). */
  readonly remoteIP: string;
  /** When it was created (ms since the epoch). */
  readonly createdAt: number;
  /** Application data (the manual's `Content`): JSON-serialisable values, saved after each request. */
  data: Record<string, unknown>;

  /**
   * @param id - the session id
   * @param stored - what the store holds
   */
  constructor(id: string, stored: StoredSession) {
    this.id = id;
    this.remoteIP = stored.remoteIP;
    this.createdAt = stored.createdAt;
    this.data = { ...stored.data };
  }

  /** @internal What goes into the store. */
  toStored(): StoredSession {
    return { remoteIP: this.remoteIP, createdAt: this.createdAt, data: this.data };
  }
}
