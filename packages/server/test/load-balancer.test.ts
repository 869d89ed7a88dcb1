import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCode, type SgcError } from '@sgc/frame';
import {
  LOAD_BALANCER_CLIENT_PATH,
  LOAD_BALANCER_SERVER_PATH,
  LoadBalancerBackend,
  LoadBalancerServer,
  WebSocketServer,
  parseBinding,
  type LoadBalancerBackendOptions,
  type LoadBalancerServerOptions,
  type ServerConnection,
} from '../src/index.js';
import { WsTransport } from './fixtures/ws-transport.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const GET_BINDING = JSON.stringify({ jsonrpc: '2.0', method: 'sgc@lb@client@get@binding', id: 'req' });

interface Answer {
  jsonrpc: string;
  id: unknown;
  result?: { host: string; port: number; ssl: boolean };
  error?: { code: number; message: string };
}

async function balancer(options: LoadBalancerServerOptions = {}): Promise<LoadBalancerServer> {
  const lb = new LoadBalancerServer({ host: '127.0.0.1', port: 0, ...options });
  await lb.start();
  cleanups.push(() => lb.stop());
  return lb;
}

/** A real back-end registered and ready on `lb`; `link` is its connection as the balancer sees it. */
async function backend(lb: LoadBalancerServer, options: Partial<LoadBalancerBackendOptions> = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await server.start();
  cleanups.push(() => server.stop());
  const transport = WsTransport.connect(`ws://127.0.0.1:${lb.port}${LOAD_BALANCER_SERVER_PATH}`);
  cleanups.push(() => transport.ws.terminate());
  const ready = once(lb, 'serverReady') as Promise<[ServerConnection, { guid: string }]>;
  const member = new LoadBalancerBackend(server, { transport, ...options });
  cleanups.push(() => member.close());
  const [link, info] = await ready;
  expect(info.guid).toBe(member.guid);
  /**
   * Resolves once the balancer has handled `count` more messages from this back-end: the plug-in
   * handles each one in the same turn as the connection's `message` event.
   */
  const reported = (count = 1): Promise<void> =>
    new Promise((resolve) => {
      let seen = 0;
      const onMessage = (): void => {
        if (++seen < count) return;
        link.off('message', onMessage);
        resolve();
      };
      link.on('message', onMessage);
    });
  return { server, transport, member, link, reported };
}

/** A raw `ws` peer on one of the balancer's paths that reads JSON answers in order. */
async function peer(lb: LoadBalancerServer, path = LOAD_BALANCER_CLIENT_PATH) {
  const ws = new WebSocket(`ws://127.0.0.1:${lb.port}${path}`);
  cleanups.push(() => ws.terminate());
  const answers: Answer[] = [];
  const waiters: Array<(answer: Answer) => void> = [];
  ws.on('message', (data) => {
    const answer = JSON.parse(data.toString()) as Answer;
    const waiter = waiters.shift();
    if (waiter) waiter(answer);
    else answers.push(answer);
  });
  await once(ws, 'open');
  const next = (): Promise<Answer> => {
    const ready = answers.shift();
    return ready ? Promise.resolve(ready) : new Promise((resolve) => waiters.push(resolve));
  };
  const call = (text: string | Buffer): Promise<Answer> => {
    ws.send(text);
    return next();
  };
  return { ws, call, next };
}

/** A real client of a back-end that records what it receives. */
async function clientOf(port: number, path = '/') {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  cleanups.push(() => ws.terminate());
  const received: Array<string | Buffer> = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  ws.on('message', (data: Buffer, isBinary) => {
    received.push(isBinary ? data : data.toString());
    for (const waiter of waiters.filter(({ count }) => received.length >= count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  await once(ws, 'open');
  /** Resolves once `count` messages in all have arrived. */
  const receivedCount = (count: number): Promise<void> =>
    received.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve }));
  return { ws, received, receivedCount };
}

describe('LoadBalancerServer: bindings for clients', () => {
  it('registers back-ends and answers a client with a binding of one', async () => {
    const lb = await balancer();
    const node = await backend(lb, { guid: 'node-1' });
    const client = await peer(lb);
    const answer = await client.call(GET_BINDING);
    expect(answer).toEqual({ jsonrpc: '2.0', result: { host: '127.0.0.1', port: node.server.port, ssl: false }, id: 'req' });
    expect(lb.backends).toEqual([
      { guid: 'node-1', bindings: [{ host: '127.0.0.1', port: node.server.port, ssl: false }], connections: 0, pending: 1, ready: true },
    ]);
  });

  it('answers a JSON-RPC error when no back-end is available, and when the only one is not ready', async () => {
    const lb = await balancer();
    const client = await peer(lb);
    expect(await client.call(GET_BINDING)).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: 'No server available' }, id: 'req' });
    const raw = await peer(lb, LOAD_BALANCER_SERVER_PATH);
    const registration = { jsonrpc: '2.0', method: 'sgc@lb@server@binding', params: { guid: 'g', bindings: [{ host: '127.0.0.1', port: 9, ssl: false }] }, id: 1 };
    expect(await raw.call(JSON.stringify(registration))).toEqual({ jsonrpc: '2.0', result: true, id: 1 });
    expect((await client.call(GET_BINDING)).error?.code).toBe(-32000);
    expect(await raw.call(JSON.stringify({ jsonrpc: '2.0', method: 'sgc@lb@server@ready', params: { guid: 'g' }, id: 2 }))).toMatchObject({ result: true });
    expect((await client.call(GET_BINDING)).result).toEqual({ host: '127.0.0.1', port: 9, ssl: false });
  });

  it('spreads clients over the back-ends with the fewest connections, and follows their reports', async () => {
    const lb = await balancer();
    const nodes = [await backend(lb), await backend(lb), await backend(lb)];
    const client = await peer(lb);
    // A burst: handed-out bindings count until the back-ends report the clients.
    const ports: number[] = [];
    for (let i = 0; i < 6; i++) ports.push((await client.call(GET_BINDING)).result!.port);
    for (const node of nodes) expect(ports.filter((port) => port === node.server.port)).toHaveLength(2);
    expect(lb.backends.map((info) => info.pending)).toEqual([2, 2, 2]);

    const clients = [];
    for (const port of ports) {
      const node = nodes.find((candidate) => candidate.server.port === port)!;
      const reported = node.reported();
      clients.push({ node, connected: await clientOf(port) });
      await reported;
    }
    expect(lb.backends.map(({ connections, pending }) => [connections, pending])).toEqual([[2, 0], [2, 0], [2, 0]]);

    // Two clients leave the second back-end: it is the emptiest now.
    const second = nodes[1]!;
    const left = second.reported(2);
    for (const { node, connected } of clients) if (node === second) connected.ws.terminate();
    await left;
    expect(lb.backends.map((info) => info.connections)).toEqual([2, 0, 2]);
    expect((await client.call(GET_BINDING)).result!.port).toBe(second.server.port);
  });

  it('reaches every back-end with the random strategy', async () => {
    const lb = await balancer({ strategy: 'random' });
    const nodes = [await backend(lb), await backend(lb), await backend(lb)];
    const client = await peer(lb);
    const seen = new Set<number>();
    // Missing one of three back-ends in 60 fair draws has a probability of 3 * (2/3)^60, about 1e-10.
    for (let i = 0; i < 60; i++) seen.add((await client.call(GET_BINDING)).result!.port);
    expect([...seen].sort()).toEqual(nodes.map((node) => node.server.port).sort());
  });

  it('lets beforeSendBinding see, replace or refuse the binding', async () => {
    const decisions: Array<'keep' | 'replace' | 'refuse' | 'throw'> = [];
    const seen: Array<[number | undefined, string | undefined]> = [];
    const lb = await balancer({
      beforeSendBinding: async (binding, { backend, client }) => {
        expect(client.url).toBe(LOAD_BALANCER_CLIENT_PATH);
        seen.push([binding?.port, backend?.guid]);
        const decision = decisions.shift();
        if (decision === 'replace') return { host: 'edge.example', port: 8443, ssl: true };
        if (decision === 'refuse') return false;
        if (decision === 'throw') throw new Error('boom');
        return undefined;
      },
    });
    const client = await peer(lb);
    decisions.push('replace');
    expect((await client.call(GET_BINDING)).result).toEqual({ host: 'edge.example', port: 8443, ssl: true });
    const node = await backend(lb, { guid: 'b1' });
    decisions.push('keep', 'refuse', 'throw');
    expect((await client.call(GET_BINDING)).result?.port).toBe(node.server.port);
    expect((await client.call(GET_BINDING)).error).toEqual({ code: -32000, message: 'Binding refused' });
    expect((await client.call(GET_BINDING)).error).toEqual({ code: -32603, message: 'Internal error' });
    expect(seen).toEqual([
      [undefined, undefined],
      [node.server.port, 'b1'],
      [node.server.port, 'b1'],
      [node.server.port, 'b1'],
    ]);
    // Only the binding that was not refused counts against the back-end.
    expect(lb.backends[0]?.pending).toBe(1);
  });

  it('drops a back-end from the pool as soon as its connection closes', async () => {
    const lb = await balancer();
    const first = await backend(lb, { guid: 'first' });
    const second = await backend(lb, { guid: 'second' });
    const gone = once(lb, 'serverDisconnect') as Promise<[ServerConnection, { guid: string } | undefined]>;
    first.transport.ws.terminate();
    const [, info] = await gone;
    expect(info?.guid).toBe('first');
    expect(lb.backends.map((backendInfo) => backendInfo.guid)).toEqual(['second']);
    const client = await peer(lb);
    for (let i = 0; i < 3; i++) expect((await client.call(GET_BINDING)).result?.port).toBe(second.server.port);
  });

  it('takes a back-end out of rotation when its server stops, and back when it starts', async () => {
    const lb = await balancer();
    const node = await backend(lb);
    const port = node.server.port;
    const withdrawn = node.reported();
    await node.server.stop();
    await withdrawn;
    expect(lb.backends[0]).toMatchObject({ bindings: [], ready: false });
    const client = await peer(lb);
    expect((await client.call(GET_BINDING)).error?.code).toBe(-32000);
    const back = once(lb, 'serverReady');
    await node.server.start();
    await back;
    expect((await client.call(GET_BINDING)).result?.port).toBe(node.server.port);
    expect(node.server.port).not.toBe(port);
  });
});

describe('LoadBalancerServer: events', () => {
  it('emits the client events, fragments included', async () => {
    const lb = await balancer({ fragmentMode: 'all' });
    const events: string[] = [];
    lb.on('clientConnect', (conn) => events.push(`connect ${conn.url}`));
    lb.on('clientFragmented', (_conn, data, info) => events.push(`fragment ${data.length} ${info.continuation}`));
    lb.on('clientMessage', (_conn, text) => events.push(`message ${text.length}`));
    lb.on('clientDisconnect', (_conn, code) => events.push(`disconnect ${code}`));
    const client = await peer(lb);
    client.ws.send(GET_BINDING.slice(0, 10), { fin: false });
    client.ws.send(GET_BINDING.slice(10), { fin: true });
    expect((await client.next()).error?.code).toBe(-32000);
    const left = once(lb, 'clientDisconnect');
    client.ws.close(1000);
    await left;
    expect(events).toEqual([
      `connect ${LOAD_BALANCER_CLIENT_PATH}`,
      'fragment 10 true',
      `fragment ${GET_BINDING.length - 10} false`,
      `message ${GET_BINDING.length}`,
      'disconnect 1000',
    ]);
  });

  it('replaces a back-end that registers again on a new connection, dropping the stale one', async () => {
    const lb = await balancer();
    const registration = JSON.stringify({ jsonrpc: '2.0', method: 'sgc@lb@server@binding', params: { guid: 'g', bindings: [] }, id: 1 });
    const stale = await peer(lb, LOAD_BALANCER_SERVER_PATH);
    await stale.call(registration);
    const fresh = await peer(lb, LOAD_BALANCER_SERVER_PATH);
    const dropped = once(lb, 'serverDisconnect') as Promise<[ServerConnection, unknown]>;
    expect(await fresh.call(registration)).toMatchObject({ result: true });
    const [, info] = await dropped;
    // The stale connection no longer held the back-end when it closed.
    expect(info).toBeUndefined();
    expect(lb.backends.map((backendInfo) => backendInfo.guid)).toEqual(['g']);
  });
});

describe('LoadBalancerServer: broadcasts across back-ends', () => {
  async function cluster() {
    const lb = await balancer();
    const nodes = [await backend(lb), await backend(lb), await backend(lb)];
    const clients = [];
    for (const node of nodes) {
      const reported = node.reported(2);
      clients.push({ node, peers: [await clientOf(node.server.port), await clientOf(node.server.port)] });
      await reported;
    }
    return { lb, nodes, clients, all: clients.flatMap((entry) => entry.peers) };
  }

  it('relays the balancer broadcast to every client of every back-end exactly once', async () => {
    const { lb, all } = await cluster();
    expect(lb.broadcast('hello')).toBe(3);
    expect(lb.broadcast(Buffer.from([0, 1, 2, 255]))).toBe(3);
    // The balancer's last word: anything duplicated would have arrived before it on each path.
    lb.broadcast('end');
    await Promise.all(all.map((client) => client.receivedCount(3)));
    for (const client of all) expect(client.received).toEqual(['hello', Buffer.from([0, 1, 2, 255]), 'end']);
  });

  it('applies the broadcast filter on each back-end', async () => {
    const lb = await balancer();
    const nodes = [await backend(lb), await backend(lb)];
    for (const node of nodes) {
      node.server.on('connect', (conn) => {
        if (conn.url === '/news') conn.subscribe('news');
      });
    }
    const subscribers = [];
    const others = [];
    for (const node of nodes) {
      const reported = node.reported(2);
      subscribers.push(await clientOf(node.server.port, '/news'));
      others.push(await clientOf(node.server.port));
      await reported;
    }
    lb.broadcast('news only', { channel: 'news' });
    lb.broadcast('end');
    await Promise.all([...others.map((client) => client.receivedCount(1)), ...subscribers.map((client) => client.receivedCount(2))]);
    for (const client of others) expect(client.received).toEqual(['end']);
    for (const client of subscribers) expect(client.received).toEqual(['news only', 'end']);
  });

  it('relays a back-end broadcast to the others, and to its own clients once', async () => {
    const { lb, nodes, clients, all } = await cluster();
    expect(nodes[0]!.member.relay('from A')).toBe(true);
    expect(nodes[1]!.member.relay(new Uint8Array([7, 8, 9]))).toBe(true);
    await Promise.all(all.map((client) => client.receivedCount(2)));
    lb.broadcast('end');
    await Promise.all(all.map((client) => client.receivedCount(3)));
    for (const { peers } of clients) {
      for (const client of peers) {
        expect(client.received).toHaveLength(3);
        expect(client.received).toContain('from A');
        expect(client.received).toContainEqual(Buffer.from([7, 8, 9]));
        expect(client.received.at(-1)).toBe('end');
      }
    }
  });

  it('refuses to relay a text that would read as binary', async () => {
    const lb = await balancer();
    expect(() => lb.broadcast('sgc@b64:AAAA')).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });
});

describe('LoadBalancerServer: malformed messages', () => {
  it('answers clients with JSON-RPC errors and keeps working', async () => {
    const lb = await balancer();
    const node = await backend(lb);
    const client = await peer(lb);
    const messages: string[] = [];
    lb.on('clientMessage', (_conn, text) => messages.push(text));
    expect(await client.call('not json')).toEqual({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
    expect(await client.call('[]')).toEqual({ jsonrpc: '2.0', error: { code: -32600, message: 'Invalid Request' }, id: null });
    expect(await client.call('{"jsonrpc":"2.0","id":1}')).toMatchObject({ error: { code: -32600 }, id: 1 });
    expect(await client.call('{"jsonrpc":"1.0","method":"sgc@lb@client@get@binding","id":2}')).toMatchObject({ error: { code: -32600 }, id: 2 });
    expect(await client.call('{"jsonrpc":"2.0","method":"nope","id":3}')).toMatchObject({ error: { code: -32601 }, id: 3 });
    // A client may not speak for a back-end.
    expect(await client.call('{"jsonrpc":"2.0","method":"sgc@lb@server@ready","params":{},"id":4}')).toMatchObject({ error: { code: -32601 }, id: 4 });
    const binary = once(lb, 'clientBinary');
    expect(await client.call(Buffer.from([1, 2]))).toMatchObject({ error: { code: -32600 }, id: null });
    await binary;
    // An answer is never answered: the next reply is for the next request.
    client.ws.send('{"jsonrpc":"2.0","result":true,"id":9}');
    expect((await client.call(GET_BINDING)).result?.port).toBe(node.server.port);
    expect(messages).toHaveLength(8);
  });

  it('answers bad back-end requests, reports bad notifications, and fixes wildcard hosts', async () => {
    const lb = await balancer();
    const raw = await peer(lb, LOAD_BALANCER_SERVER_PATH);
    const call = (method: string, params: unknown, id?: number) => raw.call(JSON.stringify({ jsonrpc: '2.0', method, params, id }));
    expect(await call('sgc@lb@server@ready', { guid: 'g' }, 1)).toMatchObject({ error: { code: -32602 }, id: 1 });
    expect(await call('sgc@lb@server@binding', { guid: 'g', bindings: [{ host: 'x', port: 70000 }] }, 2)).toMatchObject({ error: { code: -32602 }, id: 2 });
    expect(await call('sgc@lb@server@binding', { guid: '', bindings: [] }, 3)).toMatchObject({ error: { code: -32602 }, id: 3 });
    expect(await call('sgc@lb@client@get@binding', undefined, 4)).toMatchObject({ error: { code: -32601 }, id: 4 });

    const reported = once(lb, 'clientError') as Promise<[ServerConnection, SgcError]>;
    raw.ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'sgc@lb@client@connection', params: { active: 'yes' } }));
    const [, error] = await reported;
    expect(error.code).toBe(ErrorCode.InvalidArgument);

    expect(await call('sgc@lb@server@binding', { guid: 'g', bindings: [{ host: '0.0.0.0', port: 8080, ssl: true }], connections: 4 }, 5)).toMatchObject({ result: true });
    expect(await call('sgc@lb@client@connection', { guid: 'other', ip: '10.0.0.1', active: true }, 6)).toMatchObject({ error: { code: -32602 } });
    expect(await call('sgc@lb@server@data', { data: 42 }, 7)).toMatchObject({ error: { code: -32602 } });
    expect(await call('sgc@lb@server@ready', { guid: 'g' }, 8)).toMatchObject({ result: true });
    expect(lb.backends).toEqual([
      { guid: 'g', bindings: [{ host: '127.0.0.1', port: 8080, ssl: true }], connections: 4, pending: 0, ready: true },
    ]);
  });
});

describe('LoadBalancerBackend: bindings', () => {
  it('reads the manual binding strings', () => {
    expect(parseBinding('WS://127.0.0.1:80')).toEqual({ host: '127.0.0.1', port: 80, ssl: false });
    expect(parseBinding('WSS://127.0.0.2:8888')).toEqual({ host: '127.0.0.2', port: 8888, ssl: true });
    expect(parseBinding('wss://[::1]')).toEqual({ host: '::1', port: 443, ssl: true });
    expect(() => parseBinding('http://127.0.0.1:80')).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
    expect(() => parseBinding({ host: 'h', port: 0, ssl: false })).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
  });

  it('registers explicit bindings instead of its addresses unless told to add them', async () => {
    const lb = await balancer();
    const explicit = await backend(lb, { guid: 'explicit', bindings: ['WSS://edge.example:8443', { host: 'b.example', port: 81, ssl: false }] });
    const both = await backend(lb, { guid: 'both', bindings: ['WS://edge.example:80'], autoRegisterBindings: true });
    expect(explicit.member.bindings).toEqual([
      { host: 'edge.example', port: 8443, ssl: true },
      { host: 'b.example', port: 81, ssl: false },
    ]);
    expect(lb.backends.map((info) => info.bindings)).toEqual([
      explicit.member.bindings,
      [
        { host: 'edge.example', port: 80, ssl: false },
        { host: '127.0.0.1', port: both.server.port, ssl: false },
      ],
    ]);
  });

  it('reports the clients it already has when it registers', async () => {
    const lb = await balancer();
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await server.start();
    cleanups.push(() => server.stop());
    const connected = once(server, 'connect');
    await clientOf(server.port);
    await connected;
    const transport = WsTransport.connect(`ws://127.0.0.1:${lb.port}${LOAD_BALANCER_SERVER_PATH}`);
    cleanups.push(() => transport.ws.terminate());
    await once(transport.ws, 'open');
    const ready = once(lb, 'serverReady');
    // The transport is already open: registration happens at once.
    const member = new LoadBalancerBackend(server, { transport });
    cleanups.push(() => member.close());
    await ready;
    expect(lb.backends[0]).toMatchObject({ guid: member.guid, connections: 1, ready: true });
  });

  it('withdraws its bindings on close', async () => {
    const lb = await balancer();
    const node = await backend(lb);
    const withdrawn = node.reported();
    node.member.close();
    await withdrawn;
    expect(lb.backends[0]).toMatchObject({ bindings: [], ready: false });
    expect(() => new LoadBalancerBackend(node.server, { transport: node.transport, bindings: ['tcp://x:1'] })).toThrow(
      expect.objectContaining({ code: ErrorCode.InvalidArgument }),
    );
  });
});
