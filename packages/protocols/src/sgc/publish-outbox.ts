/**
 * The client's QoS 1 and 2 publishes until the server acknowledges them: each is resent
 * every `retryInterval` from its last unacknowledged step (the publish, or for QoS 2 after
 * `sgc@pubrec` the release), and given up after `timeout`.
 *
 * @module
 */
import { ErrorCode, SgcError } from '@sgc/frame';

/** One publish on its way. */
interface Outgoing {
  /** What to send at the current step. */
  text: string;
  /** The publish itself, to start again from on a new connection. */
  readonly publish: string;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly expiry: ReturnType<typeof setTimeout>;
}

/** Timing of the retries. */
export interface OutboxTiming {
  /** Milliseconds between resends of an unacknowledged step. */
  readonly retryInterval: number;
  /** Milliseconds after which a publish fails with `SGC_ERR_TIMEOUT`. */
  readonly timeout: number;
  /** How many publishes may wait at once; more fail at once with `SGC_ERR_INVALID_STATE`. */
  readonly maxPending: number;
}

/**
 * Acknowledged publishes in flight, by request id.
 *
 * @example
 * ```ts
 * const outbox = new PublishOutbox({ retryInterval: 5000, timeout: 30000, maxPending: 1000 }, (text) => transport.send(text));
 * await outbox.add(id, publishText); // resolves on sgc@acknowledgment
 * ```
 */
export class PublishOutbox {
  readonly #entries = new Map<string, Outgoing>();
  readonly #timing: OutboxTiming;
  readonly #send: (text: string) => boolean;
  #retry: ReturnType<typeof setInterval> | undefined;

  /**
   * @param timing - retry interval, timeout and bound
   * @param send - sends a text when the transport is open; returns `false` when it is not
   */
  constructor(timing: OutboxTiming, send: (text: string) => boolean) {
    this.#timing = timing;
    this.#send = send;
  }

  /**
   * Sends a publish and waits for its acknowledgment.
   *
   * @param id - the publish's request id
   * @param text - the publish request
   * @returns resolves on acknowledgment
   * @throws {@link @sgc/frame!index.SgcError} `SGC_ERR_TIMEOUT` past the timeout, `SGC_ERR_INVALID_STATE`
   *   when `maxPending` publishes already wait
   */
  add(id: string, text: string): Promise<void> {
    if (this.#entries.size >= this.#timing.maxPending) {
      return Promise.reject(new SgcError(ErrorCode.InvalidState, `${this.#timing.maxPending} publishes already wait for acknowledgment`));
    }
    return new Promise<void>((resolve, reject) => {
      const expiry = setTimeout(() => {
        this.#entries.delete(id);
        this.#idle();
        reject(new SgcError(ErrorCode.Timeout, `Publish ${id} was not acknowledged within ${this.#timing.timeout} ms`));
      }, this.#timing.timeout);
      this.#entries.set(id, { text, publish: text, resolve, reject, expiry });
      this.#send(text);
      this.#retry ??= setInterval(() => this.#resendAll(), this.#timing.retryInterval);
    });
  }

  /**
   * QoS 2: the server stored the publish; from now on the release is what is (re)sent.
   *
   * @param id - the publish's request id
   * @param release - the `sgc@pubrel` request
   */
  received(id: string, release: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    entry.text = release;
    this.#send(release);
  }

  /**
   * The server acknowledged a publish.
   *
   * @param id - the request id
   * @returns `false` when it was not a publish of this outbox
   */
  acknowledged(id: string): boolean {
    const entry = this.#entries.get(id);
    if (entry === undefined) return false;
    this.#entries.delete(id);
    clearTimeout(entry.expiry);
    this.#idle();
    entry.resolve();
    return true;
  }

  /**
   * A new connection: everything is sent again. A QoS 2 publish starts again from the publish,
   * since the server kept its copy with the old connection; if that copy was already published
   * and only the acknowledgment was lost, it is published twice.
   */
  reconnected(): void {
    for (const entry of this.#entries.values()) entry.text = entry.publish;
    this.#resendAll();
  }

  /**
   * Fails every publish (the client is being discarded).
   *
   * @param error - why
   */
  rejectAll(error: Error): void {
    for (const [id, entry] of this.#entries) {
      this.#entries.delete(id);
      clearTimeout(entry.expiry);
      entry.reject(error);
    }
    this.#idle();
  }

  #resendAll(): void {
    for (const entry of this.#entries.values()) this.#send(entry.text);
  }

  #idle(): void {
    if (this.#entries.size > 0 || this.#retry === undefined) return;
    clearInterval(this.#retry);
    this.#retry = undefined;
  }
}
