import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeClients, openClient } from './fixtures/proxy-clients.js';
import { next, startProxy, stopProxies } from './fixtures/proxy-server.js';
import { closeTargets, pattern, startTarget } from './fixtures/proxy-targets.js';

afterEach(async () => {
  closeClients();
  await stopProxies();
  await closeTargets();
});

const MiB = 1024 * 1024;

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('TcpProxy backpressure', () => {
  it('pauses the client while the target does not read, keeps its own buffer small, and loses nothing', async () => {
    const total = 24 * MiB;
    const received: Buffer[] = [];
    let receivedLength = 0;
    let gotAll!: () => void;
    const all = new Promise<void>((resolve) => (gotAll = resolve));
    // A target that reads nothing until told to.
    const target = await startTarget((socket) => {
      socket.pause();
      socket.on('data', (chunk: Buffer) => {
        received.push(chunk);
        receivedLength += chunk.length;
        if (receivedLength === total) gotAll();
      });
    });
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: target.port } });
    const connected = next(proxy, 'connect');
    const { ws } = await openClient(url);
    const [session] = await connected;
    const paused = next(proxy, 'backpressure');
    const data = pattern(total);
    for (let offset = 0; offset < total; offset += 64 * 1024) ws.send(data.subarray(offset, offset + 64 * 1024));

    const [pausedSession, direction, isPaused] = await paused;
    expect([pausedSession, direction, isPaused]).toEqual([session, 'toTarget', true]);
    // The proxy holds at most what it had already read; the rest waits on the client's side.
    expect(session.bufferedToTarget).toBeLessThan(256 * 1024);
    expect(ws.bufferedAmount).toBeGreaterThan(total / 2);
    expect(session.bytesToTarget).toBeLessThan(total / 2);

    const resumed = next(proxy, 'backpressure');
    (await target.accepted()).resume();
    expect((await resumed).slice(1)).toEqual(['toTarget', false]);
    await all;
    expect(sha256(Buffer.concat(received))).toBe(sha256(data));

    const ended = next(proxy, 'disconnect');
    ws.close();
    const [, stats] = await ended;
    expect(stats.bytesToTarget).toBe(total);
    expect(stats.peakBufferedToTarget).toBeLessThan(256 * 1024);
  });

  it('pauses the target while the client does not read, keeps its own buffer near the high-water mark, and loses nothing', async () => {
    const total = 16 * MiB;
    const highWaterMark = 256 * 1024;
    const data = pattern(total, 7);
    let targetBlocked!: () => void;
    const blocked = new Promise<void>((resolve) => (targetBlocked = resolve));
    // A target that writes as fast as the proxy reads, then ends.
    const target = await startTarget((socket: Socket) => {
      let offset = 0;
      const pump = (): void => {
        while (offset < total) {
          const chunk = data.subarray(offset, offset + 64 * 1024);
          offset += chunk.length;
          if (!socket.write(chunk)) {
            targetBlocked();
            socket.once('drain', pump);
            return;
          }
        }
        socket.end();
      };
      pump();
    });
    const { url, proxy } = await startProxy({ target: { host: '127.0.0.1', port: target.port } }, { highWaterMark });
    const paused = next(proxy, 'backpressure');
    const ended = next(proxy, 'disconnect');
    const { ws, reader, closed } = await openClient(url);
    ws.pause();

    const [session, direction, isPaused] = await paused;
    expect([direction, isPaused]).toEqual(['toClient', true]);
    expect(session.bufferedToClient).toBeLessThan(highWaterMark + 128 * 1024);
    // The target feels it: its writes back up because the proxy stopped reading.
    await blocked;
    expect(session.bytesFromTarget).toBeLessThan(total / 2);

    ws.resume();
    const all = await reader.read(total);
    expect(sha256(all)).toBe(sha256(data));
    expect(await closed).toEqual({ code: 1000, reason: '' });
    const [, stats] = await ended;
    expect(stats.bytesFromTarget).toBe(total);
    expect(stats.peakBufferedToClient).toBeLessThan(highWaterMark + 128 * 1024);
  });
});
