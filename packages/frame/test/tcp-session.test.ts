import { createServer, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConnectionLog,
  ErrorCode,
  ReadyState,
  type SgcError,
  TcpSession,
  Throttle,
  type TcpSessionHandler,
  type TcpSessionSettings,
} from '../src/node.js';

/** A connected client/server socket pair on 127.0.0.1; the client is the raw peer. */
async function socketPair(clientOptions: { allowHalfOpen?: boolean } = {}): Promise<{ peer: Socket; server: Socket }> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  const accepted = new Promise<Socket>((resolve) => listener.once('connection', resolve));
  const peer = connect({ port, host: '127.0.0.1', ...clientOptions });
  await new Promise<void>((resolve) => peer.once('connect', resolve));
  const server = await accepted;
  listener.close();
  cleanups.push(() => (peer.destroy(), server.destroy()));
  return { peer, server };
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Recording {
  readonly handler: TcpSessionHandler;
  readonly messages: Buffer[];
  readonly errors: SgcError[];
  readonly drains: () => number;
  /** Resolves at the first onDrain. */
  readonly drained: Promise<void>;
  /** Resolves with the onClose arguments. */
  readonly closed: Promise<[code: number, reason: string, wasClean: boolean]>;
  /** Resolves once `count` messages arrived. */
  messagesArrived(count: number): Promise<Buffer[]>;
}

function recording(): Recording {
  const messages: Buffer[] = [];
  const errors: SgcError[] = [];
  const waiters: Array<{ count: number; resolve: (messages: Buffer[]) => void }> = [];
  let drains = 0;
  let onDrained!: () => void;
  const drained = new Promise<void>((resolve) => (onDrained = resolve));
  let onClosed!: (args: [number, string, boolean]) => void;
  const closed = new Promise<[number, string, boolean]>((resolve) => (onClosed = resolve));
  const check = (): void => {
    for (const waiter of [...waiters]) {
      if (messages.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(messages);
      }
    }
  };
  return {
    handler: {
      onBinary: (data) => {
        messages.push(Buffer.from(data));
        check();
      },
      onError: (error) => errors.push(error),
      onDrain: () => {
        drains++;
        onDrained();
      },
      onClose: (code, reason, wasClean) => onClosed([code, reason, wasClean]),
    },
    messages,
    errors,
    drains: () => drains,
    drained,
    closed,
    messagesArrived: (count) =>
      new Promise((resolve) => {
        waiters.push({ count, resolve });
        check();
      }),
  };
}

/** Collects everything the raw peer receives until it sees the end of the stream. */
function collect(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => socket.once('end', () => resolve(Buffer.concat(chunks))));
}

async function session(settings: TcpSessionSettings = {}, clientOptions: { allowHalfOpen?: boolean } = {}) {
  const { peer, server } = await socketPair(clientOptions);
  const rec = recording();
  const tcp = new TcpSession(server, rec.handler, settings);
  return { peer, server, rec, tcp };
}

describe('TcpSession', () => {
  it('delivers every packet as it comes with the default scan mode none', async () => {
    const { peer, rec } = await session();
    peer.write('hello ');
    await rec.messagesArrived(1);
    peer.write('world');
    await rec.messagesArrived(2);
    expect(Buffer.concat(rec.messages).toString()).toBe('hello world');
  });

  it("cuts STOMP frames at bytes 0 and 10 in mode 'all', however the bytes are split", async () => {
    const { peer, rec } = await session({ scanMode: 'all', delimiter: [0, 10] });
    const stream = 'CONNECT\naccept-version:1.2\n\n\0\nSEND\ndestination:/q\n\nhi\0\nDISCONNECT\n\n\0\n';
    for (let at = 0; at < stream.length; at += 7) peer.write(stream.slice(at, at + 7));
    const messages = await rec.messagesArrived(3);
    expect(messages.map(String)).toEqual(['CONNECT\naccept-version:1.2\n\n\0\n', 'SEND\ndestination:/q\n\nhi\0\n', 'DISCONNECT\n\n\0\n']);
  });

  it('lets the scan mode and delimiter change after creation, as the manual does in OnConnect', async () => {
    const { peer, rec, tcp } = await session();
    tcp.scanner.mode = 'latest';
    tcp.scanner.addDelimiterByte(13);
    tcp.scanner.addDelimiterByte(10);
    peer.write('line one');
    peer.write(' continues\r\n');
    const [message] = await rec.messagesArrived(1);
    expect(message!.toString()).toBe('line one continues\r\n');
  });

  it('sends strings as UTF-8 and bytes as they are, with no framing', async () => {
    const { peer, tcp } = await session();
    const received = collect(peer);
    expect(tcp.send('héllo ')).toBe(true);
    expect(tcp.send(new Uint8Array([0, 1, 255]))).toBe(true);
    await tcp.close();
    expect((await received).toString('hex')).toBe(Buffer.concat([Buffer.from('héllo '), Buffer.from([0, 1, 255])]).toString('hex'));
  });

  it('closes cleanly with 1000 when close() is answered by the peer ending too', async () => {
    const { peer, rec, tcp } = await session();
    const ended = collect(peer);
    const closing = tcp.close();
    expect(tcp.readyState).toBe(ReadyState.Closing);
    expect(() => tcp.send('late')).toThrow(expect.objectContaining({ code: ErrorCode.NotOpen }));
    await ended;
    await closing;
    expect(await rec.closed).toEqual([1000, '', true]);
    expect(tcp.readyState).toBe(ReadyState.Closed);
    await tcp.close(); // resolves at once when already closed
  });

  it('closes cleanly with 1000 when the peer ends first', async () => {
    const { peer, rec, tcp } = await session();
    peer.end('bye');
    expect(await rec.closed).toEqual([1000, '', true]);
    expect(rec.messages.map(String)).toEqual(['bye']);
    expect(tcp.readyState).toBe(ReadyState.Closed);
  });

  it('reports 1006 and a socket error when the peer resets the connection', async () => {
    const { peer, rec } = await session();
    peer.resetAndDestroy();
    expect(await rec.closed).toEqual([1006, '', false]);
    expect(rec.errors.map((error) => error.code)).toEqual([ErrorCode.Socket]);
  });

  it('reports 1006 after terminate()', async () => {
    const { rec, tcp } = await session();
    tcp.terminate();
    expect(tcp.readyState).toBe(ReadyState.Closing);
    expect(await rec.closed).toEqual([1006, '', false]);
  });

  it('drops the socket with 1006 when the peer does not end within closeTimeout', async () => {
    const { peer, rec, tcp } = await session({ closeTimeout: 50 }, { allowHalfOpen: true });
    const peerSawEnd = new Promise<void>((resolve) => peer.once('end', resolve));
    const closing = tcp.close();
    await peerSawEnd; // our side ended; the peer keeps its side open
    await closing;
    expect(await rec.closed).toEqual([1006, '', false]);
  });

  it('fails with SGC_ERR_PAYLOAD_TOO_LARGE and 1006 when no delimiter comes within maxBuffer', async () => {
    const { peer, rec } = await session({ scanMode: 'all', delimiter: [10], maxBuffer: 1000 });
    peer.write(Buffer.alloc(2000, 0x61));
    expect(await rec.closed).toEqual([1006, '', false]);
    expect(rec.errors.map((error) => error.code)).toEqual([ErrorCode.PayloadTooLarge]);
    expect(rec.messages).toEqual([]);
  });

  it('returns false from send at the high-water mark and calls onDrain once it drains', async () => {
    const { peer, rec, tcp } = await session({ highWaterMark: 16 * 1024 });
    peer.pause(); // let the kernel buffers fill up
    const chunk = Buffer.alloc(64 * 1024, 1);
    let sends = 1;
    while (tcp.send(chunk)) sends++;
    expect(sends).toBeLessThan(1000); // send() did return false
    expect(tcp.bufferedAmount).toBeGreaterThanOrEqual(16 * 1024);
    expect(rec.drains()).toBe(0);
    peer.resume();
    await rec.drained;
    expect(rec.drains()).toBe(1);
    expect(tcp.bufferedAmount).toBeLessThan(16 * 1024);
  });

  it('delivers bytes read before the session existed first, after the constructor returned', async () => {
    const { peer, server } = await socketPair();
    const rec = recording();
    const tcp = new TcpSession(server, rec.handler, { scanMode: 'all', delimiter: [10] }, Buffer.from('early\nhal'));
    expect(rec.messages).toEqual([]);
    peer.write('f\n');
    const messages = await rec.messagesArrived(2);
    expect(messages.map(String)).toEqual(['early\n', 'half\n']);
    expect(tcp.readyState).toBe(ReadyState.Open);
  });

  it('paces sending through a throttle, counts its queue in bufferedAmount and flushes it before a clean close', async () => {
    const throttle = new Throttle({ bitsPerSecond: 800_000 }); // 100 kB/s
    const { peer, rec, tcp } = await session({ throttle });
    const received = collect(peer);
    const data = Buffer.alloc(30_000, 0x42);
    const start = performance.now();
    tcp.send(data);
    expect(tcp.bufferedAmount).toBeGreaterThan(20_000);
    const closing = tcp.close();
    expect((await received).equals(data)).toBe(true);
    const seconds = (performance.now() - start) / 1000;
    // 30 kB less the 5 kB first burst at 100 kB/s: at least 0.25 s.
    expect(seconds).toBeGreaterThan(0.2);
    await closing;
    expect(await rec.closed).toEqual([1000, '', true]);
  });

  it('receives through a throttle and still delivers every byte before onClose', async () => {
    const throttle = new Throttle({ bitsPerSecond: 800_000, sendBitsPerSecond: 0 });
    const { peer, rec } = await session({ throttle, scanMode: 'all', delimiter: [10] });
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(100)}\n`);
    peer.end(lines.join(''));
    expect(await rec.closed).toEqual([1000, '', true]);
    expect(rec.messages.map(String)).toEqual(lines);
  });

  it('writes connect, data and disconnect lines to a connection log', async () => {
    const lines: string[] = [];
    const log = new ConnectionLog({ hook: (line) => lines.push(line), now: () => new Date(2013, 10, 9, 11, 17, 3) });
    const { peer, rec, tcp } = await session({ log, scanMode: 'all', delimiter: [10] });
    peer.write('ping\n');
    await rec.messagesArrived(1);
    tcp.send('pong\n');
    peer.end();
    await rec.closed;
    const at = tcp.peer;
    expect(at).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(lines).toEqual([
      `${at} Stat Connected.`,
      `${at} Recv 09/11/2013 11:17:03: [binary 5 bytes] 70696e670a`,
      `${at} Sent 09/11/2013 11:17:03: [binary 5 bytes] 706f6e670a`,
      `${at} Stat Disconnected.`,
    ]);
  });

  it('rejects limits that are not positive numbers', async () => {
    const { server } = await socketPair();
    expect(() => new TcpSession(server, recording().handler, { maxBuffer: 0 })).toThrow(/maxBuffer must be a positive number/);
    expect(() => new TcpSession(server, recording().handler, { delimiter: [300] })).toThrow(/0 to 255/);
  });
});
