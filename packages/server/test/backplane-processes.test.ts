import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackplaneEnvelope } from '../src/backplane/index.js';
import { adminClient, deleteKeys, keysOf, testPrefix, waitFor } from './fixtures/backplane-harness.js';
import type { NodeOps, NodeReport } from './fixtures/backplane-node.js';

const script = fileURLToPath(new URL('./fixtures/backplane-node.ts', import.meta.url));
const loader = new URL('./fixtures/register-ts-loader.mjs', import.meta.url).href;
const prefix = testPrefix();
const TTL_SECONDS = 1;
let admin: Awaited<ReturnType<typeof adminClient>>;
const processes: NodeProcess[] = [];

beforeAll(async () => {
  admin = await adminClient();
});
afterAll(async () => {
  for (const node of processes) node.kill();
  await deleteKeys(admin, prefix);
  await admin.close();
});

/** A RedisBackplane node in a child process, driven over IPC. */
class NodeProcess {
  readonly delivered: BackplaneEnvelope[] = [];
  readonly errors: string[] = [];
  readonly #child: ChildProcess;
  readonly #replies = new Map<number, (report: Extract<NodeReport, { type: 'reply' }>) => void>();
  #nextCall = 0;

  private constructor(
    readonly id: string,
    child: ChildProcess,
  ) {
    this.#child = child;
    child.on('message', (report: NodeReport) => {
      if (report.type === 'delivered') this.delivered.push(report.envelope);
      else if (report.type === 'error') this.errors.push(`${report.code} ${report.message}`);
      else if (report.type === 'reply') this.#replies.get(report.id)?.(report);
    });
  }

  static async start(id: string): Promise<NodeProcess> {
    const child = fork(script, [prefix, id, String(TTL_SECONDS)], {
      execArgv: ['--conditions=@sgc/source', '--import', loader],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const node = new NodeProcess(id, child);
    processes.push(node);
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (report: NodeReport) => report.type === 'ready' && resolve());
      child.once('exit', (code) => reject(new Error(`node ${id} exited with ${code} before it was ready`)));
    });
    await ready;
    return node;
  }

  /** Calls the child's backplane; rejects with the child's error code and message. */
  call<Op extends keyof NodeOps>(op: Op, ...args: NodeOps[Op]): Promise<unknown> {
    const id = this.#nextCall++;
    return new Promise((resolve, reject) => {
      this.#replies.set(id, (report) => {
        this.#replies.delete(id);
        if (report.error) reject(new Error(`${report.error.code} ${report.error.message}`));
        else resolve(report.result);
      });
      this.#child.send({ id, op, args });
    });
  }

  /** The text data of the broadcasts and direct messages delivered so far. */
  texts(): unknown[] {
    return this.delivered.map((envelope) => envelope.data);
  }

  /** Waits until text `data` was delivered here. */
  async received(data: string): Promise<BackplaneEnvelope> {
    return waitFor(() => this.delivered.find((envelope) => envelope.data === data), `node ${this.id} to get "${data}"`);
  }

  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  async killed(): Promise<void> {
    const exited = once(this.#child, 'exit');
    this.kill();
    await exited;
  }
}

/** Publishes a marker from `from` and waits until every node in `nodes` has it (earlier messages are then in too). */
async function settle(from: NodeProcess, nodes: readonly NodeProcess[]): Promise<void> {
  const marker = `settle ${Math.random()}`;
  await from.call('publish', { data: marker });
  await Promise.all(nodes.map((node) => node.received(marker)));
}

describe('RedisBackplane across processes', () => {
  it('keeps working when a node is SIGKILLed, expires its entries, and lets it rejoin', async () => {
    const [a, b, c] = await Promise.all([NodeProcess.start('a'), NodeProcess.start('b'), NodeProcess.start('c')]);
    for (const node of [a, b, c]) await node.call('register', `conn-${node.id}`);

    // Everyone hears everyone, once; binary survives the trip through Redis and IPC.
    expect(await a.call('publish', { data: 'hello from a', channel: 'room' })).toBe(3);
    expect(await b.call('publish', { data: new Uint8Array([0, 10, 13, 255]) })).toBe(3);
    await settle(c, [a, b, c]);
    for (const node of [a, b, c]) {
      expect(node.delivered.filter((envelope) => envelope.data === 'hello from a')).toEqual([
        { kind: 'broadcast', origin: 'a', data: 'hello from a', channel: 'room' },
      ]);
      const binary = node.delivered.filter((envelope) => envelope.origin === 'b' && envelope.data instanceof Uint8Array);
      expect(binary.map((envelope) => [...(envelope.data as Uint8Array)])).toEqual([[0, 10, 13, 255]]);
    }
    expect(await a.call('locate', 'conn-c')).toBe('c');
    expect(await a.call('sendTo', 'c', { connectionId: 'conn-c', data: 'to c' })).toBe(true);
    await c.received('to c');

    // c dies without a word.
    await c.killed();
    expect(await a.call('publish', { data: 'after the crash' })).toBe(2);
    await Promise.all([a.received('after the crash'), b.received('after the crash')]);
    expect(await b.call('sendTo', 'c', { connectionId: 'conn-c', data: 'lost' })).toBe(false);
    expect(await b.call('locate', 'conn-a')).toBe('a');
    // Nobody renews c's entry any more: it expires within the TTL.
    const crashed = Date.now();
    await waitFor(async () => (await a.call('locate', 'conn-c')) === undefined, 'conn-c to expire');
    expect(Date.now() - crashed).toBeLessThan(TTL_SECONDS * 1000 + 3000);

    // c comes back under the same id and rejoins.
    const c2 = await NodeProcess.start('c');
    await c2.call('register', 'conn-c');
    expect(await a.call('locate', 'conn-c')).toBe('c');
    expect(await b.call('publish', { data: 'c is back' })).toBe(3);
    await Promise.all([a, b, c2].map((node) => node.received('c is back')));
    expect(await a.call('sendTo', 'c', { connectionId: 'conn-c', data: 'to c again' })).toBe(true);
    await c2.received('to c again');

    // b dies and comes back under a new id; the others carry on.
    await b.killed();
    const b2 = await NodeProcess.start('b2');
    await b2.call('register', 'conn-b2');
    expect(await c2.call('locate', 'conn-b2')).toBe('b2');
    expect(await b2.call('publish', { data: 'hello from b2' })).toBe(3);
    await Promise.all([a, c2, b2].map((node) => node.received('hello from b2')));
    await waitFor(async () => (await a.call('locate', 'conn-b')) === undefined, 'conn-b to expire');

    // Exactly once throughout: no node got any message twice.
    for (const node of [a, c2, b2]) {
      const texts = node.texts().filter((data) => typeof data === 'string');
      expect(new Set(texts).size).toBe(texts.length);
    }
    expect(a.errors).toEqual([]);

    // Graceful stops leave nothing behind.
    for (const node of [a, c2, b2]) await node.call('stop');
    expect(await keysOf(admin, prefix)).toEqual([]);
  }, 40_000);
});
