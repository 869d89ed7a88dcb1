/**
 * The body of a fan-out client child: its connections, one
 * {@link ClientGroup} per server port, and its answers to the commands every
 * fan-out client child serves. A bench's `client-child.ts` only says how to
 * open one of its counting clients (and adds commands of its own).
 *
 * @module
 */
import type { CommandHandlers } from '../ipc/serve.js';
import { ClientGroup, type CountingClient, type OpenCountingClient } from './client-group.js';
import type { FanoutClientCommands } from './commands.js';
import type { FanoutTerms } from './fanout-suite.js';

/** A client child's connections, by the port of their server. */
export class ClientGroups<C extends CountingClient> {
  readonly #groups = new Map<number, ClientGroup<C>>();
  readonly #openClient: OpenCountingClient<C>;
  readonly #terms: FanoutTerms;

  /**
   * @param openClient - opens one counting connection
   * @param terms - the bench's words, for the errors
   */
  constructor(openClient: OpenCountingClient<C>, terms: FanoutTerms) {
    this.#openClient = openClient;
    this.#terms = terms;
  }

  /**
   * The group of connections to `port`.
   *
   * @param port - the server's port
   * @returns the group
   * @throws Error when no connection to `port` was opened
   */
  get(port: number): ClientGroup<C> {
    const found = this.#groups.get(port);
    if (!found) throw new Error(`no ${this.#terms.connections} to port ${port}`);
    return found;
  }

  /**
   * The handlers of the shared commands, for `serveCommands`.
   *
   * @returns one handler per command of {@link FanoutClientCommands}
   */
  handlers(): CommandHandlers<FanoutClientCommands> {
    return {
      open: async ({ port, count, batch }) => {
        let target = this.#groups.get(port);
        if (!target) this.#groups.set(port, (target = new ClientGroup(this.#openClient)));
        return target.open(port, count, batch);
      },
      arm: async ({ port, messages }) => {
        this.get(port).arm(messages);
        return {};
      },
      awaitBurst: async ({ port, timeoutMs }) => this.get(port).awaitBurst(timeoutMs),
    };
  }
}
