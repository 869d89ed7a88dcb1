/**
 * Scale-out with real processes: three WebSocketServer nodes, each a child process
 * on its own port, share the Redis on 127.0.0.1:6379, with ws clients on every node.
 * Broadcasts, channel publishes, include/exclude filters and writeData reach exactly
 * the right clients on all nodes; a SIGKILLed node does not stop the others, and a
 * restarted node rejoins. scale-out.test.ts covers the same ground in one process.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { adminClient, deleteKeys, testPrefix, waitFor } from './fixtures/backplane-harness.js';
import type { ServerOps, ServerReport } from './fixtures/server-node.js';

const script = fileURLToPath(new URL('./fixtures/server-node.ts', import.meta.url));
const loader = new URL('./fixtures/register-ts-loader.mjs', import.meta.url).href;
const prefix = testPrefix();
// Short, so the entries of a killed node expire within the test.
const TTL_SECONDS = 1;
const processes: ServerProcess[] = [];
const sockets: WebSocket[] = [];
let admin: Awaited<ReturnType<typeof adminClient>>;

afterAll(async () => {
  for (const ws of sockets) ws.terminate();
  await Promise.all(processes.map((node) => node.kill()));
  // Only once every node is gone: a live node's heartbeat would write its entries back.
  await deleteKeys(admin, prefix);
  await admin.close();
});

/** A WebSocketServer node in a child process (fixtures/server-node.ts), driven over IPC. */
class ServerProcess {
  /** The node's `backplaneError`s. */
  readonly errors: string[] = [];
  readonly #child: ChildProcess;
  readonly #replies = new Map<number, (report: Extract<ServerReport, { type: 'reply' }>) => void>();
  #nextCall = 0;
  #port = 0;

  private constructor(
    readonly name: string,
    child: ChildProcess,
  ) {
    this.#child = child;
    child.on('message', (report: ServerReport) => {
      if (report.type === 'error') this.errors.push(report.message);
      else if (report.type === 'reply') this.#replies.get(report.id)?.(report);
    });
  }

  /** Forks node `name` asking for `port` (0: any free one) and waits until it listens. */
  static async start(name: string, port = 0): Promise<ServerProcess> {
    const child = fork(script, [prefix, name, String(TTL_SECONDS), String(port)], {
      execArgv: ['--conditions=@sgc/source', '--import', loader],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const node = new ServerProcess(name, child);
    processes.push(node);
    node.#port = await new Promise<number>((resolve, reject) => {
      child.on('message', (report: ServerReport) => report.type === 'ready' && resolve(report.port));
      child.once('exit', (code) => reject(new Error(`node ${name} exited with ${code} before it was ready`)));
    });
    return node;
  }

  get port(): number {
    return this.#port;
  }

  /** Runs `op` in the child; rejects with the child's error. IPC is JSON: leave out an argument, as `undefined` arrives as `null`. */
  call<Op extends keyof ServerOps>(op: Op, ...args: Parameters<ServerOps[Op]>): Promise<Awaited<ReturnType<ServerOps[Op]>>> {
    const id = this.#nextCall++;
    return new Promise((resolve, reject) => {
      this.#replies.set(id, (report) => {
        this.#replies.delete(id);
        if (report.error !== undefined) reject(new Error(`node ${this.name}: ${report.error}`));
        else resolve(report.result as Awaited<ReturnType<ServerOps[Op]>>);
      });
      this.#child.send({ id, op, args });
    });
  }

  /** SIGKILLs the process, so neither Redis nor the clients hear a goodbye, and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = once(this.#child, 'exit');
    this.#child.kill('SIGKILL');
    await exited;
  }
}

/** A ws client of one node, subscribed to one channel. */
class Client {
  /** Data messages in arrival order; the fixture's own replies are kept apart. */
  readonly received: string[] = [];
  /** Resolves with the close code once the connection is gone. */
  readonly closed: Promise<number>;
  readonly #ws: WebSocket;
  readonly #channels = new Set<string>();
  #id: string | undefined;

  private constructor(
    readonly name: string,
    readonly node: ServerProcess,
    readonly channel: string,
  ) {
    const ws = new WebSocket(`ws://127.0.0.1:${node.port}`);
    sockets.push(ws);
    // Failures show as a rejected 'open' or as 'close'; an unheard 'error' would crash the run.
    ws.on('error', () => undefined);
    ws.on('message', (data) => this.#receive(data.toString()));
    this.closed = new Promise((resolve) => ws.once('close', resolve));
    this.#ws = ws;
  }

  static async connect(name: string, node: ServerProcess, channel: string): Promise<Client> {
    const client = new Client(name, node, channel);
    await once(client.#ws, 'open');
    await waitFor(() => client.#id, `${name} to learn its connection id`);
    client.#ws.send(`sub:${channel}`);
    await waitFor(() => client.#channels.has(channel), `${name} to join ${channel}`);
    return client;
  }

  /** The server's id for this connection. */
  get id(): string {
    if (this.#id === undefined) throw new Error(`${this.name} has no connection id yet`);
    return this.#id;
  }

  #receive(text: string): void {
    if (text.startsWith('id:')) this.#id = text.slice('id:'.length);
    else if (text.startsWith('subscribed:')) this.#channels.add(text.slice('subscribed:'.length));
    else this.received.push(text);
  }
}

/** Waits until the directory, asked through `via`, places every client on its node, so writeData finds them. */
async function registered(via: ServerProcess, clients: readonly Client[]): Promise<void> {
  await waitFor(async () => {
    const nodes = await Promise.all(clients.map((client) => via.call('locate', client.id)));
    return nodes.every((node, i) => node === clients[i]!.node.name);
  }, 'the directory to know every client');
}

let markers = 0;

/**
 * Waits until everything `nodes` sent so far has reached `clients`, and returns what
 * each client got since the last settle (markers removed, sorted) by client name.
 *
 * Every node broadcasts a marker, in two rounds. A node's messages reach a client in
 * the order sent (one Redis connection out, one subscriber connection in, one TCP
 * stream to the client), so a client holding a node's marker holds that node's earlier
 * messages, duplicates included. The second round, published after the first went
 * through Redis, also arrives behind any copy a node might wrongly take back of its own
 * broadcasts; no sleep is needed to see that nothing more is coming.
 */
async function settle(nodes: readonly ServerProcess[], clients: readonly Client[]): Promise<Record<string, string[]>> {
  const sent: string[] = [];
  for (let round = 0; round < 2; round++) {
    const batch = nodes.map((node) => `marker ${++markers} from ${node.name}`);
    await Promise.all(nodes.map((node, i) => node.call('broadcast', batch[i]!)));
    await waitFor(() => clients.every((client) => batch.every((marker) => client.received.includes(marker))), 'markers to reach every client');
    sent.push(...batch);
  }
  const got: Record<string, string[]> = {};
  for (const client of clients) {
    const messages = client.received.splice(0);
    const data = messages.filter((message) => !sent.includes(message));
    // Every marker is in, so this count fails on a duplicated marker.
    expect(messages.length - data.length, `markers at ${client.name}`).toBe(sent.length);
    got[client.name] = data.sort();
  }
  return got;
}

/** `expected` with its lists sorted, to compare with settle(). */
function sorted(expected: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(expected).map(([name, messages]) => [name, [...messages].sort()]));
}

/** The same messages for every client. */
function everyone(clients: readonly Client[], messages: (client: Client) => string[]): Record<string, string[]> {
  return sorted(Object.fromEntries(clients.map((client) => [client.name, messages(client)])));
}

describe('scale-out across processes on Redis', () => {
  let a: ServerProcess, b: ServerProcess, c: ServerProcess;
  let aNews: Client, aSports: Client, bNews: Client, bSports: Client, cNews: Client, cSports: Client;
  let clients: Client[];

  beforeAll(async () => {
    admin = await adminClient();
    [a, b, c] = await Promise.all([ServerProcess.start('a'), ServerProcess.start('b'), ServerProcess.start('c')]);
    [aNews, aSports, bNews, bSports, cNews, cSports] = await Promise.all([
      Client.connect('a-news', a, 'news'),
      Client.connect('a-sports', a, 'sports'),
      Client.connect('b-news', b, 'news'),
      Client.connect('b-sports', b, 'sports'),
      Client.connect('c-news', c, 'news'),
      Client.connect('c-sports', c, 'sports'),
    ]);
    clients = [aNews, aSports, bNews, bSports, cNews, cSports];
    await registered(a, clients);
    // Each child transpiles the sources at start: seconds of CPU, more on a busy machine.
  }, 60_000);

  it('delivers a broadcast from each node to every client on all nodes exactly once', async () => {
    for (const node of [a, b, c]) expect(await node.call('broadcast', `hello from ${node.name}`)).toBe(2);
    expect(await settle([a, b, c], clients)).toEqual(everyone(clients, () => ['hello from a', 'hello from b', 'hello from c']));
  });

  it("delivers a channel publish from each node to that channel's subscribers only", async () => {
    for (const node of [a, b, c]) {
      expect(await node.call('broadcast', `news from ${node.name}`, { channel: 'news' })).toBe(1);
      expect(await node.call('broadcast', `sports from ${node.name}`, { channel: 'sports' })).toBe(1);
    }
    expect(await settle([a, b, c], clients)).toEqual(
      everyone(clients, (client) => [`${client.channel} from a`, `${client.channel} from b`, `${client.channel} from c`]),
    );
  });

  it('applies include and exclude filters to clients of other nodes', async () => {
    expect(await a.call('broadcast', 'not for b-news', { exclude: [bNews.id] })).toBe(2);
    expect(await b.call('broadcast', 'for a-sports and c-news', { include: [aSports.id, cNews.id] })).toBe(0);
    expect(await c.call('broadcast', 'news but not for a-news', { channel: 'news', exclude: [aNews.id] })).toBe(1);
    expect(await settle([a, b, c], clients)).toEqual(
      sorted({
        'a-news': ['not for b-news'],
        'a-sports': ['not for b-news', 'for a-sports and c-news'],
        'b-news': ['news but not for a-news'],
        'b-sports': ['not for b-news'],
        'c-news': ['not for b-news', 'for a-sports and c-news', 'news but not for a-news'],
        'c-sports': ['not for b-news'],
      }),
    );
  });

  it('writes to a connection on any node, and reports an unknown id', async () => {
    expect(await a.call('writeData', cSports.id, 'a to c-sports')).toBe(true);
    expect(await c.call('writeData', aNews.id, 'c to a-news')).toBe(true);
    expect(await b.call('writeData', bNews.id, 'b to b-news')).toBe(true);
    expect(await a.call('writeData', 'no-such-connection', 'lost')).toBe(false);
    expect(await settle([a, b, c], clients)).toEqual(
      sorted({
        'a-news': ['c to a-news'],
        'a-sports': [],
        'b-news': ['b to b-news'],
        'b-sports': [],
        'c-news': [],
        'c-sports': ['a to c-sports'],
      }),
    );
  });

  it('keeps serving when a node is SIGKILLed, and lets it rejoin after a restart', async () => {
    await c.kill();
    // The kernel closes the dead node's sockets: no closing handshake, so 1006.
    expect(await Promise.all([cNews.closed, cSports.closed])).toEqual([1006, 1006]);

    const survivors = [aNews, aSports, bNews, bSports];
    expect(await a.call('broadcast', 'a after the crash')).toBe(2);
    expect(await b.call('broadcast', 'sports after the crash', { channel: 'sports' })).toBe(1);
    expect(await settle([a, b], survivors)).toEqual(
      sorted({
        'a-news': ['a after the crash'],
        'a-sports': ['a after the crash', 'sports after the crash'],
        'b-news': ['a after the crash'],
        'b-sports': ['a after the crash', 'sports after the crash'],
      }),
    );
    // Redis soon drops the dead node's subscription, and its directory entries expire after the TTL.
    await waitFor(async () => (await a.call('writeData', cNews.id, 'lost')) === false, 'writeData to the dead node to fail');
    await waitFor(async () => (await b.call('locate', cSports.id)) === undefined, "the dead node's entries to expire");

    // c comes back under its id, on its old port when that is still free.
    const c2 = await ServerProcess.start('c', c.port);
    const c2News = await Client.connect('new c-news', c2, 'news');
    await registered(a, [c2News]);
    expect(await a.call('broadcast', 'welcome from a')).toBe(2);
    expect(await b.call('broadcast', 'welcome from b')).toBe(2);
    expect(await c2.call('broadcast', 'news from the new c', { channel: 'news' })).toBe(1);
    expect(await c2.call('writeData', bSports.id, 'new c to b-sports')).toBe(true);
    expect(await a.call('writeData', c2News.id, 'a to the new c')).toBe(true);
    expect(await settle([a, b, c2], [...survivors, c2News])).toEqual(
      sorted({
        'a-news': ['welcome from a', 'welcome from b', 'news from the new c'],
        'a-sports': ['welcome from a', 'welcome from b'],
        'b-news': ['welcome from a', 'welcome from b', 'news from the new c'],
        'b-sports': ['welcome from a', 'welcome from b', 'new c to b-sports'],
        'new c-news': ['welcome from a', 'welcome from b', 'news from the new c', 'a to the new c'],
      }),
    );
    for (const node of [a, b, c2]) expect(node.errors, `backplane errors of node ${node.name}`).toEqual([]);
  }, 40_000);
});
