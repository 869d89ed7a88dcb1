import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ErrorCode, type SgcError } from '@sgc/frame';
import { WebSocketServer } from '../src/index.js';

let server: WebSocketServer | undefined;
let blocker: Server | undefined;
afterEach(async () => {
  blocker?.close();
  blocker = undefined;
  await server?.stop();
  server = undefined;
});

async function echo(url: string, text: string): Promise<string> {
  const ws = new WebSocket(url);
  await once(ws, 'open');
  ws.send(text);
  const [data] = await once(ws, 'message');
  ws.close();
  await once(ws, 'close');
  return (data as Buffer).toString();
}

describe('server watchdog', () => {
  it('listens again on the same port after an unexpected stop, keeping open connections', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, watchdog: { interval: 50 } });
    server.on('message', (conn, text) => conn.send(text));
    await server.start();
    const port = server.port;
    const url = `ws://127.0.0.1:${port}`;
    const kept = new WebSocket(url);
    await once(kept, 'open');

    const restarted = once(server, 'restart') as Promise<[AddressInfo, number]>;
    server.acceptors[0]!.close();
    expect(server.acceptors[0]!.listening).toBe(false);
    const [address, attempt] = await restarted;
    expect([address.port, attempt]).toEqual([port, 1]);
    expect(await echo(url, 'after restart')).toBe('after restart');

    kept.send('still here');
    const [data] = await once(kept, 'message');
    expect((data as Buffer).toString()).toBe('still here');
    kept.close();
    await once(kept, 'close');
  });

  it('gives up after `attempts` failures while the port is taken', async () => {
    const interval = 30;
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, watchdog: { interval, attempts: 2 } });
    const failures: Array<[string, number]> = [];
    const secondFailure = new Promise<void>((resolve) => {
      server!.on('listenError', (error: SgcError, attempt) => {
        failures.push([error.code, attempt]);
        if (attempt === 2) resolve();
      });
    });
    await server.start();
    const port = server.port;
    server.acceptors[0]!.close();
    // Take the port before the watchdog's next check (the bind below is synchronous for an IP address).
    blocker = createServer().listen(port, '127.0.0.1');
    await secondFailure;
    expect(failures).toEqual([
      [ErrorCode.Socket, 1],
      [ErrorCode.Socket, 2],
    ]);
    blocker.close();
    blocker = undefined;
    // Nothing can signal a retry that must not happen: give the watchdog several intervals to misbehave.
    await delay(interval * 6);
    expect(failures).toHaveLength(2);
    expect(server.acceptors[0]!.listening).toBe(false);
  });

  it('does not restart listeners that stop() closed, and rejects a bad interval', async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0, watchdog: { interval: 20 } });
    let restarts = 0;
    server.on('restart', () => restarts++);
    await server.start();
    const acceptor = server.acceptors[0]!;
    await server.stop();
    await delay(100);
    expect([restarts, acceptor.listening]).toEqual([0, false]);

    for (const watchdog of [{ interval: 0 }, { attempts: -1 }]) {
      expect(() => new WebSocketServer({ watchdog })).toThrow(expect.objectContaining({ code: ErrorCode.InvalidArgument }));
    }
  });
});
