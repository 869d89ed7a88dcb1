import { EventEmitter } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode, RateLimiter, SgcError, Throttle, ThrottledReader, ThrottledWriter } from '../src/node.js';

/** A connected client/server socket pair on 127.0.0.1. */
async function socketPair(): Promise<{ client: Socket; server: Socket; dispose: () => void }> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as { port: number };
  const accepted = new Promise<Socket>((resolve) => listener.once('connection', resolve));
  const client = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', resolve));
  const server = await accepted;
  listener.close();
  return { client, server, dispose: () => (client.destroy(), server.destroy()) };
}

const pairs: Array<() => void> = [];
afterEach(() => {
  for (const dispose of pairs.splice(0)) dispose();
});

/** Bytes 0..n-1 of a repeating pattern, so order and completeness can be checked. */
function pattern(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1000;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

/** Number of live timers, to prove nothing is left ticking. */
const liveTimers = (): number => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

describe('RateLimiter', () => {
  it('starts with a full bucket and grants whole bytes up to it', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ bitsPerSecond: 8000, burst: 100, now: clock.now });
    expect(limiter.bytesPerSecond).toBe(1000);
    expect(limiter.take(60)).toBe(60);
    expect(limiter.take(60)).toBe(40);
    expect(limiter.take(1)).toBe(0);
  });

  it('refills at bitsPerSecond / 8 bytes per second, never beyond the burst', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ bitsPerSecond: 8000, burst: 100, now: clock.now });
    limiter.take(100);
    clock.advance(25);
    expect(limiter.take(1000)).toBe(25);
    clock.advance(10_000);
    expect(limiter.available).toBe(100);
  });

  it('says how long until a number of bytes is available, capped at the burst', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ bitsPerSecond: 8000, burst: 100, now: clock.now });
    expect(limiter.delayFor(50)).toBe(0);
    limiter.take(100);
    expect(limiter.delayFor(50)).toBe(50);
    expect(limiter.delayFor(5000)).toBe(100);
  });

  it('runs into debt on consume and recovers from it', () => {
    const clock = manualClock();
    const limiter = new RateLimiter({ bitsPerSecond: 8000, burst: 100, now: clock.now });
    limiter.consume(300);
    expect(limiter.available).toBe(-200);
    expect(limiter.delayFor(1)).toBe(201);
    clock.advance(201);
    expect(limiter.take(10)).toBe(1);
  });

  it('defaults the burst to 50 ms worth of bytes, at least one', () => {
    expect(new RateLimiter({ bitsPerSecond: 2_000_000 }).burst).toBe(12_500);
    expect(new RateLimiter({ bitsPerSecond: 8 }).burst).toBe(1);
  });

  it('rejects a rate or burst that is not positive', () => {
    expect(() => new RateLimiter({ bitsPerSecond: 0 })).toThrow(SgcError);
    expect(() => new RateLimiter({ bitsPerSecond: Number.NaN })).toThrow(/bitsPerSecond/);
    expect(() => new RateLimiter({ bitsPerSecond: 8, burst: 0.5 })).toThrow(/burst/);
  });
});

/** A stand-in socket whose write() reports a full buffer when told to. */
class FakeSocket extends EventEmitter {
  readonly written: Buffer[] = [];
  full = false;
  ended = false;
  write(chunk: Uint8Array, callback?: () => void): boolean {
    this.written.push(Buffer.from(chunk));
    callback?.();
    return !this.full;
  }
  end(): void {
    this.ended = true;
  }
}

describe('ThrottledWriter', () => {
  it('stops at a full socket buffer and goes on at drain, in order', () => {
    const socket = new FakeSocket();
    const limiter = new RateLimiter({ bitsPerSecond: 8e9, burst: 1e9 });
    const writer = new ThrottledWriter(socket as unknown as Socket, limiter);
    socket.full = true;
    writer.write(Buffer.from('one'));
    writer.write(Buffer.from('two'));
    writer.write(Buffer.from('three'));
    expect(socket.written.map(String)).toEqual(['one']);
    expect(writer.pendingBytes).toBe(8);
    socket.full = false;
    socket.emit('drain');
    expect(socket.written.map(String)).toEqual(['one', 'two', 'three']);
    expect(writer.pendingBytes).toBe(0);
    writer.dispose();
  });

  it('ends the socket only after the queue is written', () => {
    const socket = new FakeSocket();
    const writer = new ThrottledWriter(socket as unknown as Socket, new RateLimiter({ bitsPerSecond: 8e9, burst: 1e9 }));
    socket.full = true;
    writer.write(Buffer.from('a'));
    writer.write(Buffer.from('b'));
    writer.end();
    expect(socket.ended).toBe(false);
    socket.full = false;
    socket.emit('drain');
    expect(socket.ended).toBe(true);
    expect(() => writer.write(Buffer.from('c'))).toThrow(/ended/);
    writer.dispose();
  });

  it('refuses a second writer on the same socket', () => {
    const socket = new FakeSocket();
    const first = new ThrottledWriter(socket as unknown as Socket, undefined);
    expect(() => new ThrottledWriter(socket as unknown as Socket, undefined)).toThrow(/already has a throttled writer/);
    first.dispose();
    new ThrottledWriter(socket as unknown as Socket, undefined).dispose();
  });

  it('fails queued writes with SGC_ERR_CONNECTION_CLOSED when the socket closes, and leaves no timer', async () => {
    const { client, server, dispose } = await socketPair();
    pairs.push(dispose);
    const timersBefore = liveTimers();
    const writer = new ThrottledWriter(client, new RateLimiter({ bitsPerSecond: 80_000 }));
    const results: Array<Error | null | undefined> = [];
    writer.write(Buffer.alloc(100), (error) => results.push(error));
    writer.write(Buffer.alloc(50_000), (error) => results.push(error));
    expect(writer.pendingBytes).toBeGreaterThan(40_000);
    expect(liveTimers()).toBe(timersBefore + 1);
    const closed = new Promise((resolve) => client.once('close', resolve));
    server.destroy();
    client.destroy();
    await closed;
    expect(results[0]).toBeFalsy();
    expect(results[1]).toBeInstanceOf(SgcError);
    expect((results[1] as SgcError).code).toBe(ErrorCode.ConnectionClosed);
    expect(writer.pendingBytes).toBe(0);
    expect(liveTimers()).toBe(timersBefore);
  });
});

describe('throttling over loopback', () => {
  const bitsPerSecond = 2_000_000;
  const total = 500_000; // 2 s at 2 Mbit/s

  it.concurrent('sends at 2 Mbit/s within 5%, in order, and reports the bytes waiting', async ({ expect }) => {
    const { client, server, dispose } = await socketPair();
    pairs.push(dispose);
    let drains = 0;
    const throttle = new Throttle({ bitsPerSecond });
    throttle.attachWriter(client, () => drains++);
    const frames = Array.from({ length: 50 }, (_, i) => pattern(total / 50, i));
    const received: Buffer[] = [];
    let receivedBytes = 0;
    let last = 0;
    const done = new Promise<void>((resolve) => {
      server.on('data', (chunk: Buffer) => {
        received.push(chunk);
        receivedBytes += chunk.length;
        last = performance.now();
        if (receivedBytes >= total) resolve();
      });
    });
    const start = performance.now();
    for (const frame of frames) throttle.write(frame);
    expect(throttle.bufferedAmount).toBeGreaterThan(total - 20_000);
    await done;
    const measured = (receivedBytes * 8) / ((last - start) / 1000);
    expect(measured / bitsPerSecond).toBeGreaterThan(0.95);
    expect(measured / bitsPerSecond).toBeLessThan(1.05);
    expect(Buffer.concat(received).equals(Buffer.concat(frames))).toBe(true);
    expect(throttle.bufferedAmount).toBe(0);
    expect(drains).toBe(1);
    throttle.dispose();
  });

  it.concurrent('receives at 2 Mbit/s within 5% by pausing the socket, holding a bounded backlog', async ({ expect }) => {
    const { client, server, dispose } = await socketPair();
    pairs.push(dispose);
    const throttle = new Throttle({ bitsPerSecond });
    const data = pattern(total, 3);
    const received: Buffer[] = [];
    let receivedBytes = 0;
    let last = 0;
    let maxBacklog = 0;
    let pausedSeen = false;
    const done = new Promise<void>((resolve) => {
      throttle.attachReader(server, (chunk) => {
        received.push(chunk);
        receivedBytes += chunk.length;
        last = performance.now();
        maxBacklog = Math.max(maxBacklog, throttle.reader!.pendingBytes);
        pausedSeen ||= throttle.reader!.isPausingSocket && server.isPaused();
        if (receivedBytes >= total) resolve();
      });
    });
    const start = performance.now();
    client.write(data);
    await done;
    const measured = (receivedBytes * 8) / ((last - start) / 1000);
    expect(measured / bitsPerSecond).toBeGreaterThan(0.95);
    expect(measured / bitsPerSecond).toBeLessThan(1.05);
    expect(Buffer.concat(received).equals(data)).toBe(true);
    expect(pausedSeen).toBe(true);
    // The default 64 KiB high-water mark plus at most one read from the kernel.
    expect(maxBacklog).toBeLessThanOrEqual(128 * 1024);
    expect(server.isPaused()).toBe(false);
    throttle.dispose();
  });
});

describe('Throttle', () => {
  it('hands received bytes still waiting to the reader before other close listeners run', async () => {
    const { client, server, dispose } = await socketPair();
    pairs.push(dispose);
    const throttle = new Throttle({ bitsPerSecond: 80_000 }); // 10 kB/s: most of 20 kB waits
    let delivered = 0;
    let deliveredAtClose = -1;
    let firstData!: () => void;
    const arrived = new Promise<void>((resolve) => (firstData = resolve));
    throttle.attachReader(server, (chunk) => {
      delivered += chunk.length;
      firstData();
    });
    const closed = new Promise<void>((resolve) =>
      server.on('close', () => {
        deliveredAtClose = delivered;
        resolve();
      }),
    );
    client.end(Buffer.alloc(20_000));
    await arrived;
    expect(throttle.reader!.pendingBytes).toBeGreaterThan(0);
    server.destroy();
    await closed;
    expect(deliveredAtClose).toBe(20_000);
  });

  it('passes data straight through in a direction whose rate is 0', async () => {
    const { client, server, dispose } = await socketPair();
    pairs.push(dispose);
    const throttle = new Throttle({ bitsPerSecond: 8, sendBitsPerSecond: 0, receiveBitsPerSecond: 0 });
    expect(throttle.sendLimiter).toBeUndefined();
    expect(throttle.receiveLimiter).toBeUndefined();
    throttle.attachWriter(client);
    const got = new Promise<Buffer>((resolve) => throttle.attachReader(server, resolve));
    throttle.write(Buffer.alloc(100_000, 7));
    expect(throttle.bufferedAmount).toBe(0);
    expect((await got)[0]).toBe(7);
    throttle.dispose();
  });

  it('limits each direction on its own bucket', () => {
    const throttle = new Throttle({ bitsPerSecond: 8000, receiveBitsPerSecond: 16_000 });
    expect(throttle.sendLimiter!.bytesPerSecond).toBe(1000);
    expect(throttle.receiveLimiter!.bytesPerSecond).toBe(2000);
  });

  it('stops its timers on dispose', async () => {
    const { client, server, dispose } = await socketPair();
    pairs.push(dispose);
    const timersBefore = liveTimers();
    const throttle = new Throttle({ bitsPerSecond: 8000 });
    throttle.attachWriter(client);
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => (arrived = resolve));
    throttle.attachReader(server, () => arrived());
    throttle.write(Buffer.alloc(5000));
    client.write(Buffer.alloc(5000)); // unthrottled from the other side, to fill the reader
    await received;
    expect(liveTimers()).toBe(timersBefore + 2);
    throttle.dispose();
    expect(liveTimers()).toBe(timersBefore);
    expect(throttle.bufferedAmount).toBe(0);
  });

  it('refuses writes with no writer attached and a second reader', async () => {
    const { server, dispose } = await socketPair();
    pairs.push(dispose);
    const throttle = new Throttle({ bitsPerSecond: 8000 });
    expect(() => throttle.write(Buffer.alloc(1))).toThrow(/No writer/);
    throttle.attachReader(server, () => {});
    expect(() => throttle.attachReader(server, () => {})).toThrow(/already attached/);
    expect(() => new ThrottledReader(server, undefined, () => {})).toThrow(/already has a throttled reader/);
    expect(() => new Throttle({ bitsPerSecond: -1 })).toThrow(/bitsPerSecond/);
    throttle.dispose();
  });
});
