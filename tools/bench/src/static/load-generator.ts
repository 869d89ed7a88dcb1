/**
 * The static bench's load: an undici `Pool` of keep-alive connections with
 * one request in flight on each (pipelining 1), requesting one file over and
 * over. Every response is checked (status 200, the file's length in bytes),
 * so a server that answers fast with errors shows errors, not a high rate.
 * Runs inside the load child.
 *
 * @module
 */
import { Pool } from 'undici';
import { BENCH_HOST } from '../impl/types.js';
import { delay, describeError } from '../util/time.js';

/** Error texts kept for the report; the count goes on. */
const MAX_ERROR_TEXTS = 5;

/** What one load session does. */
export interface LoadTarget {
  readonly port: number;
  readonly path: string;
  /** The file's size: every 200 response must carry exactly this many body bytes. */
  readonly size: number;
  /** Pool connections, each with one request in flight. */
  readonly connections: number;
}

/** One running load session. */
export class LoadGenerator {
  /** Good responses so far. */
  requests = 0;
  /** Bad responses and failed requests so far. */
  errors = 0;
  readonly #errorTexts: string[] = [];
  readonly #pool: Pool;
  readonly #loops: Promise<void>[];
  #stopping = false;

  /**
   * Opens the pool and starts one request loop per connection.
   *
   * @param target - port, path, expected size and connection count
   */
  constructor(readonly target: LoadTarget) {
    this.#pool = new Pool(`http://${BENCH_HOST}:${target.port}`, { connections: target.connections, pipelining: 1 });
    this.#loops = Array.from({ length: target.connections }, () => this.#loop());
  }

  /**
   * Stops the loops, waits for the requests in flight and closes the pool.
   *
   * @returns the first few error texts of the session
   */
  async stop(): Promise<readonly string[]> {
    this.#stopping = true;
    await Promise.all(this.#loops);
    await this.#pool.close();
    return this.#errorTexts;
  }

  async #loop(): Promise<void> {
    const { path, size } = this.target;
    while (!this.#stopping) {
      try {
        const { statusCode, body } = await this.#pool.request({ path, method: 'GET' });
        let length = 0;
        for await (const chunk of body) length += (chunk as Buffer).length;
        if (statusCode === 200 && length === size) this.requests++;
        else this.#error(`status ${statusCode} with ${length} bytes, expected 200 with ${size}`);
      } catch (error) {
        this.#error(describeError(error));
        // A server that refuses connections must not turn this loop into a busy one.
        await delay(5);
      }
    }
  }

  #error(text: string): void {
    this.errors++;
    if (this.#errorTexts.length < MAX_ERROR_TEXTS) this.#errorTexts.push(text);
  }
}
