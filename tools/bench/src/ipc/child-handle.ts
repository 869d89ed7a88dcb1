/**
 * The parent's side of a child process: fork it, call its commands with a
 * timeout each, and kill it. Every child the bench starts goes through here,
 * so {@link ChildHandle.kill} in a `finally` is all it takes to leave none behind.
 *
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { CommandMap } from './rpc.js';
import { isReadyMessage, isRpcResponse } from './rpc.js';

/** How long a child may take to load its modules and say it is ready. */
const READY_TIMEOUT_MS = 15_000;

/** A child never outlives this, even if the parent hangs without closing IPC. */
const DEFAULT_MAX_LIFETIME_MS = 20 * 60_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * A forked child process that answers the commands of `C`.
 *
 * @typeParam C - the command set the child serves
 */
export class ChildHandle<C extends CommandMap> {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #exited: string | undefined;

  private constructor(child: ChildProcess, readonly label: string) {
    this.#child = child;
    child.on('message', (message: unknown) => {
      if (!isRpcResponse(message)) return;
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.result);
      else pending.reject(new Error(`${label}: ${message.error}`));
    });
    child.on('exit', (code, signal) => {
      this.#exited = `${label} exited (${signal ?? `code ${code}`})`;
      this.#rejectAll(new Error(this.#exited));
    });
    child.on('error', (error) => this.#rejectAll(new Error(`${label}: ${error.message}`)));
  }

  /**
   * Forks `module` with `--expose-gc` and waits until it reports ready.
   *
   * @param module - the compiled child entry point
   * @param label - names the child in errors and logs
   * @param maxLifetimeMs - the child exits by itself after this long
   * @returns the handle of a ready child
   * @throws Error when the child exits or stays silent past the ready timeout (it is killed then)
   */
  static async start<C extends CommandMap>(
    module: URL,
    label: string,
    maxLifetimeMs = DEFAULT_MAX_LIFETIME_MS,
  ): Promise<ChildHandle<C>> {
    const child = fork(module, [String(maxLifetimeMs)], {
      // --expose-gc: the idle-memory bench forces GC before each reading.
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const handle = new ChildHandle<C>(child, label);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${label} not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
        const onMessage = (message: unknown): void => {
          if (!isReadyMessage(message)) return;
          cleanup();
          resolve();
        };
        const onExit = (): void => {
          cleanup();
          reject(new Error(`${label} exited before it was ready`));
        };
        const cleanup = (): void => {
          clearTimeout(timer);
          child.off('message', onMessage);
          child.off('exit', onExit);
        };
        child.on('message', onMessage);
        child.on('exit', onExit);
      });
    } catch (error) {
      handle.kill();
      throw error;
    }
    return handle;
  }

  /**
   * Sends one command and waits for its result.
   *
   * @param cmd - the command name
   * @param args - its arguments
   * @param timeoutMs - how long the child may take
   * @returns the command's result
   * @throws Error when the child reports an error, exits, or does not answer in time
   */
  call<K extends keyof C & string>(cmd: K, args: C[K]['args'], timeoutMs: number): Promise<C[K]['result']> {
    if (this.#exited !== undefined) return Promise.reject(new Error(this.#exited));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.label}: ${cmd} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.#child.send({ id, cmd, args }, (error) => {
        if (!error) return;
        this.#pending.delete(id);
        clearTimeout(timer);
        reject(new Error(`${this.label}: cannot send ${cmd}: ${error.message}`));
      });
    });
  }

  /**
   * Kills the child if it is still running (SIGKILL: a child stuck in a busy
   * loop must not survive the bench). Safe to call more than once.
   */
  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    this.#rejectAll(new Error(`${this.label} killed`));
  }

  #rejectAll(error: Error): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
  }
}
